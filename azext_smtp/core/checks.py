"""Per-VM verdicts as an ordered list of checks; `check` and `explain-vm` share it.

Pure functions over the model: the verdict is derived from the steps, so what
`explain-vm` shows step by step is exactly what `check` reports.
"""
from dataclasses import dataclass, field
from typing import List, Optional

from .exemption import Refresh, vm_refresh
from .model import Inventory, IpConfig, Nic, Vm, key
from .firewall import evaluate_firewall
from .ids import name_of, subscription_of
from .nsg import evaluate_nsg
from .outbound import Egress, outbound_method
from .routing import RouteChoice, internet_route
from .policy import Policy

PASS, FAIL, UNKNOWN, INFO = "pass", "fail", "unknown", "info"


@dataclass
class Step:
    check: str
    result: str
    detail: str
    evidence: List[str] = field(default_factory=list)
    source: Optional[str] = None
    blocks_as: Optional[str] = None  # blockedBy category when the step fails
    actions: List[str] = field(default_factory=list)

    def to_dict(self):
        return {"check": self.check, "result": self.result, "detail": self.detail,
                "evidence": list(self.evidence), "source": self.source}


@dataclass
class VmAnalysis:
    vm: Vm
    steps: List[Step]
    port25_flag: Optional[bool]
    egress: Optional[str] = None

    @property
    def verdict(self) -> str:
        results = {s.result for s in self.steps}
        if FAIL in results:
            return "blocked"
        return "unknown" if UNKNOWN in results else "allowed"

    @property
    def blocked_by(self) -> List[str]:
        return _unique(s.blocks_as for s in self.steps if s.result == FAIL)

    @property
    def actions(self) -> List[str]:
        """What definitely blocks is fixed first, then what is unknown; each in the order of the checks."""
        ordered = [s for s in self.steps if s.result == FAIL] + [s for s in self.steps if s.result == UNKNOWN]
        return _unique(a for s in ordered for a in s.actions)

    @property
    def reasons(self) -> List[str]:
        return [s.detail for s in self.steps if s.result in (FAIL, UNKNOWN)]

    @property
    def evidence(self) -> List[str]:
        """What the failing or unknown checks observed (rule ids, NSG rules, routes, resource ids)."""
        return _unique(e for s in self.steps if s.result in (FAIL, UNKNOWN) for e in s.evidence)

    @property
    def checks(self) -> dict:
        return {s.check: s.result for s in self.steps}


def _unique(items):
    seen = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def primary_nic_id(vm: Vm, inv: Inventory) -> Optional[str]:
    """The NIC that carries the VM's default route: the one marked primary, else the first."""
    nics = [inv.nics.get(key(n)) for n in vm.nic_ids]
    marked = [n for n in nics if n is not None and n.primary]
    if marked:
        return marked[0].id
    return vm.nic_ids[0] if vm.nic_ids else None


def platform_step(policy: Policy, flag: Optional[bool], nic_id: Optional[str],
                  refresh: Optional[Refresh] = None) -> Step:
    """The subscription's documented rule, cross-checked with the NIC's observed allowPort25Out."""
    source = f"{policy.edition.source} (edition {policy.edition.edition})"
    rule = policy.rule_id or "no single rule"
    flag_text = "not reported" if flag is None else str(flag).lower()
    evidence = [f"rule {rule}: {policy.status}", f"NIC {nic_id}: allowPort25Out={flag_text}"]

    def step(result, detail, actions=()):
        return Step("platform-port25", result, detail, evidence, source, "platform", list(actions))

    status = policy.status
    if status == "unknown":
        why = f"Rule {rule}: this edition does not document the offer" if policy.rule_id else \
            "The subscription's offer is not confirmed"
        return step(UNKNOWN, f"{why}, so the platform rule is unknown.", policy.actions)
    if status == "not-blocked":
        if flag is False:
            return step(UNKNOWN, "The documented rule says the offer is not blocked, but the platform reports "
                                 "allowPort25Out=false on this NIC; the two disagree (uncertain: a recent offer change "
                                 "may not be picked up until the VM is deallocated and started).", ["test-port25"])
        return step(PASS, f"Rule {rule}: outbound TCP 25 is not blocked for this offer.")
    if status == "blocked":
        if flag is True:
            return step(UNKNOWN, "The documented rule blocks this offer, but the platform reports allowPort25Out=true "
                                 "on this NIC (possibly an exemption granted under an earlier edition; uncertain).",
                        ["test-port25"])
        return step(FAIL, f"Rule {rule}: the platform blocks outbound TCP 25 for this offer.", policy.actions)
    if status == "exemptible":
        return step(FAIL, f"Rule {rule}: blocked by default; a self-service exemption is available.", policy.actions)
    # exempted: the NIC flag first, then whether the VM was (re)allocated since the exemption
    refresh = refresh or Refresh("unknown", "whether this VM picked up the new policy is not known")
    evidence.append(f"picked up the new policy: {refresh.status} ({refresh.reason})")
    after = policy.edition.follow_up_for("deallocate-and-start").id
    redo = f"{after}: stop, deallocate and start it (a reboot is not enough)."
    if flag is True:
        return step(PASS, "The subscription is exempted and this NIC reports allowPort25Out=true.")
    if flag is False and refresh.status == "yes":
        return step(UNKNOWN, f"The NIC still reports allowPort25Out=false although {refresh.reason} (uncertain: "
                             "the flag may lag behind).", ["test-port25"])
    if flag is False:
        return step(FAIL, f"The subscription is exempted but this NIC still reports allowPort25Out=false "
                          f"({refresh.reason}). {redo}", ["deallocate-and-start"])
    if refresh.status == "yes":
        return step(PASS, f"The subscription is exempted and the VM picked up the new policy: {refresh.reason}.")
    if refresh.status == "no":
        return step(FAIL, f"The subscription is exempted but the VM has not picked up the new policy: "
                          f"{refresh.reason}. {redo}", ["deallocate-and-start"])
    return step(UNKNOWN, f"The subscription is exempted, but whether this VM picked up the new policy is unknown: "
                         f"{refresh.reason}.", ["deallocate-and-start"])


def missing_nic_step(nic_id: Optional[str], inv: Inventory) -> Step:
    """A NIC we could not read leaves the network path unknown: say why and how to settle it."""
    why = inv.unread_reason("network interfaces")
    return Step("network-interface", UNKNOWN, f"NIC {nic_id or '(none)'} could not be read: {why}.",
                [nic_id] if nic_id else [], blocks_as=None)


def _primary_ipconfig(nic: Nic) -> Optional[IpConfig]:
    marked = [c for c in nic.ip_configs if c.primary]
    return (marked or nic.ip_configs or [None])[0]


def route_step(route: RouteChoice, inv: Inventory, policy: Policy) -> Step:
    """Where the subnet sends internet traffic; only a direct route is covered by an exemption."""
    evidence = [f"{route.prefix} -> {route.next_hop}" + (f" {route.next_hop_ip}" if route.next_hop_ip else "")
                + f" ({route.origin})"] + route.caveats
    hop = route.next_hop.lower()
    if hop == "internet":
        return Step("route", PASS, f"Internet traffic goes directly to the internet ({route.origin}).", evidence)
    if hop == "none":
        return Step("route", FAIL, f"{route.origin} sends {route.prefix} to None: the traffic is dropped.", evidence,
                    blocks_as="route", actions=["fix-route"])
    scope_note = _scope_note(policy)
    if hop == "virtualappliance":
        fw = firewall_at(route, inv)
        if fw:
            return Step("route", INFO, f"{route.origin} sends internet traffic through Azure Firewall {fw.name}.",
                        evidence + [fw.id])
        return Step("route", UNKNOWN, f"{route.origin} forces internet traffic through network virtual appliance "
                                      f"{route.next_hop_ip}: whether TCP 25 leaves depends on that device."
                    + scope_note, evidence, actions=["check-appliance"])
    return Step("route", UNKNOWN, f"{route.origin} sends internet traffic to {route.next_hop} (forced "
                                  "tunnelling): whether TCP 25 leaves depends on the network at the other end."
                + scope_note, evidence, actions=["check-on-premises-egress"])


def _scope_note(policy: Policy) -> str:
    """After (or before) an exemption: it covers only traffic routed directly to the internet."""
    if policy.status not in ("exemptible", "exempted"):
        return ""
    rule = policy.edition.follow_up("SMTP25-SCOPE-DIRECT")
    return f" {rule.id}: an exemption covers only VM traffic routed directly to the internet."


def firewall_at(route: RouteChoice, inv: Inventory):
    """The Azure Firewall whose private IP is the route's next hop, if we read it."""
    return next((f for f in inv.firewalls.values() if route.next_hop_ip in f.private_ips), None)


def firewall_step(fw, ipc: IpConfig, vm: Vm, policy: Policy, destination) -> Step:
    """The firewall's classic network rules for TCP 25; an allow still leaves through the firewall's own egress."""
    decision = evaluate_firewall(fw, ipc.private_ip, destination)
    evidence = [fw.id, decision.detail] + decision.caveats
    actions = ["check-firewall-network-rule"]
    if decision.access is None:
        return Step("firewall", UNKNOWN, f"Azure Firewall {fw.name}: {decision.detail}.", evidence, actions=actions)
    if decision.access.lower() != "allow":
        return Step("firewall", FAIL, f"Azure Firewall {fw.name}: {decision.detail}.", evidence, blocks_as="firewall",
                    actions=actions)
    if (subscription_of(fw.id) or "").lower() != (vm.subscription_id or "").lower():
        return Step("firewall", UNKNOWN, f"Azure Firewall {fw.name} allows TCP 25 ({decision.detail}), but it is in "
                                         "another subscription, whose offer decides whether the platform lets it "
                                         "out.", evidence, actions=["confirm-offer"])
    note = _scope_note(policy)
    if note:
        return Step("firewall", UNKNOWN, f"Azure Firewall {fw.name} allows TCP 25 ({decision.detail}), but the "
                                         f"traffic is not routed directly to the internet.{note}", evidence,
                    actions=["use-authenticated-relay"])
    return Step("firewall", PASS, f"Azure Firewall {fw.name} allows TCP 25: {decision.detail}.", evidence)


def egress_for(route: RouteChoice, inv: Inventory, egress: Optional[Egress]) -> str:
    hop = route.next_hop.lower()
    if hop == "internet":
        return egress.method if egress else "unknown"
    if hop == "virtualappliance":
        return "firewall" if firewall_at(route, inv) else "appliance"
    return {"none": "none", "virtualnetworkgateway": "gateway"}.get(hop, "unknown")


def outbound_step(egress: Egress) -> Step:
    if egress.method == "none":
        return Step("outbound", FAIL, f"No outbound path: {egress.detail}.", [egress.resource], blocks_as="no-outbound",
                    actions=["add-nat-gateway"])
    if egress.method == "unknown":
        return Step("outbound", UNKNOWN, f"Outbound path unknown: {egress.detail}.", [egress.resource],
                    actions=["add-nat-gateway"])
    return Step("outbound", PASS, f"Outbound through {egress.method}: {egress.detail}.", [egress.resource])


def nsg_step(where: str, nsg_id: Optional[str], ipc: IpConfig, inv: Inventory, space: List[str], destination) -> Step:
    check = f"nsg-{where}"
    if nsg_id and key(nsg_id) not in inv.nsgs:
        why = inv.unread_reason("network security groups")
        return Step(check, UNKNOWN, f"The {where} NSG {name_of(nsg_id)} could not be read: {why}.", [nsg_id])
    decision = evaluate_nsg(inv.nsgs.get(key(nsg_id)) if nsg_id else None, ipc, space, destination)
    evidence = ([decision.nsg.id, decision.describe()] if decision.nsg else []) + decision.caveats
    if decision.access is None:
        return Step(check, PASS, f"No NSG on the {where}.", evidence)
    if decision.access.lower() == "allow":
        return Step(check, PASS, f"{decision.describe()} for TCP 25 to the internet.", evidence)
    return Step(check, FAIL, f"{decision.describe()}: outbound TCP 25 is denied on the {where}.", evidence,
                blocks_as="nsg", actions=["fix-nsg-rule"])


def network_steps(vm: Vm, nic: Nic, inv: Inventory, policy: Policy, destination=None):
    """Route, outbound method and both NSGs for the NIC's primary IP configuration; returns (steps, egress)."""
    ipc = _primary_ipconfig(nic)
    subnet = inv.subnets.get(key(ipc.subnet_id)) if ipc else None
    if subnet is None:
        why = inv.unread_reason("virtual networks")
        return [Step("subnet", UNKNOWN, f"Subnet {ipc.subnet_id if ipc else '(none)'} could not be read: {why}.",
                     [ipc.subnet_id] if ipc else [])], "unknown"
    vnet = inv.vnets.get(key(subnet.vnet_id))
    space = vnet.address_space if vnet else subnet.prefixes
    nsgs = [nsg_step("NIC", nic.nsg_id, ipc, inv, space, destination),
            nsg_step("subnet", subnet.nsg_id, ipc, inv, space, destination)]
    if subnet.route_table_id and key(subnet.route_table_id) not in inv.route_tables:
        why = inv.unread_reason("route tables")
        unread = Step("route", UNKNOWN, f"The subnet's route table {name_of(subnet.route_table_id)} could "
                                        f"not be read: {why}.", [subnet.route_table_id])
        return [unread] + nsgs, "unknown"
    route = internet_route(subnet, inv, space, destination)
    steps = [route_step(route, inv, policy)]
    egress = None
    if route.next_hop.lower() == "internet":
        egress = outbound_method(nic, ipc, subnet, inv)
        steps.append(outbound_step(egress))
    fw = firewall_at(route, inv) if route.next_hop.lower() == "virtualappliance" else None
    if fw:
        steps.append(firewall_step(fw, ipc, vm, policy, destination))
    return steps + nsgs, egress_for(route, inv, egress)


def analyze_vm(vm: Vm, inv: Inventory, policy: Policy, destination=None) -> VmAnalysis:
    """All checks for one VM, in the order a person would follow them."""
    nic_id = primary_nic_id(vm, inv)
    nic = inv.nics.get(key(nic_id)) if nic_id else None
    flag = nic.allow_port25_out if nic else None
    refresh = vm_refresh(vm, policy.exempted_at, inv) if policy.status == "exempted" else None
    steps = [platform_step(policy, flag, nic_id, refresh)]
    if nic is None:
        return VmAnalysis(vm, steps + [missing_nic_step(nic_id, inv)], flag, "unknown")
    if len(vm.nic_ids) > 1:
        steps.append(Step("nics", INFO, f"The VM has {len(vm.nic_ids)} NICs; the primary NIC {nic.name} carries "
                                        "the default route, so it is the one judged.", list(vm.nic_ids)))
    path, egress = network_steps(vm, nic, inv, policy, destination)
    return VmAnalysis(vm, steps + path, flag, egress)
