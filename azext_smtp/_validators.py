"""Argument validation with azclierror messages (what, why, how to fix)."""


def validate_edition(namespace):
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.rules import CURRENT_EDITION, available_editions
    if namespace.edition is None:
        namespace.edition = CURRENT_EDITION
    elif namespace.edition not in available_editions():
        raise InvalidArgumentValueError(
            f"Unknown rules edition '{namespace.edition}'.",
            f"Use one of: {', '.join(available_editions())} (see `az smtp rules`).")


def validate_check_scope(namespace):
    from azure.cli.core.azclierror import MutuallyExclusiveArgumentError
    if getattr(namespace, "all_subscriptions", False) and (
            getattr(namespace, "_subscription", None) or getattr(namespace, "resource_group_name", None)):
        raise MutuallyExclusiveArgumentError(
            "--all-subscriptions cannot be combined with --subscription or --resource-group.",
            "Drop --all-subscriptions to judge one subscription or group, or drop the others to judge them all.")
