"""Verdicts for one subscription: offer, policy, one VmVerdict per VM, VNet follow-ups.

The verdict is derived from the ordered check results, so what `explain-vm` shows step by
step is exactly what `check` reports.
"""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Dict, List, Optional, Sequence

from . import checks as c
from .aks import through_aks
from .catalog import load_catalog
from .checks import FAIL, INFO, UNKNOWN, CheckResult
from .editions import Edition
from .exemption import VnetFollowUp, vm_refresh, vnet_followup
from .i18n import message
from .model import Inventory, IpConfig, Nic, Subnet, Vm, Vnet, key
from .offer import Offer, decide
from .outbound import Egress, outbound_method
from .policy import Policy, subscription_policy
from .routing import internet_route
from .vocabulary import RuleStatus, Verdict


def _unique(items):
    return list(dict.fromkeys(item for item in items if item))


class Outcome:
    """Verdict, blockers, actions and evidence derived from ordered check results (`self.results`)."""
    results: List[CheckResult]

    @property
    def verdict(self) -> Verdict:
        """blocked when a check fails; unsupported when only checks fail whose failure Azure leaves unsupported
        rather than blocked (an app without VNet integration); else unknown or allowed."""
        outcomes = {r.result for r in self.results}
        if FAIL in outcomes:
            catalog = load_catalog()
            failing = {catalog.check(r.check).fail_verdict for r in self.results if r.result == FAIL}
            return Verdict.BLOCKED if Verdict.BLOCKED in failing else Verdict.UNSUPPORTED
        return Verdict.UNKNOWN if UNKNOWN in outcomes else Verdict.ALLOWED

    @property
    def blocked_by(self) -> List[str]:
        catalog = load_catalog()
        return _unique(catalog.check(r.check).blocks_as for r in self.results if r.result == FAIL)

    @property
    def actions(self) -> List[str]:
        """What definitely blocks is fixed first, then what is unknown, then what information asks for (start a
        deallocated VM); each in the order of the checks."""
        ordered = [r for result in (FAIL, UNKNOWN, INFO) for r in self.results if r.result == result]
        return _unique(a for r in ordered for a in r.actions)

    @property
    def open_results(self) -> List[CheckResult]:
        """The failing and unknown results: what a user must act on or settle."""
        return [r for r in self.results if r.result in (FAIL, UNKNOWN)]

    @property
    def reasons(self) -> List[str]:
        return [r.detail for r in self.open_results]

    @property
    def evidence(self) -> List[str]:
        """What the failing or unknown checks observed (rule ids, NSG rules, routes, resource ids)."""
        return _unique(e for r in self.open_results for e in r.evidence)

    def result_of(self, check: str) -> Optional[CheckResult]:
        return next((r for r in self.results if r.check == check), None)


@dataclass
class VmVerdict(Outcome):
    vm: Vm
    results: List[CheckResult]
    port25_flag: Optional[bool]
    egress: Optional[str] = None


@dataclass
class VnetVerdict:
    vnet: Vnet
    follow_up: Optional[VnetFollowUp] = None  # only after an exemption, for VNets with delegated subnets

    @property
    def needs_temp_subnet(self) -> bool:
        return bool(self.follow_up and self.follow_up.needed)


@dataclass
class SubscriptionVerdict:
    inventory: Inventory
    offer: Offer
    policy: Policy
    vms: List[VmVerdict] = field(default_factory=list)
    vnets: List[VnetVerdict] = field(default_factory=list)
    apps: list = field(default_factory=list)  # AppVerdict, filled by core/apps.py
    others: list = field(default_factory=list)  # PaasVerdict, filled by core/apps.py

    @property
    def warnings(self) -> List[str]:
        """What the user said that the evidence did not bear out, then where NICs' flags and the rule disagree."""
        return self.policy.warnings + flag_warnings(self.policy, self.vms)


def flag_warnings(policy: Policy, vms: List[VmVerdict]) -> List[str]:
    """One warning per way the observed allowPort25Out and the documented rule disagree, naming the VMs."""
    split: Dict[str, List[str]] = {}
    for verdict in vms:
        why = c.flag_disagreement(policy, verdict.port25_flag) if verdict.results[0].basis == "observed" else None
        if why:
            split.setdefault(why, []).append(verdict.vm.name)
    return [message("judge.flag-warning", count=len(names), why=why,
                    names=", ".join(names[:5]) + (", ..." if len(names) > 5 else "")) for why, names in split.items()]


def primary_nic_id(vm: Vm, inv: Inventory) -> Optional[str]:
    """The NIC that carries the VM's default route: the one marked primary, else the first.

    While no NIC read is marked primary, an unread one may be: it is returned, so the VM stays unknown rather than
    being judged on a secondary NIC."""
    nics = [(n, inv.nics.get(key(n))) for n in vm.nic_ids]
    marked = [nic.id for _, nic in nics if nic is not None and nic.primary]
    unread = [n for n, nic in nics if nic is None]
    return (marked + unread + vm.nic_ids + [None])[0]


def _primary_ipconfig(nic: Nic) -> Optional[IpConfig]:
    marked = [ipc for ipc in nic.ip_configs if ipc.primary]
    return (marked or nic.ip_configs or [None])[0]


def _egress(route, firewall, method) -> str:
    hop = route.next_hop.lower()
    if hop == "internet":
        return method.method if method else "unknown"
    if hop == "virtualappliance":
        return "firewall" if firewall else "appliance"
    return {"none": "none", "virtualnetworkgateway": "gateway"}.get(hop, "unknown")


def network_results(vm: Vm, nic: Nic, inv: Inventory, policy: Policy, destination=None):
    """Route, outbound method (or firewall) and both NSGs for the NIC's primary IP configuration.

    Returns (results, egress)."""
    ipc = _primary_ipconfig(nic)
    subnet = inv.subnets.get(key(ipc.subnet_id)) if ipc else None
    if subnet is None:
        return [c.missing_subnet_check(ipc, inv)] + _nic_deny_without_vnet(nic, ipc, inv, destination), "unknown"
    return subnet_path(vm, ipc, subnet, inv, policy, destination=destination, nic_nsgs=[nic.nsg_id],
                       egress_of=lambda: outbound_method(nic, ipc, subnet, inv))


def _nic_deny_without_vnet(nic: Nic, ipc: Optional[IpConfig], inv: Inventory, destination) -> List[CheckResult]:
    """The NIC's NSG when the subnet and its VNet are unread: a deny it holds whatever the VNet's address space
    (which only a VirtualNetwork source prefix uses) is a definite failure, never hidden behind the unread VNet."""
    if ipc is None or not nic.nsg_id:
        return []
    found = [c.nsg_check("NIC", nic.nsg_id, ipc, inv, space, destination=destination)
             for space in ([], ["0.0.0.0/0"])]
    return found[:1] if all(r.result == FAIL for r in found) else []


def subnet_path(owner, ipc: IpConfig, subnet: Subnet, inv: Inventory, policy: Policy, *, destination,
                egress_of: Callable[[], Egress], nic_nsgs: Sequence[Optional[str]] = ()):
    """Route, outbound method (or firewall) and NSGs for traffic leaving `ipc` in `subnet`: the same checks for a
    VM's NIC and for an app's integration or App Service Environment subnet. `owner` (a Vm or App) carries the
    subscription id; `egress_of` says how a direct route reaches the internet; `nic_nsgs` is a VM's NIC NSG
    (one entry, None for none); apps have no NIC.

    Returns (results, egress)."""
    vnet = inv.vnets.get(key(subnet.vnet_id))
    space = vnet.address_space if vnet else subnet.prefixes
    nsgs = [c.nsg_check(where, nsg_id, ipc, inv, space, destination=destination)
            for where, nsg_id in [("NIC", n) for n in nic_nsgs] + [("subnet", subnet.nsg_id)]]
    if subnet.route_table_id and key(subnet.route_table_id) not in inv.route_tables:
        return [c.unread_route_table_check(subnet.route_table_id, inv)] + nsgs, "unknown"
    route = internet_route(subnet, inv, space, destination)
    firewall = None
    if route.next_hop.lower() == "virtualappliance":
        firewall = next((f for f in inv.firewalls.values() if route.next_hop_ip in f.private_ips), None)
    said = (firewall.id if firewall else None, policy.status, policy.edition.edition)  # what else route_check reads
    results = [c.copied(inv.memo.once(route, said, lambda: c.route_check(route, firewall, policy)))]
    method = None
    if route.next_hop.lower() == "internet":
        method = egress_of()
        results.append(c.outbound_check(method))
    if firewall:
        results.append(c.firewall_check(firewall, ipc, owner, policy, destination=destination, inv=inv))
    return results + nsgs, _egress(route, firewall, method)


def judge_vm(vm: Vm, inv: Inventory, policy: Policy, destination=None) -> VmVerdict:
    """All checks for one VM, in the order a person would follow them; an AKS node is restarted through AKS."""
    verdict = _vm_checks(vm, inv, policy, destination)
    if vm.node_pool:
        verdict.results = through_aks(verdict.results, vm.node_pool, inv)
    return verdict


def _vm_checks(vm: Vm, inv: Inventory, policy: Policy, destination) -> VmVerdict:
    nic_id = primary_nic_id(vm, inv)
    nic = inv.nics.get(key(nic_id)) if nic_id else None
    flag = nic.allow_port25_out if nic else None
    results = [c.platform_check(policy, flag, nic_id, inv.memo)]
    if policy.status == RuleStatus.EXEMPTED:
        results.append(c.exemption_refresh_check(policy, flag, vm_refresh(vm, policy.exempted_at, inv)))
    if nic is None:
        return VmVerdict(vm, results + [c.missing_nic_check(nic_id, inv)], flag, "unknown")
    if len(vm.nic_ids) > 1:
        results.append(c.nics_check(vm, nic.name))
    path, egress = network_results(vm, nic, inv, policy, destination)
    return VmVerdict(vm, results + path, flag, egress)


def nic_flags(inv: Inventory) -> Dict[str, Optional[bool]]:
    """NIC id -> observed allowPort25Out, for the subscription policy."""
    return {n.id: n.allow_port25_out for n in inv.nics.values()}


def judge_subscription(inv: Inventory, edition: Edition, destination=None, exempted_at: Optional[datetime] = None,
                       stated_offer: Optional[str] = None) -> SubscriptionVerdict:
    """Offer, subscription policy, VM verdicts and (after an exemption) the VNet follow-ups."""
    offer = decide(inv.subscription, stated_offer)
    policy = subscription_policy(offer, edition, nic_flags(inv), exempted_at)
    in_scope = [v for v in inv.vnets.values()
                if not inv.resource_group or (v.resource_group or "").lower() == inv.resource_group.lower()]
    exempted = policy.status == RuleStatus.EXEMPTED
    return SubscriptionVerdict(inv, offer, policy, [judge_vm(vm, inv, policy, destination) for vm in inv.vms],
                               [VnetVerdict(v, vnet_followup(v, inv, policy.exempted_at) if exempted else None)
                                for v in in_scope])
