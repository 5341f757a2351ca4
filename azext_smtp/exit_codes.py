"""Exit codes for scripts and CI (`--fail-on`, `complete-exemption --yes`), beyond az's own 1-3.

The result is printed in full first; only then does the process end with the code, so a pipeline gets both."""
from typing import Optional

from .core.vocabulary import Verdict

BLOCKED = 4  # --fail-on blocked|any: a VM cannot send on TCP 25 (or an app's sending is unsupported)
UNKNOWN = 5  # --fail-on unknown|any: a VM's verdict is unknown, or a list that holds VMs could not be read
STEP_FAILED = 6  # complete-exemption --yes: a step of the plan failed
REGRESSION = 7  # diff --fail-on regression: a resource's verdict got worse, or a new one is blocked or unknown
FAIL_ON = (Verdict.BLOCKED.value, Verdict.UNKNOWN.value, "any")
# The reads VMs come from (Gap keys): when one fails a VM may be missing from vms[] altogether. The JSON names a
# gap for people only (unknowns[].what starts with the read's label, model.label, in the language the result was
# said in), so the key is found back through the labels in every language (a saved result may be in any).
VM_READS = ("vms", "scale_sets", "scale_set_instances")


def fail_on_code(result: dict, fail_on: Optional[str]) -> int:
    """The exit code `--fail-on` asks for on a `check` or `explain-vm` result (0: nothing matches).
    Blocked wins over unknown with `any`: a VM known to be blocked is the firmer finding."""
    if not fail_on:
        return 0
    if isinstance(result, list):  # explain-vm with several --ids: the firmest finding among them
        return max((fail_on_code(r, fail_on) for r in result), key=(0, UNKNOWN, BLOCKED).index, default=0)
    vms = result["vms"] if "vms" in result else [result]
    subscriptions = result.get("subscriptions") or [result.get("subscription") or {}]
    # A finding the baseline accepts (suppression active) does not count; an expired acceptance counts again.
    verdicts = {vm.get("verdict") for vm in vms if (vm.get("suppression") or {}).get("status") != "active"}
    # not at import: `az smtp check -h` loads the --fail-on choices from here
    from .core.i18n import LANGUAGES, say
    from .core.model import label
    labels = tuple(say(label(k), language) for k in VM_READS for language in LANGUAGES)
    missing = any(gap["what"].startswith(labels) for sub in subscriptions for gap in sub.get("unknowns") or [])
    if fail_on in (Verdict.BLOCKED, "any") and verdicts & {Verdict.BLOCKED, Verdict.UNSUPPORTED}:
        return BLOCKED
    if fail_on in (Verdict.UNKNOWN, "any") and (Verdict.UNKNOWN in verdicts or ("vms" in result and missing)):
        return UNKNOWN
    return 0


def exit_after_output(cli_ctx, code: int) -> None:
    """End `az` with `code` once the result is printed: knack raises EVENT_CLI_SUCCESSFUL_EXECUTE right after
    printing it, and a SystemExit from a handler there becomes the process's exit code (knack.cli.CLI.invoke)."""
    if not code:
        return
    from knack.events import EVENT_CLI_SUCCESSFUL_EXECUTE

    def leave(_cli_ctx, **_kwargs):
        raise SystemExit(code)
    cli_ctx.register_event(EVENT_CLI_SUCCESSFUL_EXECUTE, leave)
