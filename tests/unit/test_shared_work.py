"""The judge does each distinct piece of work once: an NSG, route table or firewall is walked once for every group
of sources its rules hold alike, not once per NIC, and the answers stay those of a walk per NIC."""
import copy
from collections import Counter

import pytest

from azext_smtp.core import firewall, nsg, routing
from azext_smtp.core.judge import judge_subscription
from azext_smtp.core.model import Firewall, FirewallRule, IpConfig, Nic, Nsg, Route, RouteTable, SecurityRule, Vm

from .builders import EDITION, SUBNET, inventory, rule

VMS = 100
# The subnet NSG denies TCP 25 from the last 50 addresses only; the firewall allows it from the first 20 only.
LAST_HALF = "10.0.0.54-10.0.0.103"


def _estate():
    """VMS VMs in one subnet: a subnet NSG whose deny holds half of them, a NIC NSG on every NIC, a route table
    to a firewall whose allow holds a fifth of them."""
    inv = inventory(subnet_kw={"nsg_id": "/nsg/subnet"})
    inv.nsgs["/nsg/subnet"] = Nsg("/nsg/subnet", "subnet", [rule("deny-last", 100, "Deny",
                                                                 source_prefixes=[LAST_HALF])])
    inv.nsgs["/nsg/nic"] = Nsg("/nsg/nic", "nic", [SecurityRule("deny-telnet", 100, "Outbound", "Deny", "Tcp",
                                                                ["*"], ["23"])])
    inv.route_tables["/rt"] = RouteTable("/rt", "rt", [Route("fw", "0.0.0.0/0", "VirtualAppliance", "10.9.0.4")])
    inv.subnets[SUBNET].route_table_id = "/rt"
    inv.firewalls["/fw"] = Firewall("/subscriptions/sub/fw", "fw", ["10.9.0.4"], [
        FirewallRule("relay", 200, "Allow", "relay-hosts", ["TCP"], ["10.0.0.4-10.0.0.23"], ["*"], ["25"])])
    inv.nics.clear()
    inv.vms = []
    for i in range(VMS):
        ipc = IpConfig("ipconfig1", SUBNET, f"10.0.0.{4 + i}", primary=True)
        inv.nics[f"/nic{i}"] = Nic(f"/nic{i}", f"nic{i}", [ipc], primary=True, nsg_id="/nsg/nic")
        inv.vms.append(Vm(f"/vm{i}", f"vm{i}", "rg", "sub", [f"/nic{i}"]))
    return inv


@pytest.fixture(name="walks")
def _walks(monkeypatch):
    """How many times each module walked its rules or routes."""
    counted = Counter()
    for module in (nsg, routing, firewall):
        def counting(*args, _module=module, _walk=module.walk, **kwargs):
            counted[_module.__name__.rsplit(".", 1)[1]] += 1
            return _walk(*args, **kwargs)
        monkeypatch.setattr(module, "walk", counting)
    return counted


def _outcomes(verdict):
    return [(v.vm.id, v.verdict, v.egress, [(r.check, r.result, r.detail, r.evidence) for r in v.results])
            for v in verdict.vms]


@pytest.mark.parametrize("destination", [None, "52.1.1.1"])
def test_each_nsg_route_table_and_firewall_is_walked_once_per_group_of_sources(walks, destination):
    verdict = judge_subscription(_estate(), EDITION, destination)
    # subnet NSG: the deny holds the last 50 or not (2); NIC NSG: one answer for all (1); route table (1);
    # firewall: the allow holds the first 20 or not (2)
    assert walks == Counter(nsg=3, routing=1, firewall=2)
    for check, answers in (("nsg-subnet", 2), ("nsg-NIC", 1), ("route", 1), ("firewall", 2)):
        assert len({next(r.result for r in v.results if r.check == check) for v in verdict.vms}) == answers, check


@pytest.mark.parametrize("destination", [None, "52.1.1.1"])
def test_shared_answers_are_those_of_a_walk_per_vm(destination):
    estate = _estate()
    shared = judge_subscription(estate, EDITION, destination)
    alone = []
    for vm in estate.vms:
        single = copy.deepcopy(estate)  # a copy starts with no answers: every path is walked for this VM alone
        single.vms = [v for v in single.vms if v.id == vm.id]
        alone += _outcomes(judge_subscription(single, EDITION, destination))
    assert _outcomes(shared) == alone
