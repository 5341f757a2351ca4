"""Argument validation with azclierror messages (what, why, how to fix)."""


def validate_edition(namespace):
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.core.editions import CURRENT_EDITION, available_editions
    if namespace.edition is None:
        namespace.edition = CURRENT_EDITION
    elif namespace.edition not in available_editions():
        raise InvalidArgumentValueError(
            f"Unknown rules edition '{namespace.edition}'.",
            f"Use one of: {', '.join(available_editions())} (see `az smtp rules`).")


def validate_check_scope(namespace):
    from azure.cli.core.azclierror import MutuallyExclusiveArgumentError
    several = [flag for flag, given in (("--all-subscriptions", getattr(namespace, "all_subscriptions", False)),
                                        ("--subscriptions", getattr(namespace, "subscriptions", None)),
                                        ("--management-group", getattr(namespace, "management_group", None)))
               if given]
    if several and getattr(getattr(namespace, "resource_group_name", None), "is_default", False):
        namespace.resource_group_name = None  # az's configured default group does not narrow several subscriptions
    if len(several) > 1:
        raise MutuallyExclusiveArgumentError(f"{' and '.join(several)} cannot be combined.", "Give one of them.")
    if several and (getattr(namespace, "_subscription", None) or getattr(namespace, "resource_group_name", None)):
        raise MutuallyExclusiveArgumentError(
            f"{several[0]} cannot be combined with --subscription or --resource-group.",
            f"Drop {several[0]} to judge one subscription or group, or drop the others to judge several.")


def validate_offer(namespace):
    from azure.cli.core.azclierror import MutuallyExclusiveArgumentError
    if getattr(namespace, "offer", None) and (getattr(namespace, "all_subscriptions", False) or
                                              getattr(namespace, "subscriptions", None) or
                                              getattr(namespace, "management_group", None)):
        raise MutuallyExclusiveArgumentError(
            "--offer cannot be combined with --all-subscriptions, --subscriptions or --management-group: it states "
            "the offer of one subscription.",
            "Judge the subscription on its own: az smtp check --subscription NAME --offer FAMILY")


def _vm_id_errors(vm_ids):
    from azure.cli.core.azclierror import InvalidArgumentValueError
    for vm_id in vm_ids or []:
        if "/providers/microsoft.compute/" not in vm_id.lower():
            raise InvalidArgumentValueError(f"'{vm_id}' is not a VM or scale-set instance resource id.",
                                            "Copy the id from `az vm show -g GROUP -n NAME --query id`.")


def validate_vm_reference(namespace):
    from azure.cli.core.azclierror import MutuallyExclusiveArgumentError, RequiredArgumentMissingError
    if namespace.vm_ids and (namespace.vm_name or namespace.resource_group_name):
        raise MutuallyExclusiveArgumentError("--ids cannot be combined with --name or --resource-group.",
                                             "Give either --ids ID [ID ...], or -g GROUP -n NAME.")
    if not namespace.vm_ids and not (namespace.vm_name and namespace.resource_group_name):
        raise RequiredArgumentMissingError("Which VM? Both --resource-group and --name are needed (or --ids).",
                                           "Example: az smtp explain-vm -g mail-rg -n mailvm1")
    _vm_id_errors(namespace.vm_ids)


def validate_vm_ids(namespace):
    """check --ids: the ids name their subscriptions and groups, so no other scope may be given."""
    from azure.cli.core.azclierror import MutuallyExclusiveArgumentError
    if namespace.vm_ids:
        others = [flag for flag, given in (("--resource-group", namespace.resource_group_name),
                                           ("--subscriptions", namespace.subscriptions),
                                           ("--all-subscriptions", namespace.all_subscriptions),
                                           ("--management-group", namespace.management_group)) if given]
        if others:
            raise MutuallyExclusiveArgumentError(f"--ids cannot be combined with {', '.join(others)}.",
                                                 "The ids name their subscriptions and groups: drop the others.")
    _vm_id_errors(namespace.vm_ids)


def validate_app_reference(namespace):
    from azure.cli.core.azclierror import (InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                           RequiredArgumentMissingError)
    if namespace.app_id and (namespace.app_name or namespace.resource_group_name or namespace.slot):
        raise MutuallyExclusiveArgumentError("--ids cannot be combined with --name, --resource-group or --slot.",
                                             "Give either --ids ID, or -g GROUP -n NAME [--slot SLOT].")
    if not namespace.app_id and not (namespace.app_name and namespace.resource_group_name):
        raise RequiredArgumentMissingError("Which app? Both --resource-group and --name are needed (or --ids).",
                                           "Example: az smtp explain-app -g web-rg -n contoso-web")
    if namespace.app_id and "/providers/microsoft.web/sites/" not in namespace.app_id.lower():
        raise InvalidArgumentValueError(f"'{namespace.app_id}' is not a web app, function app or slot resource id.",
                                        "Copy the id from `az webapp show -g GROUP -n NAME --query id`.")


def validate_destination(namespace):
    import ipaddress
    from azure.cli.core.azclierror import InvalidArgumentValueError
    if namespace.destination is None:
        return
    try:
        address = ipaddress.ip_address(namespace.destination)
    except ValueError as err:
        raise InvalidArgumentValueError(
            f"--destination '{namespace.destination}' is not an IP address.",
            "Give the receiving mail server's IPv4 address, e.g. from `nslookup -q=mx`.") from err
    if address.version == 6 and address.is_global:
        raise InvalidArgumentValueError(f"--destination {address}: IPv6 receivers are not evaluated yet.",
                                        "Give the receiver's public IPv4 address (its MX host's A record), or leave "
                                        "--destination out to judge any internet receiver.")
    if address.version != 4 or not address.is_global:
        raise InvalidArgumentValueError(f"--destination {address} is not a public IPv4 address.",
                                        "Port 25 is blocked only towards the internet: give a public receiver.")


def validate_exempted_at(namespace):
    """Parse --exempted-at into an aware UTC datetime; reject the future and unparsable text."""
    from datetime import datetime, timezone
    from azure.cli.core.azclierror import InvalidArgumentValueError
    value = namespace.exempted_at
    if value is None or isinstance(value, datetime):
        return
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as err:
        raise InvalidArgumentValueError(
            f"--exempted-at '{value}' is not an ISO 8601 date or date-time.",
            "Example: --exempted-at 2026-11-20 or --exempted-at 2026-11-20T14:30:00Z") from err
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if moment > datetime.now(timezone.utc):
        raise InvalidArgumentValueError(f"--exempted-at {moment.isoformat()} is in the future.",
                                        "Give the date the exemption was granted (the day you ran the diagnostic).")
    namespace.exempted_at = moment.astimezone(timezone.utc)


def validate_target(namespace):
    """--target HOST[:PORT]: checked here because the host is written into the script the VM runs."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.core.probe import parse_target
    try:
        parse_target(namespace.target)
    except ValueError as err:
        raise InvalidArgumentValueError(f"--target '{namespace.target}': {err}.",
                                        "Example: --target mx.example.com or --target 203.0.113.25:25") from err


def validate_saved_source(namespace):
    """--from-json renders a saved result: no scope may be given beside it."""
    from azure.cli.core.azclierror import MutuallyExclusiveArgumentError
    if not namespace.from_json:
        return
    given = [flag for flag, value in (("--resource-group", namespace.resource_group_name),
                                      ("--subscriptions", namespace.subscriptions),
                                      ("--all-subscriptions", namespace.all_subscriptions),
                                      ("--management-group", namespace.management_group), ("--ids", namespace.vm_ids),
                                      ("--engine", namespace.engine), ("--destination", namespace.destination),
                                      ("--exempted-at", namespace.exempted_at), ("--offer", namespace.offer))
             if value and not getattr(value, "is_default", False)]
    if given:
        raise MutuallyExclusiveArgumentError(f"--from-json cannot be combined with {', '.join(given)}: the saved "
                                             "result was judged already.",
                                             "Drop them, or drop --from-json to judge Azure again.")
