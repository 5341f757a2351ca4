"""Azure Firewall network rules for TCP 25 (SMTP is not carried by application rules), over exact sets."""
from dataclasses import dataclass, field
from typing import List, Optional

from .addresses import PUBLIC, SMTP_PORT, AddressSet, covers, describe, host, point, port_matches, prefixes_set
from .ids import name_of
from .model import Firewall, FirewallRule
from .split import Entry, Piece, Walk, choose, walk

NO_MATCH = "no network rule allows TCP 25, so the firewall denies it (application rules do not carry SMTP)"


@dataclass
class FirewallDecision:
    access: Optional[str]  # Allow | Deny | Unknown (an FQDN/IP group/tag decides a given receiver) | None (policy)
    rule: Optional[FirewallRule]
    detail: str
    caveats: List[str] = field(default_factory=list)


def _label(rule: FirewallRule) -> str:
    return f"network rule {rule.collection}/{rule.name} (priority {rule.priority})"


def _entries(fw: Firewall, source_ip: Optional[str]):
    for rule in sorted(fw.network_rules, key=lambda r: r.priority):
        if not {p.lower() for p in rule.protocols} & {"tcp", "any"} or not port_matches(rule.ports, SMTP_PORT):
            continue
        if source_ip and not any(s.strip() == "*" or covers(s, source_ip) for s in rule.sources):
            continue
        covered, unread = prefixes_set(rule.destinations)
        yield Entry(covered, rule.action, rule, unread)


def firewall_walk(fw: Firewall, source_ip: Optional[str], receivers: AddressSet = PUBLIC,
                  stop_at_unread: bool = False) -> Walk:
    """The exact pieces of `receivers` each network rule decides; receivers no rule holds are denied."""
    result = walk(receivers, _entries(fw, source_ip), stop_at_unread)
    if result.rest and result.unknown is None:
        result.pieces.append(Piece(result.rest, "Deny", None))
        result.rest = AddressSet()
    return result


def _detail(piece: Piece) -> str:
    return f"{_label(piece.source)} -> {piece.outcome}" if piece.source else NO_MATCH


def _summary(main: Piece, same: List[Piece], others: List[Piece]) -> List[str]:
    caveats = []
    if same:
        rules = ", ".join(_detail(p) for p in [main] + same)
        reach = "cover every internet receiver" if not others else "decide the other receivers"
        caveats.append(f"narrower prefixes together {reach}: {rules}")
    for piece in others:
        caveats.append(f"{_detail(piece)} for {describe(piece.addresses)}")
    return caveats


def _notes(reached: List[Entry]) -> List[str]:
    return [f"{entry.outcome} {_label(entry.source)} applies to receivers in {', '.join(entry.unread)} only, which "
            "az smtp does not evaluate: for those receivers the answer is unknown" for entry in reached]


def evaluate_firewall(fw: Firewall, source_ip: Optional[str], destination=None) -> FirewallDecision:
    """Classic network rule collections by priority for TCP to port 25; no match means the firewall denies.

    For any receiver (None): the action most public receivers get, with caveats naming the exact ranges of
    the others; for one receiver: Unknown when a rule naming an FQDN, IP group or tag might hold it first."""
    if fw.policy_id:
        return FirewallDecision(None, None, f"its rules live in Firewall Policy {name_of(fw.policy_id)}, "
                                            "which az smtp does not read yet")
    source = host(source_ip) if source_ip else None
    receivers = PUBLIC if destination is None else point(host(destination))
    result = firewall_walk(fw, source, receivers, stop_at_unread=destination is not None)
    if result.unknown is not None:
        rule = result.unknown.source
        return FirewallDecision("Unknown", rule, f"{_label(rule)} names {', '.join(result.unknown.unread)}, which "
                                                 f"az smtp does not evaluate: whether it holds {destination} is "
                                                 "unknown", _notes(result.reached))
    main, same, others = choose(result.pieces, lambda action: 0 if action == "Deny" else 1)
    return FirewallDecision(main.outcome, main.source, _detail(main),
                            _summary(main, same, others) + _notes(result.reached))
