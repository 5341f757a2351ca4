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


def validate_language(cmd, namespace):
    """--language, else `az config` smtp.language, else English; a bad configured value is an error, not English."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
    given = getattr(namespace, "language", None)
    if given:
        if given.lower() not in LANGUAGES:
            raise InvalidArgumentValueError(f"--language '{given}' is not one of {', '.join(LANGUAGES)}.",
                                            "Example: --language tr (Turkish) or --language de (German).")
        namespace.language = given.lower()
        return
    configured = cmd.cli_ctx.config.get("smtp", "language", None)
    if configured and configured.strip().lower() not in LANGUAGES:
        raise InvalidArgumentValueError(
            f"az config smtp.language is '{configured}', which is not one of {', '.join(LANGUAGES)}.",
            "Set it with `az config set smtp.language=tr` (or de, en), or clear it with `az config unset "
            "smtp.language`.")
    namespace.language = configured.strip().lower() if configured else DEFAULT_LANGUAGE


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
    subscriptions = _id_subscriptions(getattr(namespace, "vm_ids", None))
    if getattr(namespace, "offer", None) and len(subscriptions) > 1:
        raise MutuallyExclusiveArgumentError(
            f"--offer states the offer of one subscription, but --ids name {len(subscriptions)}: "
            f"{', '.join(subscriptions)}.",
            "Give --offer with the ids of one subscription at a time.")


def _id_subscriptions(ids):
    """The distinct subscriptions (lower case, in order) of the ids that parse; the ids' own validator refuses
    the others."""
    from azext_smtp.core.resource_ids import SCALE_SET, VM_KINDS, parse_id
    found = []
    for value in ids or []:
        try:
            found.append(parse_id(value, VM_KINDS + (SCALE_SET,)).subscription.lower())
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(found))


def _ids_of(flag: str, values, kinds):
    """Each id parsed against the kinds the command accepts, before any request: anything else is an az error
    naming what is accepted."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.core.resource_ids import parse_id
    from azext_smtp.sanitize import clean
    for value in values or []:
        try:
            parse_id(value, kinds)
        except ValueError as err:
            raise InvalidArgumentValueError(f"{flag}: {clean(str(err))}.",
                                            "Copy the id from `az vm show -g GROUP -n NAME --query id -o tsv` (VMs), "
                                            "`az vmss list-instances` (scale-set instances) or `az webapp show` "
                                            "(apps).") from err


def _names(namespace, *flags):
    """-g, -n and --slot: a name, not empty nor holding characters Azure names never hold (nor an id)."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.core.resource_ids import check_name
    from azext_smtp.sanitize import clean
    for flag, attr in flags:
        value = getattr(namespace, attr, None)
        if value is not None:
            try:
                check_name(str(value), flag)
            except ValueError as err:
                raise InvalidArgumentValueError(f"{clean(str(err))}.",
                                                "Give the name alone (a resource id goes to --ids).") from err


def validate_vm_reference(namespace):
    """explain-vm and probe: --ids, or -g and -n. `probe` also takes a scale set's id, to name its instances."""
    from azure.cli.core.azclierror import MutuallyExclusiveArgumentError, RequiredArgumentMissingError
    if namespace.vm_ids and (namespace.vm_name or namespace.resource_group_name):
        raise MutuallyExclusiveArgumentError("--ids cannot be combined with --name or --resource-group.",
                                             "Give either --ids ID [ID ...], or -g GROUP -n NAME.")
    if not namespace.vm_ids and not (namespace.vm_name and namespace.resource_group_name):
        raise RequiredArgumentMissingError("Which VM? Both --resource-group and --name are needed (or --ids).",
                                           "Example: az smtp explain-vm -g mail-rg -n mailvm1")
    from azext_smtp.core.resource_ids import SCALE_SET, VM_KINDS
    _ids_of("--ids", namespace.vm_ids, VM_KINDS + ((SCALE_SET,) if hasattr(namespace, "target") else ()))
    _names(namespace, ("--name", "vm_name"), ("--resource-group", "resource_group_name"))


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
    from azext_smtp.core.resource_ids import VM_KINDS
    _ids_of("--ids", namespace.vm_ids, VM_KINDS)


def validate_app_reference(namespace):
    from azure.cli.core.azclierror import MutuallyExclusiveArgumentError, RequiredArgumentMissingError
    if namespace.app_id and (namespace.app_name or namespace.resource_group_name or namespace.slot):
        raise MutuallyExclusiveArgumentError("--ids cannot be combined with --name, --resource-group or --slot.",
                                             "Give either --ids ID, or -g GROUP -n NAME [--slot SLOT].")
    if not namespace.app_id and not (namespace.app_name and namespace.resource_group_name):
        raise RequiredArgumentMissingError("Which app? Both --resource-group and --name are needed (or --ids).",
                                           "Example: az smtp explain-app -g web-rg -n contoso-web")
    from azext_smtp.core.resource_ids import APP_KINDS
    _ids_of("--ids", [namespace.app_id] if namespace.app_id else [], APP_KINDS)
    _names(namespace, ("--name", "app_name"), ("--resource-group", "resource_group_name"), ("--slot", "slot"))


def validate_destination(namespace):
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.core.arguments import check_destination
    try:
        check_destination(namespace.destination)
    except ValueError as err:
        raise InvalidArgumentValueError(f"--{err}.", "Give the receiving mail server's public IPv4 address (its MX "
                                        "host's A record, e.g. from `nslookup -q=mx`), or leave --destination out to "
                                        "judge any internet receiver.") from err


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
    from azext_smtp.core.exemption import BLOCK_STARTED
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if moment > datetime.now(timezone.utc):
        raise InvalidArgumentValueError(f"--exempted-at {moment.isoformat()} is in the future.",
                                        "Give the date the exemption was granted (the day you ran the diagnostic).")
    if moment < BLOCK_STARTED:
        raise InvalidArgumentValueError(f"--exempted-at {moment.isoformat()} is before Azure began blocking TCP 25 "
                                        f"({BLOCK_STARTED.date()}): no exemption can date from then.",
                                        "Give the date the exemption was granted, e.g. --exempted-at 2026-11-20 "
                                        "(the day you ran the diagnostic or the support request was accepted).")
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
