"""NSG evaluation for outbound TCP 25: the first matching rule by priority, NIC then subnet, over exact sets."""
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from .addresses import (PUBLIC, SMTP_PORT, AddressSet, client_ports, covers, describe, host, point, port_matches,
                        prefixes_set)
from .i18n import message
from .memo import Memo
from .model import IpConfig, Nsg, SecurityRule, key
from .split import Entry, Piece, Walk, choose, disagreeing, unread_first, walk

# The three default outbound rules every NSG has (used when a body omits defaultSecurityRules).
DEFAULT_OUTBOUND = [
    SecurityRule("AllowVnetOutBound", 65000, "Outbound", "Allow", "*", ["VirtualNetwork"], ["*"],
                 source_prefixes=["VirtualNetwork"], default=True),
    SecurityRule("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", ["Internet"], ["*"], default=True),
    SecurityRule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", ["*"], ["*"], default=True),
]


@dataclass
class NsgDecision:
    access: Optional[str]  # Allow | Deny | Unknown (a service tag decides a given receiver) | None (no NSG)
    nsg: Optional[Nsg]
    rule: Optional[SecurityRule]
    caveats: List[str] = field(default_factory=list)

    def describe(self):
        if self.nsg is None:
            return message("nsg.none")
        return message("nsg.default-rule" if self.rule.default else "nsg.rule", nsg=self.nsg.name,
                       rule=self.rule.name, priority=str(self.rule.priority), access=self.access)


def _label(rule: SecurityRule) -> str:
    return message("nsg.label-default" if rule.default else "nsg.label", access=rule.access, rule=rule.name,
                   priority=str(rule.priority))


def _source_address_matches(rule: SecurityRule, ipc: IpConfig, vnet_space: List[str]) -> bool:
    """Does the rule's source hold the VM's own address? Its traffic leaves from VNet space, which the `Internet`
    tag (the space outside the virtual network) never holds, whatever ranges the VNet uses."""
    if rule.source_asg_ids:
        return bool({key(a) for a in rule.source_asg_ids} & {key(a) for a in ipc.asg_ids})
    for prefix in rule.source_prefixes:
        low = prefix.strip().lower()
        if low == "internet":
            continue
        if low in ("*", "any", "0.0.0.0/0"):
            return True
        if low == "virtualnetwork" and ipc.private_ip:
            return any(covers(p, ipc.private_ip) for p in vnet_space)
        if ipc.private_ip and covers(prefix, ipc.private_ip):
            return True
    return False


def _smtp_rules(group: Nsg) -> List[Tuple[SecurityRule, str]]:
    """The outbound rules that can carry TCP to port 25 from some source, by priority, with their client ports."""
    rules = [r for r in group.rules if (r.direction or "").lower() == "outbound"]
    if not any(r.default for r in rules):
        rules += DEFAULT_OUTBOUND
    found = []
    for rule in sorted(rules, key=lambda r: r.priority):
        carries = (rule.protocol or "*").lower() in ("tcp", "*", "all")
        if not carries or not port_matches(rule.destination_ports, SMTP_PORT):
            continue
        ports = client_ports(rule.source_ports)  # SMTP clients use ephemeral ports: only all of them decide
        if ports != "none":
            found.append((rule, ports))
    return found


def _entries(rules: List[Tuple[SecurityRule, str]]):
    for rule, ports in rules:
        if rule.destination_asg_ids and not rule.destination_prefixes:
            covered, unread = AddressSet(), []  # an ASG holds VM NICs, never an internet receiver
        else:
            covered, unread = prefixes_set(rule.destination_prefixes)
        yield Entry(covered, rule.access, rule, unread, decides=ports == "all")


def _rules_walk(rules: List[Tuple[SecurityRule, str]], receivers: AddressSet) -> Walk:
    """The exact pieces of `receivers` each rule decides; receivers no rule holds get DenyAllOutBound."""
    result = walk(receivers, _entries(rules))
    if result.rest:
        result.pieces.append(Piece(result.rest, "Deny", DEFAULT_OUTBOUND[-1]))
        result.rest = AddressSet()
    return result


def _matched(group: Nsg, ipc: IpConfig, vnet_space: List[str], memo: Memo):
    """(the rules that can carry TCP 25, whether each holds this source): IP configurations matching the same rules
    get the same answer."""
    rules = memo.once(group, "smtp rules", lambda: _smtp_rules(group))
    return rules, tuple(_source_address_matches(rule, ipc, vnet_space) for rule, _ in rules)


def nsg_walk(group: Nsg, ipc: IpConfig, vnet_space: List[str], receivers: AddressSet = PUBLIC) -> Walk:
    """The exact pieces of `receivers` each rule decides for this IP configuration's traffic."""
    rules, holds = _matched(group, ipc, vnet_space, Memo())
    return _rules_walk([r for r, hit in zip(rules, holds) if hit], receivers)


def _notes(reached: List[Entry]) -> List[str]:
    notes = []
    for entry in reached:
        rule = entry.source
        if not entry.decides:
            notes.append(message("nsg.source-ports", rule=_label(rule), ports=rule.source_ports))
        else:
            notes.append(message("nsg.unread-tags", rule=_label(rule), tags=entry.unread))
    return notes


def _summary(main: Piece, same: List[Piece], others: List[Piece]) -> List[str]:
    caveats = []
    if same:
        rules = [_label(p.source) for p in [main] + same]
        caveats.append(message("nsg.together-others" if others else "nsg.together-all", rules=rules))
    for piece in others:
        caveats.append(message("nsg.decides", rule=_label(piece.source), addresses=describe(piece.addresses)))
    return caveats


def _one(group: Nsg, result: Walk, destination: str) -> NsgDecision:
    """One receiver: a rule naming unread ranges first decides it only when its access differs from the one the
    receiver gets without it (then Unknown); one giving the same access either way stays in the evidence."""
    main, other = result.pieces[0], disagreeing(result)
    notes = _notes([e for e in result.reached if not e.decides])
    for entry in unread_first(result):
        notes.append(message("nsg.tag-may-hold", rule=_label(entry.source), tags=entry.unread, destination=destination)
                     if entry.outcome != main.outcome else
                     message("nsg.tag-same-access", rule=_label(entry.source), tags=entry.unread,
                             destination=destination, access=main.outcome))
    if other is not None:
        return NsgDecision("Unknown", group, other.source, notes)
    return NsgDecision(main.outcome, group, main.source, notes)


def evaluate_nsg(group: Optional[Nsg], ipc: IpConfig, vnet_space: List[str], destination=None,
                 memo: Optional[Memo] = None) -> NsgDecision:
    """First matching outbound rule by priority for TCP from this IP configuration to port 25.

    For one receiver: its deciding rule (Unknown when a service-tag rule with another access might hold it first).
    For any receiver (None): the access most public receivers get, with caveats naming the exact ranges of the
    other access. With a `memo` (the inventory's), the NSG is walked once for all IP configurations whose source
    its rules match alike."""
    if group is None:
        return NsgDecision(None, None, None)
    memo = memo or Memo()
    rules, holds = _matched(group, ipc, vnet_space, memo)
    return memo.once(group, (holds, destination),
                     lambda: _decide(group, [r for r, hit in zip(rules, holds) if hit], destination))


def _decide(group: Nsg, rules: List[Tuple[SecurityRule, str]], destination) -> NsgDecision:
    if destination is not None:
        return _one(group, _rules_walk(rules, point(host(destination))), destination)
    result = _rules_walk(rules, PUBLIC)
    main, same, others = choose(result.pieces, lambda access: 0 if access == "Deny" else 1)
    return NsgDecision(main.outcome, group, main.source, _summary(main, same, others) + _notes(result.reached))
