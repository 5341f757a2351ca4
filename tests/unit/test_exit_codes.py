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
