"""Thin command functions: resolve the scope, call scan, map domain errors to azclierror."""
from contextlib import contextmanager


def _options(edition, destination=None, exempted_at=None, offer=None):
    from azext_smtp.scan import Options
    return Options(edition, destination, exempted_at, offer)


def _warn(result):
    """Say on stderr what the evidence did not bear out (the JSON keeps it in subscriptions[].warnings)."""
    from knack.log import get_logger
    for sub in result.get("subscriptions") or [result.get("subscription") or {}]:
        for warning in sub.get("warnings") or []:
            get_logger(__name__).warning("%s: %s", sub.get("displayName") or sub.get("subscriptionId"), warning)
    return result


def _group(resource_group_name):
    """The group's name, and whether it is the default from `az configure --defaults group=...`, which az
    passes as knack's DefaultStr (a str whose `is_default` attribute would otherwise be printed as the group)."""
    if not resource_group_name:
        return None, None
    default = getattr(resource_group_name, "is_default", False)
    if default:
        from knack.log import get_logger
        get_logger(__name__).warning("Scope: resource group %s only, the default set with `az configure --defaults "
                                     "group=%s` (clear it with `az configure --defaults group=''`).",
                                     resource_group_name, resource_group_name)
    return str(resource_group_name), "default" if default else "argument"


def _fail_on(cmd, result, fail_on):
    from azext_smtp.exit_codes import exit_after_output, fail_on_code
    exit_after_output(cmd.cli_ctx, fail_on_code(result, fail_on))
    return result


def check(cmd, *, resource_group_name=None, all_subscriptions=False, subscriptions=None, edition=None,
          destination=None, exempted_at=None, offer=None, fail_on=None):
    from azext_smtp._client_factory import CliClients
    from azext_smtp.scan import check as run
    ids = _subscription_ids(cmd, all_subscriptions, subscriptions)
    group, group_from = _group(resource_group_name)
    with _scope_errors():
        result = _warn(run(CliClients(cmd.cli_ctx), ids, group, _options(edition, destination, exempted_at, offer),
                           group_from))
    return _fail_on(cmd, result, fail_on)


def explain_vm(cmd, *, resource_group_name=None, vm_name=None, vm_id=None, edition=None, destination=None,
               exempted_at=None, offer=None, fail_on=None):
    from azure.cli.core.commands.client_factory import get_subscription_id
    from azext_smtp._client_factory import CliClients
    from azext_smtp.core.ids import subscription_of
    from azext_smtp.scan import by_id, by_name, explain_vm as run
    if vm_id:
        subscription_id, wanted, description = subscription_of(vm_id), by_id(vm_id), vm_id
    else:
        subscription_id = get_subscription_id(cmd.cli_ctx)
        wanted = by_name(str(resource_group_name), vm_name)
        description = f"{vm_name} in resource group {resource_group_name}"
    with _scope_errors():
        result = _warn(run(CliClients(cmd.cli_ctx), subscription_id, wanted, description,
                           _options(edition, destination, exempted_at, offer)))
    return _fail_on(cmd, result, fail_on)


def complete_exemption(cmd, *, exempted_at=None, resource_group_name=None, yes=False, no_wait=False, edition=None,
                       offer=None):
    from azure.cli.core.azclierror import RequiredArgumentMissingError
    from azure.cli.core.commands.client_factory import get_subscription_id
    from knack.log import get_logger
    from azext_smtp._client_factory import CliClients
    from azext_smtp.report import completion_output
    from azext_smtp.scan import complete_exemption as run
    if exempted_at is None:
        raise RequiredArgumentMissingError("--exempted-at is required.",
                                           "Give the date the exemption was granted, e.g. --exempted-at 2026-11-20: "
                                           "it tells which VMs and VNets were already refreshed since.")
    from azext_smtp.exit_codes import STEP_FAILED, exit_after_output
    logger = get_logger(__name__)
    with _scope_errors():
        done = run(CliClients(cmd.cli_ctx), get_subscription_id(cmd.cli_ctx), _group(resource_group_name)[0],
                   _options(edition, exempted_at=exempted_at, offer=offer), execute_plan=yes, no_wait=no_wait,
                   progress=logger.warning)
    for outcome in done.failed:
        logger.error("%s %s failed: %s", outcome.item.kind, outcome.item.name, outcome.error)
    exit_after_output(cmd.cli_ctx, STEP_FAILED if done.failed else 0)
    return completion_output(done)


def list_rules(edition=None, kind=None):
    from azext_smtp.core.editions import load_edition
    from azext_smtp.report import rules_output
    return rules_output(load_edition(edition), kind)


def _subscription_ids(cmd, all_subscriptions=False, named=None):
    """The current subscription (or --subscription), the ones --subscriptions names (ids or names, resolved in
    the local profile like --subscription), or every enabled one in the local profile."""
    from azure.cli.core.commands.client_factory import get_subscription_id
    if not (all_subscriptions or named):
        return [get_subscription_id(cmd.cli_ctx)]
    from azure.cli.core._profile import Profile
    from azure.cli.core.azclierror import InvalidArgumentValueError, ResourceNotFoundError, UnauthorizedError
    subs = [s for s in Profile(cli_ctx=cmd.cli_ctx).load_cached_subscriptions()
            if s.get("environmentName") == cmd.cli_ctx.cloud.name]
    if not subs:
        raise UnauthorizedError(f"Not logged in to cloud {cmd.cli_ctx.cloud.name}: no subscription to judge.",
                                "Run `az login` (or `az login --identity`), then `az account list -o table`.")
    if all_subscriptions:
        enabled = [s["id"] for s in subs if s.get("state") == "Enabled"]
        if not enabled:
            raise ResourceNotFoundError("No enabled subscription in the logged-in account.",
                                        "See their states with `az account list --all -o table`, or "
                                        "`az login` with an account that has one.")
        return enabled
    by_key = {k.lower(): s["id"] for s in subs for k in (s["id"], s.get("name") or "")}
    unknown = [n for n in named if n.lower() not in by_key]
    if unknown:
        raise InvalidArgumentValueError(f"--subscriptions: {', '.join(unknown)} not found in the logged-in account.",
                                        "List them with `az account list -o table` (names or ids).")
    return list(dict.fromkeys(by_key[n.lower()] for n in named))


@contextmanager
def _scope_errors():
    """Turn not-found domain errors into ResourceNotFoundError with a fix, never a traceback."""
    from azure.cli.core.azclierror import ResourceNotFoundError
    from azext_smtp.collect.reader import ScopeNotFound
    from azext_smtp.scan import VmNotFound
    try:
        yield
    except ScopeNotFound as exc:
        raise ResourceNotFoundError(str(exc), "Check the name with `az group list -o table`, "
                                              "or pick another subscription with --subscription.") from exc
    except VmNotFound as exc:
        raise ResourceNotFoundError(f"VM or scale-set instance {exc} was not found.",
                                    "List them with `az smtp check -o table` or `az vm list -o table`; scale-set "
                                    "instances are named like myscaleset_0.") from exc
