"""The network half of the answer: route, outbound method and NSGs for TCP 25 to the internet.

Pure functions over the model. A destination of None means "any internet mail server":
only rules and routes that cover the whole internet decide; narrower ones are reported
as caveats, because they decide only for some receivers.
"""
import ipaddress
from dataclasses import dataclass, field
from typing import List, Optional

from .model import Firewall, FirewallRule, Inventory, IpConfig, Nic, Nsg, SecurityRule, Subnet, key

SMTP_PORT = 25
PRIVATE_SYSTEM_ROUTES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]
ANY = {"*", "any", "internet", "0.0.0.0/0"}
# One public address per /8: when rules or routes cover only parts of the internet, they decide for
# "any receiver" only if they decide the same way for every one of these (e.g. 0.0.0.0/1 + 128.0.0.0/1).
PROBES = [str(a) for a in (ipaddress.ip_address(f"{i}.1.2.3") for i in range(1, 224)) if a.is_global]

# The three default outbound rules every NSG has (used when a body omits defaultSecurityRules).
DEFAULT_OUTBOUND = [
    SecurityRule("AllowVnetOutBound", 65000, "Outbound", "Allow", "*", ["VirtualNetwork"], ["*"],
                 source_prefixes=["VirtualNetwork"], default=True),
    SecurityRule("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", ["Internet"], ["*"], default=True),
    SecurityRule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", ["*"], ["*"], default=True),
]


@dataclass
class RouteChoice:
    next_hop: str  # Internet | VirtualAppliance | VirtualNetworkGateway | None | VnetLocal
    prefix: str
    origin: str  # "user route <table>/<name>" or "system route"
    next_hop_ip: Optional[str] = None
    caveats: List[str] = field(default_factory=list)


@dataclass
class NsgDecision:
    access: Optional[str]  # Allow | Deny | None (no NSG)
    nsg: Optional[Nsg]
    rule: Optional[SecurityRule]
    caveats: List[str] = field(default_factory=list)

    def describe(self):
        if self.nsg is None:
            return "no NSG"
        kind = "default rule" if self.rule.default else "rule"
        return f"NSG {self.nsg.name}: {kind} {self.rule.name} (priority {self.rule.priority}) -> {self.rule.access}"


def _net(prefix):
    try:
        return ipaddress.ip_network(prefix, strict=False)
    except ValueError:
        return None


def _covers(prefix: str, destination) -> Optional[bool]:
    """Does a CIDR/IP prefix (or an a-b range) cover the destination? None: it covers part of the internet only."""
    if "-" in prefix:
        low, _, high = (_net(p) for p in prefix.partition("-"))
        if low is None or high is None:
            return False
        if destination is None:
            return None
        return low.network_address <= ipaddress.ip_address(destination) <= high.network_address
    net = _net(prefix)
    if net is None or net.version != 4:
        return False
    if destination is None:
        return True if net.prefixlen == 0 else (None if net.is_global else False)
    return ipaddress.ip_address(destination) in net


# --- routes -------------------------------------------------------------------
def internet_route(subnet: Subnet, inv: Inventory, vnet_space: List[str], destination=None) -> RouteChoice:
    """Longest prefix match over the subnet's user routes and the system routes; user routes win ties."""
    table = inv.route_tables.get(key(subnet.route_table_id)) if subnet.route_table_id else None
    candidates = []  # (prefix length, preference, RouteChoice)
    caveats = []
    for route in table.routes if table else []:
        covered = _covers(route.prefix, destination)
        if covered:
            candidates.append((_net(route.prefix).prefixlen, 1,
                               RouteChoice(route.next_hop_type, route.prefix, f"user route {table.name}/{route.name}",
                                           route.next_hop_ip)))
        elif covered is None:
            caveats.append(f"user route {table.name}/{route.name} sends {route.prefix} to {route.next_hop_type}: "
                           "it decides for receivers in that range")
    system = [("0.0.0.0/0", "Internet")] + [(p, "VnetLocal") for p in vnet_space]
    system += [(p, "None") for p in PRIVATE_SYSTEM_ROUTES]
    for prefix, hop in system:
        if prefix == "0.0.0.0/0" or (destination is not None and _covers(prefix, destination)):
            candidates.append((_net(prefix).prefixlen, 0, RouteChoice(hop, prefix, "system route")))
    choice = max(candidates, key=lambda c: (c[0], c[1]))[2]
    choice.caveats = caveats
    if destination is None and caveats:
        return _unanimous([internet_route(subnet, inv, vnet_space, p) for p in PROBES],
                          lambda r: (r.next_hop, r.next_hop_ip)) or choice
    return choice


def _unanimous(outcomes, identity):
    """The outcome every probe agrees on, noting that narrower prefixes decide together; else None."""
    if len({identity(o) for o in outcomes}) != 1:
        return None
    outcome = outcomes[0]
    outcome.caveats = ["narrower prefixes together cover every internet receiver"]
    return outcome


# --- NSGs ---------------------------------------------------------------------
def _port_matches(ranges: List[str], port: int) -> bool:
    for item in ranges:
        item = item.strip()
        if item in ("*", "Any"):
            return True
        low, _, high = item.partition("-")
        if low.isdigit() and int(low) <= port <= int(high or low):
            return True
    return False


def _destination_matches(rule: SecurityRule, destination) -> Optional[bool]:
    if rule.destination_asg_ids and not rule.destination_prefixes:
        return False  # an ASG holds VM NICs, never an internet receiver
    return _prefixes_match(rule.destination_prefixes, destination)


def _prefixes_match(prefixes: List[str], destination) -> Optional[bool]:
    """True, False, or None when they cover only part of the internet (or an unevaluable tag, FQDN, IP group)."""
    results = []
    for prefix in prefixes:
        low = prefix.lower()
        if low in ANY:
            return True
        if low == "virtualnetwork":
            results.append(False)
        elif _net(prefix.split("-")[0]) is not None:
            results.append(_covers(prefix, destination))
        else:
            results.append(None)  # a service tag (AzureCloud, ...), an FQDN or an IP group: not evaluable here
    if True in results:
        return True
    return None if None in results else False


def _source_matches(rule: SecurityRule, ipc: IpConfig, vnet_space: List[str]) -> bool:
    if rule.source_asg_ids:
        return bool({key(a) for a in rule.source_asg_ids} & {key(a) for a in ipc.asg_ids})
    if not any(p.strip() in ("*", "Any", "0-65535") for p in rule.source_ports):
        return False  # SMTP clients use ephemeral source ports: a rule pinned to some never decides for all

    for prefix in rule.source_prefixes:
        low = prefix.lower()
        if low in ("*", "any", "0.0.0.0/0"):
            return True
        if low == "virtualnetwork" and ipc.private_ip:
            return any(_covers(p, _ip(ipc.private_ip)) for p in vnet_space)
        if ipc.private_ip and _net(prefix) is not None and _covers(prefix, _ip(ipc.private_ip)):
            return True
    return False


def _ip(address: str) -> str:
    """NICs may report `10.0.0.4/28` (see the spec example): keep the address."""
    return address.split("/")[0]


def evaluate_nsg(group: Optional[Nsg], ipc: IpConfig, vnet_space: List[str], destination=None) -> NsgDecision:
    """First matching outbound rule by priority for TCP from this IP configuration to port 25."""
    if group is None:
        return NsgDecision(None, None, None)
    rules = [r for r in group.rules if (r.direction or "").lower() == "outbound"]
    if not any(r.default for r in rules):
        rules += DEFAULT_OUTBOUND
    caveats = []
    for rule in sorted(rules, key=lambda r: r.priority):
        if (rule.protocol or "*").lower() not in ("tcp", "*", "all"):
            continue
        if not _port_matches(rule.destination_ports, SMTP_PORT) or not _source_matches(rule, ipc, vnet_space):
            continue
        dest = _destination_matches(rule, destination)
        if dest is None:
            caveats.append(f"{rule.access} rule {rule.name} (priority {rule.priority}) applies to receivers in "
                           f"{', '.join(rule.destination_prefixes)} only")
            continue
        if dest:
            if destination is None and caveats:
                probed = [evaluate_nsg(group, ipc, vnet_space, p) for p in PROBES]
                return _unanimous(probed, lambda d: d.access) or NsgDecision(rule.access, group, rule, caveats)
            return NsgDecision(rule.access, group, rule, caveats)
    return NsgDecision("Deny", group, DEFAULT_OUTBOUND[-1], caveats)  # unreachable with DenyAllOutBound present


# --- outbound method ----------------------------------------------------------
@dataclass
class Egress:
    method: str  # nat-gateway | public-ip | load-balancer | default-outbound | none | unknown
    detail: str
    resource: Optional[str] = None


def outbound_method(nic: Nic, ipc: IpConfig, subnet: Subnet, inv: Inventory) -> Egress:
    """NAT gateway > instance public IP > load balancer outbound rule > default outbound access > none."""
    if subnet.nat_gateway_id:
        return Egress("nat-gateway", f"the subnet uses NAT gateway {subnet.nat_gateway_id.rsplit('/', 1)[1]}",
                      subnet.nat_gateway_id)
    if ipc.public_ip_id:
        return Egress("public-ip", f"the NIC has public IP {ipc.public_ip_id.rsplit('/', 1)[1]}", ipc.public_ip_id)
    pools = {key(p) for p in ipc.backend_pool_ids}
    for lb in inv.load_balancers.values():
        if pools & {key(p) for p in lb.outbound_pool_ids}:
            return Egress("load-balancer", f"load balancer {lb.name} has an outbound rule for the NIC's backend pool",
                          lb.id)
    unread = [p for p in ipc.backend_pool_ids if key(p.split("/backendAddressPools/")[0]) not in inv.load_balancers]
    if unread:
        return Egress("unknown", f"load balancer {unread[0].split('/backendAddressPools/')[0].rsplit('/', 1)[1]} of "
                                 f"the NIC's backend pool could not be read ({inv.unread_reason('load balancers')}), "
                                 "so whether an outbound rule serves it is unknown", unread[0])
    if subnet.default_outbound_access is False:
        return Egress("none", f"subnet {subnet.name} is private (defaultOutboundAccess: false) and has no NAT "
                              "gateway, public IP or load balancer outbound rule", subnet.id)
    if subnet.default_outbound_access is True or nic.default_outbound_enabled:
        return Egress("default-outbound", "default outbound access (retired for new VNets; Microsoft recommends an "
                                          "explicit method)", subnet.id)
    if nic.default_outbound_enabled is False:
        return Egress("none", "the NIC reports defaultOutboundConnectivityEnabled: false and no explicit outbound "
                              "method exists", nic.id)
    return Egress("unknown", f"subnet {subnet.name} does not say whether default outbound access applies "
                             "(defaultOutboundAccess not set) and no explicit outbound method exists", subnet.id)


# --- Azure Firewall -------------------------------------------------------------
@dataclass
class FirewallDecision:
    access: Optional[str]  # Allow | Deny | None (rules not readable here)
    rule: Optional[FirewallRule]
    detail: str
    caveats: List[str] = field(default_factory=list)


def evaluate_firewall(fw: Firewall, source_ip: Optional[str], destination=None) -> FirewallDecision:
    """Classic network rule collections by priority for TCP to port 25; no match means the firewall denies."""
    if fw.policy_id:
        return FirewallDecision(None, None, f"its rules live in Firewall Policy {fw.policy_id.rsplit('/', 1)[1]}, "
                                            "which az smtp does not read yet")
    caveats = []
    for rule in sorted(fw.network_rules, key=lambda r: r.priority):
        if not {p.lower() for p in rule.protocols} & {"tcp", "any"} or not _port_matches(rule.ports, SMTP_PORT):
            continue
        if source_ip and not any(s == "*" or _covers(s, _ip(source_ip)) for s in rule.sources):
            continue
        dest = _prefixes_match(rule.destinations, destination)
        label = f"network rule {rule.collection}/{rule.name} (priority {rule.priority})"
        if dest is None:
            caveats.append(f"{rule.action} {label} applies to receivers in {', '.join(rule.destinations)} only")
        elif dest:
            return FirewallDecision(rule.action, rule, f"{label} -> {rule.action}", caveats)
    return FirewallDecision("Deny", None, "no network rule allows TCP 25, so the firewall denies it (application "
                                          "rules do not carry SMTP)", caveats)
