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


def check(cmd, *, resource_group_name=None, all_subscriptions=False, subscriptions=None, edition=None,
          destination=None, exempted_at=None, offer=None):
    from azext_smtp._client_factory import CliClients
    from azext_smtp.scan import check as run
    ids = _subscription_ids(cmd, all_subscriptions, subscriptions)
    with _scope_errors():
        return _warn(run(CliClients(cmd.cli_ctx), ids, resource_group_name,
                         _options(edition, destination, exempted_at, offer)))


def explain_vm(cmd, *, resource_group_name=None, vm_name=None, vm_id=None, edition=None, destination=None,
               exempted_at=None, offer=None):
    from azure.cli.core.commands.client_factory import get_subscription_id
    from azext_smtp._client_factory import CliClients
    from azext_smtp.core.ids import subscription_of
    from azext_smtp.scan import by_id, by_name, explain_vm as run
    if vm_id:
        subscription_id, wanted, description = subscription_of(vm_id), by_id(vm_id), vm_id
    else:
        subscription_id = get_subscription_id(cmd.cli_ctx)
        wanted = by_name(resource_group_name, vm_name)
        description = f"{vm_name} in resource group {resource_group_name}"
    with _scope_errors():
        return _warn(run(CliClients(cmd.cli_ctx), subscription_id, wanted, description,
                         _options(edition, destination, exempted_at, offer)))


def complete_exemption(cmd, *, exempted_at=None, resource_group_name=None, yes=False, edition=None, offer=None):
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
    progress = _Progress(cmd.cli_ctx)
    with _scope_errors():
        done = run(CliClients(cmd.cli_ctx), get_subscription_id(cmd.cli_ctx), resource_group_name,
                   _options(edition, exempted_at=exempted_at, offer=offer), execute_plan=yes, progress=progress)
    if done.outcomes:
        progress.end()
    for outcome in done.failed:
        get_logger(__name__).error("%s %s %s: %s", outcome.item.kind, outcome.item.name,
                                   outcome.status.replace("-", " "), outcome.error)
    return completion_output(done)


class _Progress:
    """az's progress bar for complete-exemption, off where az turns its own off (--only-show-errors,
    core.disable_progress_bar)."""

    def __init__(self, cli_ctx):
        off = cli_ctx.only_show_errors or cli_ctx.config.getboolean("core", "disable_progress_bar", False)
        self.hook = None if off else cli_ctx.get_progress_controller(det=True)

    def __call__(self, at, total, text):
        if self.hook:
            self.hook.add(message=f"[{int(at + 0.5)}/{total}] {text}"[:60], value=at, total_val=total)

    def end(self):
        if self.hook:
            self.hook.end()


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
    subs = [s for s in Profile(cli_ctx=cmd.cli_ctx).load_cached_subscriptions()
            if s.get("environmentName") == cmd.cli_ctx.cloud.name]
    if all_subscriptions:
        return [s["id"] for s in subs if s.get("state") == "Enabled"]
    by_key = {k.lower(): s["id"] for s in subs for k in (s["id"], s.get("name") or "")}
    unknown = [n for n in named if n.lower() not in by_key]
    if unknown:
        from azure.cli.core.azclierror import InvalidArgumentValueError
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
