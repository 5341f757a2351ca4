"""Who picked up the exemption, and which VNets still need the temporary subnet (pure logic)."""
from datetime import datetime, timedelta, timezone

import pytest

from azext_smtp.core.judge import judge_vm
from azext_smtp.core.exemption import free_prefix, vm_refresh, vnet_followup
from azext_smtp.core.model import ActivityEvent, ActivityLog, Inventory, Subnet, Subscription, Vm, Vnet

from .builders import inventory, policy

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
EXEMPTED = NOW - timedelta(days=10)
VM_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"
OP = "microsoft.compute/virtualmachines/{}/action".format


def days_ago(n):
    return NOW - timedelta(days=n)


def inv_with(events=(), since=None):
    inv = Inventory(Subscription("s"))
    inv.activity = ActivityLog(since or days_ago(89), NOW,
                               [ActivityEvent(OP(op), VM_ID, days_ago(d)) for op, d in events])
    return inv


def vm(created=200, power="running"):
    return Vm(VM_ID, "vm", "rg", "s", ["/nic"], time_created=days_ago(created) if created is not None else None,
              power_state=power)


def test_created_after_the_exemption():
    r = vm_refresh(vm(created=3), EXEMPTED, inv_with())
    assert r.status == "yes" and "after the exemption" in r.reason


def test_deallocated_and_started_after():
    r = vm_refresh(vm(), EXEMPTED, inv_with([("deallocate", 5), ("start", 4)]))
    assert r.status == "yes" and "deallocated" in r.reason


def test_start_without_deallocate_or_before_it_does_not_count():
    assert vm_refresh(vm(), EXEMPTED, inv_with([("start", 5), ("deallocate", 4)])).status == "no"


def test_only_restarted_after():
    r = vm_refresh(vm(), EXEMPTED, inv_with([("restart", 6)]))
    assert r.status == "no" and "reboot is not enough" in r.reason


def test_deallocation_before_the_exemption_does_not_count():
    assert vm_refresh(vm(), EXEMPTED, inv_with([("deallocate", 20), ("start", 19)])).status == "no"


def test_stopped_but_allocated_is_not_refreshed():
    r = vm_refresh(vm(power="stopped"), EXEMPTED, inv_with())
    assert r.status == "no" and "still allocated" in r.reason


def test_deallocated_now_picks_it_up_on_start():
    assert vm_refresh(vm(power="deallocated"), EXEMPTED, inv_with()).status == "yes"


def test_exemption_older_than_the_log_cannot_be_verified():
    r = vm_refresh(vm(created=400), days_ago(120), inv_with())
    assert r.status == "unknown" and "90 days" in r.reason


def test_activity_log_not_read_is_unknown_with_the_gap():
    from azext_smtp.core.model import Gap
    inv = Inventory(Subscription("s"))
    inv.gaps.append(Gap("activity", "activity log", "403 AuthorizationFailed", "az monitor activity-log list ..."))
    r = vm_refresh(vm(), EXEMPTED, inv)
    assert r.status == "unknown" and "403" in r.reason


def test_missing_creation_time_is_unknown():
    assert vm_refresh(vm(created=None), EXEMPTED, inv_with()).status == "unknown"


def test_no_exemption_date_is_unknown():
    assert vm_refresh(vm(), None, inv_with()).status == "unknown"


# --- platform step with an exemption ------------------------------------------------------
def exempted_policy():
    p = policy("exempted")
    p.exempted_at = EXEMPTED
    return p


@pytest.mark.parametrize("flag,events,result,action", [
    (None, [("deallocate", 5), ("start", 4)], "pass", None),
    (None, [("restart", 5)], "fail", "deallocate-and-start"),
    (True, [], "pass", None),
    (False, [], "fail", "deallocate-and-start"),
    (False, [("deallocate", 5), ("start", 4)], "unknown", "test-port25"),
])
def test_platform_step_uses_refresh_and_flag(flag, events, result, action):
    inv = inventory(nic_kw={"allow_port25_out": flag})
    inv.vms = [vm()]
    inv.vms[0].nic_ids = ["/nic"]
    inv.activity = inv_with(events).activity
    step = judge_vm(inv.vms[0], inv, exempted_policy()).result_of("exemption-refresh")
    assert step.result == result
    assert (step.actions[0] if step.actions else None) == action
    if result == "fail":
        assert "SMTP25-AFTER-DEALLOCATE" in step.detail


# --- VNets ------------------------------------------------------------------------------
def test_free_prefix_skips_used_ranges():
    assert free_prefix(["10.0.0.0/16"], ["10.0.0.0/24", "10.0.1.0/24"]) == "10.0.2.0/29"
    assert free_prefix(["10.0.0.0/24"], ["10.0.0.0/25", "10.0.0.128/26", "10.0.0.192/27", "10.0.0.224/28",
                                         "10.0.0.240/29"]) == "10.0.0.248/29"


def test_free_prefix_none_when_full_and_uses_a_second_range():
    assert free_prefix(["10.3.0.0/24"], ["10.3.0.0/24"]) is None
    assert free_prefix(["10.3.0.0/24", "10.4.0.0/28"], ["10.3.0.0/24"]) == "10.4.0.0/29"


def vnet_inv(events=(), space=("10.2.0.0/16",), prefixes=("10.2.0.0/24",)):
    inv = Inventory(Subscription("s"))
    vnet = Vnet("/v", "ase-vnet", "rg", list(space), ["/v/subnets/ase"])
    inv.vnets["/v"] = vnet
    inv.subnets["/v/subnets/ase"] = Subnet("/v/subnets/ase", "ase", "/v", list(prefixes),
                                           delegations=["Microsoft.Web/hostingEnvironments"])
    inv.activity = ActivityLog(days_ago(89), NOW, [ActivityEvent(op, "/v/subnets/tmp", days_ago(d)) for op, d in events])
    return inv, vnet


def test_delegated_vnet_needs_a_temp_subnet_with_a_free_range():
    inv, vnet = vnet_inv()
    f = vnet_followup(vnet, inv, EXEMPTED)
    assert f.needed and f.temp_prefix == "10.2.1.0/29" and "hostingEnvironments" in f.reason


def test_delegated_vnet_done_after_add_and_remove():
    inv, vnet = vnet_inv([("microsoft.network/virtualnetworks/subnets/write", 2),
                          ("microsoft.network/virtualnetworks/subnets/delete", 1)])
    assert not vnet_followup(vnet, inv, EXEMPTED).needed


def test_add_and_remove_before_the_exemption_does_not_count():
    inv, vnet = vnet_inv([("microsoft.network/virtualnetworks/subnets/write", 20),
                          ("microsoft.network/virtualnetworks/subnets/delete", 19)])
    assert vnet_followup(vnet, inv, EXEMPTED).needed


def test_full_vnet_says_no_range_is_free():
    inv, vnet = vnet_inv(space=("10.3.0.0/24",), prefixes=("10.3.0.0/24",))
    f = vnet_followup(vnet, inv, EXEMPTED)
    assert f.needed and f.temp_prefix is None and "no free /29" in f.reason


def test_vnet_without_delegation_needs_nothing():
    inv, vnet = vnet_inv()
    inv.subnets["/v/subnets/ase"].delegations = []
    assert vnet_followup(vnet, inv, EXEMPTED) is None


def test_plan_follows_the_verdicts():
    from azext_smtp.core.checks import CheckResult
    from azext_smtp.core.exemption import VnetFollowUp
    from azext_smtp.core.judge import SubscriptionVerdict, VmVerdict, VnetVerdict
    from azext_smtp.core.plan import build_plan

    def verdict(name, power, outcome, actions):
        machine = Vm(f"/{name}", name, "rg", "s", power_state=power)
        return VmVerdict(machine, [CheckResult("exemption-refresh", outcome, f"why {name}", actions=actions)], None)

    inv, vnet = vnet_inv()
    subscription = SubscriptionVerdict(inv, None, None, [
        verdict("a", "running", "fail", ["deallocate-and-start"]),
        verdict("b", "stopped", "fail", ["deallocate-and-start"]),
        verdict("c", "running", "pass", [])],
        [VnetVerdict(vnet, VnetFollowUp(vnet, [], True, "d", "10.2.2.0/29")),
         VnetVerdict(Vnet("/w", "w", "rg"), None),
         VnetVerdict(Vnet("/f", "full", "rg"), VnetFollowUp(Vnet("/f", "full", "rg"), [], True, "no room", None))])
    plan = {p.name: (p.operations, p.reason, p.status) for p in build_plan(subscription)}
    assert plan == {"a": (["deallocate", "start"], "why a", "planned"), "b": (["deallocate"], "why b", "planned"),
                    "ase-vnet": (["add subnet azsmtp-temp 10.2.2.0/29", "remove subnet azsmtp-temp"], "d", "planned"),
                    "full": ([], "no room", "cannot-run")}
