"""Thin command functions: resolve the scope, call scan, map domain errors to azclierror."""
from contextlib import contextmanager


def _options(edition, destination=None, exempted_at=None, offer=None, engine=None):
    from azext_smtp.scan import Options
    return Options(edition, destination, exempted_at, offer, None if engine == "auto" else engine)


def _spoken(result, language):
    """The result in the reader's language (--language or `az config` smtp.language, resolved by
    validate_language); the table transformer speaks it too."""
    from azext_smtp import _format
    from azext_smtp.report import localized
    _format.use_language(language)
    return localized(result, language)


def _said(language, text):
    """A message of data/i18n (a Text) in `language` (en when None)."""
    from azext_smtp.core.i18n import say
    return say(text, language or "en")


def _warn(result):
    """Say on stderr what the evidence did not bear out (the JSON keeps it in subscriptions[].warnings), wrapped
    to fit a 120-column terminal after az's `WARNING: ` prefix."""
    import textwrap
    from knack.log import get_logger
    from azext_smtp.sanitize import clean
    for sub in result.get("subscriptions") or [result.get("subscription") or {}]:
        for warning in sub.get("warnings") or []:
            said = f"{clean(sub.get('displayName') or sub.get('subscriptionId'))}: {clean(warning)}"
            get_logger(__name__).warning("%s", "\n".join(textwrap.wrap(said, 120 - len("WARNING: "))))
    return result


def _shown(cmd, result):
    """The result as the chosen output shows it: JSON keeps remote text exact (its encoder escapes control
    characters); table, TSV, YAML and none print strings as they are, so theirs are cleaned (sanitize.py)."""
    from azext_smtp.sanitize import clean_all
    output = (getattr(cmd.cli_ctx, "invocation", None) and cmd.cli_ctx.invocation.data.get("output")) or "json"
    return result if output in ("json", "jsonc") else clean_all(result)


def _group(resource_group_name, language=None):
    """The group's name, and whether it is the default from `az configure --defaults group=...`, which az
    passes as knack's DefaultStr (a str whose `is_default` attribute would otherwise be printed as the group);
    the warning that says so is in `language`."""
    if not resource_group_name:
        return None, None
    default = getattr(resource_group_name, "is_default", False)
    if default:
        from knack.log import get_logger
        from azext_smtp.core.i18n import message
        get_logger(__name__).warning("%s", _said(language, message("scope.default-group",
                                                                   group=str(resource_group_name))))
    return str(resource_group_name), "default" if default else "argument"


def _fail_on(cmd, result, fail_on):
    from azext_smtp.exit_codes import exit_after_output, fail_on_code
    exit_after_output(cmd.cli_ctx, fail_on_code(result, fail_on))
    return _shown(cmd, result)


# pylint: disable=unused-argument  # the scope arguments reach _checked through locals()
def check(cmd, *, resource_group_name=None, all_subscriptions=False, subscriptions=None, management_group=None,
          vm_ids=None, engine=None, edition=None, destination=None, exempted_at=None, offer=None, fail_on=None,
          baseline_file=None, language=None):
    checked = _checked(cmd, language=language, **_scope(locals()))
    return _fail_on(cmd, _baselined(checked, baseline_file, language), fail_on)
# pylint: enable=unused-argument


# The arguments `check`, `report` and `baseline create` share: what to judge, and how.
_SCOPE = ("resource_group_name", "all_subscriptions", "subscriptions", "management_group", "vm_ids", "engine",
          "edition", "destination", "exempted_at", "offer")


def _scope(arguments):
    return {name: arguments[name] for name in _SCOPE}


def _checked(cmd, *, resource_group_name, all_subscriptions, subscriptions, management_group, vm_ids, engine, edition,
             destination, exempted_at, offer, language=None):
    """`check`'s result for its scope arguments (shared by `report` and `baseline create`)."""
    from azext_smtp._client_factory import CliClients
    from azext_smtp.heap import until_printed
    from azext_smtp.scan import check as run, check_vms
    options = _options(edition, destination, exempted_at, offer, engine)
    until_printed(cmd.cli_ctx)
    clients = CliClients(cmd.cli_ctx)
    with _scope_errors():
        if vm_ids:
            return _warn(_spoken(check_vms(clients, _vm_refs(cmd, vm_ids=vm_ids), options), language))
        ids = _group_subscriptions(clients, management_group) if management_group else \
            _subscription_ids(cmd, all_subscriptions, subscriptions)
        group, group_from = _group(resource_group_name, language)
        with _progress(cmd) as progress:
            return _warn(_spoken(run(clients, ids, group, options, progress, group_from=group_from), language))


def _group_subscriptions(clients, group):
    """The enabled subscriptions under management group `group`, asked of Resource Graph."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azure.core.exceptions import HttpResponseError
    from azext_smtp.collect import pager
    from azext_smtp.collect.graph import Session
    from azext_smtp.sanitize import clean
    hint = "List the groups you can read with `az account management-group list -o table` (name column)."
    try:
        ids = Session(clients.graph()).management_group_subscriptions(group)
    except HttpResponseError as err:
        said = clean(getattr(getattr(err, "error", None), "message", None) or err.reason)
        raise InvalidArgumentValueError(f"--management-group {group}: Resource Graph answered {err.status_code} "
                                        f"{clean(pager.error_code(err) or '')}: {said}", hint) from err
    if not ids:
        raise InvalidArgumentValueError(f"--management-group {group}: no enabled subscription under it is visible "
                                        "to you.", hint)
    return ids


def explain_vm(cmd, *, resource_group_name=None, vm_name=None, vm_ids=None, edition=None, destination=None,
               exempted_at=None, offer=None, fail_on=None, baseline_file=None, language=None):
    """One explanation for one VM; a list of them, in the order given, for several --ids (as `az vm show --ids`)."""
    from azext_smtp._client_factory import CliClients
    from azext_smtp.scan import explain_vms
    with _scope_errors():
        found = explain_vms(CliClients(cmd.cli_ctx), _vm_refs(cmd, resource_group_name, vm_name, vm_ids, language),
                            _options(edition, destination, exempted_at, offer))
    found = _spoken(found, language)
    _warn({"subscriptions": list({r["subscription"]["subscriptionId"]: r["subscription"] for r in found}.values())})
    if baseline_file:  # marks the explained VMs only: the rest of the baseline is about other VMs
        from azext_smtp.render.baseline import mark
        mark(found, _accepted(baseline_file), _today())
    return _fail_on(cmd, found if vm_ids and len(vm_ids) > 1 else found[0], fail_on)


def _vm_refs(cmd, resource_group_name=None, vm_name=None, vm_ids=None, language=None):
    """The VMs --ids names, or the one -g/-n names in the current subscription."""
    from azure.cli.core.commands.client_factory import get_subscription_id
    from azext_smtp.collect.path import VmRef
    if vm_ids:
        return [VmRef.of_id(i) for i in vm_ids]
    return [VmRef(get_subscription_id(cmd.cli_ctx), _group(resource_group_name, language)[0], vm_name)]


def probe(cmd, *, resource_group_name=None, vm_name=None, vm_ids=None, target=None, edition=None, exempted_at=None,
          offer=None, language=None):
    from knack.log import get_logger
    from azext_smtp._client_factory import CliClients
    from azext_smtp.core.probe import parse_target
    from azext_smtp.sanitize import clean
    from azext_smtp.scan import probe as run
    receiver = parse_target(target)
    clients = CliClients(cmd.cli_ctx)
    if vm_ids:
        _refuse_scale_set(clients, vm_ids[0])
    with _scope_errors():  # check's verdict for this very receiver when --target is an address
        ref = _vm_refs(cmd, resource_group_name, vm_name, vm_ids, language)[0]
        return _shown(cmd, _warn(_spoken(run(clients, ref, receiver,
                                             options=_options(edition, receiver.address, exempted_at, offer),
                                             announce=lambda text: get_logger(__name__).warning(
                                                 "%s", clean(_said(language, text)))),
                                         language)))


def _refuse_scale_set(clients, given: str):
    """A probe runs on one machine: given a scale set's id, name its instances (read, never run on)."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.collect.instances import instance_ids
    from azext_smtp.core.resource_ids import SCALE_SET, VM_KINDS, parse_id
    from azext_smtp.sanitize import clean
    parsed = parse_id(given, VM_KINDS + (SCALE_SET,))
    if parsed.kind != SCALE_SET:
        return
    found = instance_ids(clients, parsed)
    listed = ("its instances: " + " ".join(found)) if found else \
        "it has no instance" if found == [] else "its instances could not be listed"
    raise InvalidArgumentValueError(
        clean(f"--ids {parsed.id} is a scale set; a probe runs on one instance: {listed}."),
        f"Give one instance's id to --ids (list them with `az vmss list-instances -g {parsed.resource_group} "
        f"-n {parsed.name} --query \"[].id\" -o tsv`).")


def confirm_probe(command_args):
    """az's confirmation for `probe` (skipped with --yes): say what will run; without a terminal, say how to
    proceed instead of az's bare 'Operation cancelled.'. az asks before the validators run: arguments they will
    reject are let through to them (nothing runs before they pass)."""
    from knack.prompting import NoTTYException, prompt_y_n
    from azure.cli.core.azclierror import NoTTYError
    from azext_smtp.core.probe import parse_target
    vm = " ".join(command_args.get("vm_ids") or []) or \
        f"{command_args.get('vm_name')} (resource group {command_args.get('resource_group_name')})"
    try:
        target = parse_target(command_args.get("target"))
    except ValueError:
        return True  # validate_target refuses it next
    if not (command_args.get("vm_ids") or (command_args.get("vm_name") and command_args.get("resource_group_name"))):
        return True  # validate_vm_reference refuses it next
    what = (f"az smtp probe runs a script on VM {vm} through Run Command (a write: "
            f"Microsoft.Compute/.../runCommand/action) that opens TCP connections to {target.host} on ports "
            f"{' and '.join(map(str, target.ports))} and changes nothing on the VM.")
    try:
        return prompt_y_n(f"{what}\nRun it?")
    except NoTTYException as err:
        raise NoTTYError(f"{what} It needs your confirmation, and there is no terminal to ask on.",
                         "Add --yes to run it without asking.") from err


def explain_app(cmd, *, resource_group_name=None, app_name=None, slot=None, app_id=None, edition=None,
                destination=None, offer=None, language=None):
    from azure.cli.core.commands.client_factory import get_subscription_id
    from azext_smtp._client_factory import CliClients
    from azext_smtp.core.ids import subscription_of
    from azext_smtp.scan import by_id, by_name, explain_app as run
    if app_id:
        subscription_id, wanted, description = subscription_of(app_id), by_id(app_id), app_id
    else:
        subscription_id = get_subscription_id(cmd.cli_ctx)
        name = f"{app_name}/{slot}" if slot else app_name
        wanted = by_name(resource_group_name, name)
        description = f"{name} in resource group {resource_group_name}"
    with _scope_errors():
        return _shown(cmd, _warn(_spoken(run(CliClients(cmd.cli_ctx), subscription_id, wanted, description,
                                             _options(edition, destination, offer=offer)), language)))


def complete_exemption(cmd, *, exempted_at=None, resource_group_name=None, yes=False, edition=None, offer=None,
                       language=None):
    from azure.cli.core.azclierror import RequiredArgumentMissingError
    from azure.cli.core.commands.client_factory import get_subscription_id
    from knack.log import get_logger
    from azext_smtp._client_factory import CliClients
    from azext_smtp.report import completion_output
    from azext_smtp.sanitize import clean
    from azext_smtp.scan import complete_exemption as run
    if exempted_at is None:
        raise RequiredArgumentMissingError("--exempted-at is required.",
                                           "Give the date the exemption was granted, e.g. --exempted-at 2026-11-20: "
                                           "it tells which VMs and VNets were already refreshed since.")
    from azext_smtp.exit_codes import STEP_FAILED, exit_after_output
    progress = _Progress(cmd.cli_ctx)
    with _scope_errors():
        done = run(CliClients(cmd.cli_ctx), get_subscription_id(cmd.cli_ctx), _group(resource_group_name, language)[0],
                   _options(edition, exempted_at=exempted_at, offer=offer), execute_plan=yes, progress=progress)
    if done.outcomes:
        progress.end()
    for warning in done.warnings if done.dry_run else []:
        get_logger(__name__).warning("%s", clean(warning))
    for outcome in done.failed:
        get_logger(__name__).error("%s %s %s: %s", outcome.item.kind, clean(outcome.item.name),
                                   outcome.status.replace("-", " "), clean(outcome.error))
    exit_after_output(cmd.cli_ctx, STEP_FAILED if done.failed else 0)
    return _shown(cmd, _spoken(completion_output(done), language))


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


def list_rules(edition=None, kind=None, language=None):
    from azext_smtp.core.editions import load_edition
    from azext_smtp.report import rules_output
    return _spoken(rules_output(load_edition(edition), kind), language)


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
    for name in named:
        same = sorted({s["id"] for s in subs if (s.get("name") or "").lower() == name.lower()})
        if len(same) > 1 and name.lower() not in {i.lower() for i in same}:
            raise InvalidArgumentValueError(f"--subscriptions: {len(same)} subscriptions are named '{name}': "
                                            f"{', '.join(same)}.", "Give the id of the one you mean.")
    unknown = [n for n in named if n.lower() not in by_key]
    if unknown:
        raise InvalidArgumentValueError(f"--subscriptions: {', '.join(unknown)} not found in the logged-in account.",
                                        "List them with `az account list -o table` (names or ids).")
    return list(dict.fromkeys(by_key[n.lower()] for n in named))


@contextmanager
def _progress(cmd):
    """az's progress controller on stderr while a person watches: not with --only-show-errors, nor into a file."""
    import sys
    if cmd.cli_ctx.only_show_errors or not sys.stderr.isatty():
        yield None
        return
    controller = cmd.cli_ctx.get_progress_controller()
    try:
        yield lambda message: controller.add(message=message)
    finally:
        controller.end()


@contextmanager
def _scope_errors():
    """Turn not-found domain errors into ResourceNotFoundError with a fix, never a traceback."""
    from azure.cli.core.azclierror import ResourceNotFoundError
    from azext_smtp.errors import AppNotFound, ProbeBlocked, ScopeNotFound, VmNotFound
    from azext_smtp.sanitize import clean
    try:
        yield
    except ProbeBlocked as exc:
        raise _probe_error(exc) from exc
    except ScopeNotFound as exc:
        raise ResourceNotFoundError(clean(str(exc)), "Check the name with `az group list -o table`, "
                                                     "or pick another subscription with --subscription.") from exc
    except VmNotFound as exc:
        raise ResourceNotFoundError(clean(f"VM or scale-set instance {exc} was not found."),
                                    "List them with `az smtp check -o table` or `az vm list -o table`; scale-set "
                                    "instances are named like myscaleset_0.") from exc
    except AppNotFound as exc:
        raise ResourceNotFoundError(f"Web app, function app or slot {exc} was not found.",
                                    "List them with `az smtp check --query \"apps[].[name, resourceGroup]\"` or "
                                    "`az webapp list -o table`; give a slot with --slot.") from exc


def _probe_error(exc):
    """Why `probe` did not run, and the fix: the role that grants Run Command, or the command that starts the VM."""
    from azure.cli.core.azclierror import BadRequestError, ForbiddenError
    from azext_smtp.core.access import RUN_COMMAND_ROLE
    from azext_smtp.core.ids import group_of, name_of
    from azext_smtp.sanitize import clean
    vm = exc.vm
    message = clean(f"Cannot probe {vm.kind} {vm.name}: {exc}.")
    if exc.missing_action:
        return ForbiddenError(message + " Read permissions are enough for `check`, not for running a command on a VM.",
                              f"Ask for the '{RUN_COMMAND_ROLE}' role on the VM, its resource group or subscription "
                              f"(or a custom role with {exc.missing_action}).")
    if vm.scale_set_id:
        start = f"az vmss start -g {vm.resource_group} -n {name_of(vm.scale_set_id)} --instance-ids " \
                f"{name_of(vm.id)}"
    else:
        start = f"az vm start -g {group_of(vm.id)} -n {vm.name}"
    return BadRequestError(message, f"Start it first: {start}")


def _today():
    from datetime import datetime, timezone
    return datetime.now(timezone.utc).date()


def _read(path, what):
    from azure.cli.core.azclierror import FileOperationError
    try:
        with open(path, encoding="utf-8-sig") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as err:
        raise FileOperationError(f"{what} {path} cannot be read: {err}.",
                                 "Check the path, and that it is a UTF-8 text file.") from err


def _accepted(path):
    """The entries of baseline file `path`, or an InvalidArgumentValueError saying what is wrong in it."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azext_smtp.render.baseline import BaselineError, parse
    try:
        return parse(_read(path, "--baseline"))
    except BaselineError as err:
        raise InvalidArgumentValueError(f"--baseline {path}: {err}",
                                        "Each entry needs resource (an id or glob) and reason, and may have expires "
                                        "(YYYY-MM-DD) and acceptedBy; `az smtp baseline create` writes one.") from err


def _baselined(result, path, language=None):
    """The result with the findings baseline file `path` accepts marked; expired and unmatched entries said on
    stderr too, in `language`."""
    if not path:
        return result
    from knack.log import get_logger
    from azext_smtp.core.i18n import message
    from azext_smtp.render.baseline import apply
    baseline = apply(result, _accepted(path), _today(), path)["baseline"]
    logger = get_logger(__name__)
    for entry in baseline["expired"]:
        logger.warning("%s", _said(language, message("baseline.warn-expired", resource=entry["resource"],
                                                     expires=entry["expires"], findings=entry["findings"])))
    for entry in baseline["unmatched"]:
        logger.warning("%s", _said(language, message("baseline.warn-unmatched", resource=entry["resource"],
                                                     file=path)))
    return result


def _saved_check(path, what="--from-json"):
    """A saved `az smtp check -o json` result."""
    import json
    from azure.cli.core.azclierror import InvalidArgumentValueError
    try:
        result = json.loads(_read(path, what))
    except ValueError as err:
        raise InvalidArgumentValueError(f"{what} {path} is not JSON: {err}.",
                                        "Save it with `az smtp check -o json > FILE`.") from err
    if not isinstance(result, dict) or not isinstance(result.get("vms"), list) or "subscriptions" not in result:
        raise InvalidArgumentValueError(f"{what} {path} is not the JSON of `az smtp check` (no vms[] and "
                                        "subscriptions[]).", "Save it with `az smtp check -o json > FILE`.")
    return result


def _write(path, text):
    from azure.cli.core.azclierror import FileOperationError
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        return len(text.encode("utf-8"))
    except OSError as err:
        raise FileOperationError(f"--file {path} cannot be written: {err}.",
                                 "Check that the directory exists and is writable.") from err


def _meta(cmd, source):
    """When, by whom, where and with what a report is made."""
    import socket
    from datetime import datetime, timezone
    from importlib.metadata import PackageNotFoundError, version
    from azure.cli.core import __version__ as az_version
    now = datetime.now(timezone.utc).replace(microsecond=0)
    try:
        from azure.cli.core._profile import Profile
        user = Profile(cli_ctx=cmd.cli_ctx).get_current_account_user()
    except Exception:  # pylint: disable=broad-except  # not logged in: the report still says who ran it locally
        import getpass
        user = getpass.getuser()
    try:
        extension = version("smtp")
    except PackageNotFoundError:
        extension = "source"
    return {"generatedAt": now.isoformat(), "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S"), "generatedBy": user,
            "hostname": socket.gethostname(), "source": source, "extensionVersion": extension, "azVersion": az_version}


# pylint: disable=unused-argument  # the scope arguments reach _checked through locals()
def report(cmd, *, report_format=None, file_path=None, from_json=None, baseline_file=None, resource_group_name=None,
           all_subscriptions=False, subscriptions=None, management_group=None, vm_ids=None, engine=None, edition=None,
           destination=None, exempted_at=None, offer=None, fail_on=None, language=None):
    """Write the HTML, Markdown or JUnit report of `check` (or of a saved `check -o json`) to --file, in --language
    (a saved result's own texts stay in the language it was saved in)."""
    from azext_smtp.core.i18n import message
    from azext_smtp.render.judged import STATUSES, counts
    if from_json:
        result, source = _saved_check(from_json), message("report.source.saved", file=from_json)
    else:
        result, source = _checked(cmd, language=language, **_scope(locals())), message("report.source.run")
    result = _baselined(result, baseline_file, language)
    meta = {**_meta(cmd, _said(language, source)), "rulesEdition": result.get("rulesEdition")}
    size = _write(file_path, _rendered(report_format, result, meta, language))
    total = counts(result)[0]
    _fail_on(cmd, result, fail_on)
    return {"file": file_path, "format": report_format, "bytes": size, "resources": sum(total.values()),
            **{s: total[s] for s in STATUSES}}
# pylint: enable=unused-argument


def _rendered(report_format, result, meta, language):
    from azext_smtp.render import html, junit, markdown
    return {"html": html, "markdown": markdown, "junit": junit}[report_format].render(result, meta, language)


# pylint: disable=unused-argument  # the scope arguments reach _checked through locals()
def create_baseline(cmd, *, file_path=None, from_json=None, resource_group_name=None, all_subscriptions=False,
                    subscriptions=None, management_group=None, vm_ids=None, engine=None, edition=None, destination=None,
                    exempted_at=None, offer=None, language=None):
    """Write a baseline accepting today's blocked and unknown findings, for a team to edit: each one's reason in
    --language (its keys and header comment stay English, as the file format's)."""
    import os
    from azure.cli.core.azclierror import FileOperationError
    from azext_smtp.render.baseline import FINDINGS, create
    from azext_smtp.render.judged import resources
    if os.path.exists(file_path):
        raise FileOperationError(f"--file {file_path} exists: a baseline is edited by hand, so it is not overwritten.",
                                 "Remove it first, or give another --file.")
    result = _saved_check(from_json) if from_json else _checked(cmd, language=language, **_scope(locals()))
    meta = _meta(cmd, "")
    _write(file_path, create(result, meta["generatedBy"], _today()))
    return {"file": file_path, "entries": sum(1 for e in resources(result) if e.get("verdict") in FINDINGS)}
# pylint: enable=unused-argument


def diff(cmd, *, files=None, fail_on=None, language=None):
    """What changed between two saved `az smtp check -o json` results (the table's headers in --language; the
    reasons stay in the language the results were saved in)."""
    from azext_smtp import _format
    from azext_smtp.exit_codes import REGRESSION, exit_after_output
    from azext_smtp.render.diff import diff as changes
    found = changes(_saved_check(files[0], "OLD"), _saved_check(files[1], "NEW"))
    _format.use_language(language)
    exit_after_output(cmd.cli_ctx, REGRESSION if fail_on == "regression" and any(c["regression"] for c in found)
                      else 0)
    return found
