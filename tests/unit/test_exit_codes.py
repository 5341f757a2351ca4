"""Which exit code `--fail-on` asks for on a check or explain-vm result."""
import pytest

from azext_smtp.exit_codes import BLOCKED, UNKNOWN, fail_on_code


def check(*verdicts, gaps=()):
    return {"subscriptions": [{"unknowns": [{"what": w} for w in gaps]}],
            "vms": [{"name": f"vm{i}", "verdict": v} for i, v in enumerate(verdicts)]}


@pytest.mark.parametrize("result,fail_on,code", [
    (check("allowed", "blocked"), "blocked", BLOCKED),
    (check("allowed", "blocked"), "unknown", 0),
    (check("allowed", "unknown"), "unknown", UNKNOWN),
    (check("allowed", "unknown"), "blocked", 0),
    (check("unknown", "blocked"), "any", BLOCKED),  # blocked is the firmer finding
    (check("allowed", "unknown"), "any", UNKNOWN),
    (check("allowed", "blocked"), None, 0),
    (check(), "unknown", 0),
    (check(gaps=["virtual machines"]), "unknown", UNKNOWN),  # VMs may be missing altogether
    (check("allowed", gaps=["virtual machines in resource group hub-rg"]), "any", UNKNOWN),
    (check("allowed", gaps=["instances of scale set web"]), "unknown", UNKNOWN),
    (check("allowed", gaps=["billing property"]), "unknown", 0),  # judged anyway: the VM verdicts say so
    ({"verdict": "blocked", "subscription": {"unknowns": []}}, "blocked", BLOCKED),  # explain-vm
    ({"verdict": "allowed", "subscription": {"unknowns": [{"what": "virtual machines"}]}}, "unknown", 0),
    ({"verdict": "unsupported", "subscription": {"unknowns": []}}, "blocked", BLOCKED),  # explain-app, no VNet
    ({"verdict": "unsupported", "subscription": {"unknowns": []}}, "unknown", 0),
])
def test_fail_on_code(result, fail_on, code):
    assert fail_on_code(result, fail_on) == code


@pytest.mark.parametrize("language", ["tr", "de"])
def test_a_lost_vm_list_is_found_in_a_result_said_in_another_language(language):
    """unknowns[].what is said in the result's language (a saved result may be in any): the exit code still finds
    the VM lists that failed, whether the gap names the list, one group or one scale set, and no other gap."""
    from azext_smtp.core.i18n import message, say
    from azext_smtp.core.model import label
    lost = [label("vms"), message("read.in-group", what=label("vms"), group="hub-rg"),
            message("read.of", what=label("scale_set_instances"), name="web"), label("scale_sets")]
    for what in lost:
        said = say(what, language)
        assert said != str(what)
        assert fail_on_code(check("allowed", gaps=[said]), "unknown") == UNKNOWN, said
    for other in (label("billing"), label("nics"), message("read.in-group", what=label("nsgs"), group="vm-rg")):
        assert fail_on_code(check("allowed", gaps=[say(other, language)]), "unknown") == 0
