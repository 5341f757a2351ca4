"""NSG evaluation for outbound TCP 25: the first matching rule by priority, NIC then subnet."""
from dataclasses import dataclass, field
from typing import List, Optional

from .addresses import PROBES, SMTP_PORT, covers, host, network, port_matches, prefixes_match, unanimous
from .model import IpConfig, Nsg, SecurityRule, key

# The three default outbound rules every NSG has (used when a body omits defaultSecurityRules).
DEFAULT_OUTBOUND = [
    SecurityRule("AllowVnetOutBound", 65000, "Outbound", "Allow", "*", ["VirtualNetwork"], ["*"],
                 source_prefixes=["VirtualNetwork"], default=True),
    SecurityRule("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", ["Internet"], ["*"], default=True),
    SecurityRule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", ["*"], ["*"], default=True),
]


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


def _destination_matches(rule: SecurityRule, destination) -> Optional[bool]:
    if rule.destination_asg_ids and not rule.destination_prefixes:
        return False  # an ASG holds VM NICs, never an internet receiver
    return prefixes_match(rule.destination_prefixes, destination)


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
            return any(covers(p, host(ipc.private_ip)) for p in vnet_space)
        if ipc.private_ip and network(prefix) is not None and covers(prefix, host(ipc.private_ip)):
            return True
    return False


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
        if not port_matches(rule.destination_ports, SMTP_PORT) or not _source_matches(rule, ipc, vnet_space):
            continue
        dest = _destination_matches(rule, destination)
        if dest is None:
            caveats.append(f"{rule.access} rule {rule.name} (priority {rule.priority}) applies to receivers in "
                           f"{', '.join(rule.destination_prefixes)} only")
            continue
        if dest:
            if destination is None and caveats:
                probed = [evaluate_nsg(group, ipc, vnet_space, p) for p in PROBES]
                return unanimous(probed, lambda d: d.access) or NsgDecision(rule.access, group, rule, caveats)
            return NsgDecision(rule.access, group, rule, caveats)
    return NsgDecision("Deny", group, DEFAULT_OUTBOUND[-1], caveats)  # unreachable with DenyAllOutBound present
