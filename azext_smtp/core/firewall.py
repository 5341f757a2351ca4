"""Azure Firewall network rules for TCP 25 (SMTP is not carried by application rules), over exact sets."""
from dataclasses import dataclass, field
from typing import List, Optional

from .addresses import PUBLIC, SMTP_PORT, AddressSet, covers, describe, host, point, port_matches, prefixes_set
from .i18n import message
from .model import Firewall, FirewallRule
from .split import Entry, Piece, Walk, choose, disagreeing, unread_first, walk


@dataclass
class FirewallDecision:
    access: Optional[str]  # Allow | Deny | Unknown (an FQDN/IP group/tag decides a given receiver) | None (unread)
    rule: Optional[FirewallRule]
    detail: str
    caveats: List[str] = field(default_factory=list)


def label(rule: FirewallRule) -> str:
    if rule.group is None:
        return message("firewall.classic-rule", rule=f"{rule.collection}/{rule.name}", priority=str(rule.priority))
    return message("firewall.policy-rule", rule=f"{rule.policy}/{rule.group}/{rule.collection}/{rule.name}",
                   group_priority=str(rule.group_priority), priority=str(rule.priority))


def smtp_rule(rule: FirewallRule) -> bool:
    """Does the rule match TCP to port 25 at all (protocol TCP or Any, destination ports holding 25)?"""
    return bool({p.lower() for p in rule.protocols} & {"tcp", "any"}) and port_matches(rule.ports, SMTP_PORT)


def holds_source(rule: FirewallRule, source_ip: Optional[str]) -> bool:
    """Does the rule's source hold `source_ip` (every source when None)?"""
    return not source_ip or any(s.strip() == "*" or covers(s, source_ip) for s in rule.sources)


def _entries(rules: List[FirewallRule], source_ip: Optional[str]):
    for rule in rules:
        if not smtp_rule(rule) or not holds_source(rule, source_ip):
            continue
        covered, unread = prefixes_set(rule.destinations)
        yield Entry(covered, rule.action, rule, unread)


def classic_order(fw: Firewall) -> List[FirewallRule]:
    """Classic network rule collections are processed by priority."""
    return sorted(fw.network_rules, key=lambda r: r.priority)


def rules_walk(rules: List[FirewallRule], source_ip: Optional[str], receivers: AddressSet = PUBLIC) -> Walk:
    """The exact pieces of `receivers` each rule (in processing order) decides; receivers no rule holds are denied."""
    result = walk(receivers, _entries(rules, source_ip))
    if result.rest:
        result.pieces.append(Piece(result.rest, "Deny", None))
        result.rest = AddressSet()
    return result


def _detail(piece: Piece, no_match: str) -> str:
    return message("firewall.decides", rule=label(piece.source), outcome=piece.outcome) if piece.source else no_match


def _summary(main: Piece, same: List[Piece], others: List[Piece], no_match: str) -> List[str]:
    caveats = []
    if same:
        rules = [_detail(p, no_match) for p in [main] + same]
        caveats.append(message("nsg.together-others" if others else "nsg.together-all", rules=rules))
    for piece in others:
        caveats.append(message("firewall.for", rule=_detail(piece, no_match), addresses=describe(piece.addresses)))
    return caveats


def _notes(reached: List[Entry]) -> List[str]:
    return [message("firewall.unread-names", outcome=entry.outcome, rule=label(entry.source), names=entry.unread)
            for entry in reached]


def _one(result: Walk, destination: str, no_match: str) -> FirewallDecision:
    """One receiver: a rule naming an FQDN, IP group or tag first makes it Unknown only with another action than
    the one it gets without that rule; one with the same action either way stays in the caveats."""
    main, other = result.pieces[0], disagreeing(result)
    agree = [e for e in unread_first(result) if e.outcome == main.outcome]
    notes = [message("firewall.same-action", rule=label(e.source), names=e.unread, destination=destination,
                     action=main.outcome) for e in agree]
    if other is not None:
        return FirewallDecision("Unknown", other.source, message("firewall.may-hold", rule=label(other.source),
                                                                 names=other.unread, destination=destination), notes)
    return FirewallDecision(main.outcome, main.source, _detail(main, no_match), notes)


def evaluate_rules(rules: List[FirewallRule], source_ip: Optional[str], destination=None,
                   no_match: Optional[str] = None) -> FirewallDecision:
    """Network rules in processing order for TCP to port 25; the first match decides, no match means denied.

    For any receiver (None): the action most public receivers get, with caveats naming the exact ranges of
    the others; for one receiver: Unknown when a rule naming an FQDN, IP group or tag with another action might
    hold it first."""
    no_match = no_match or message("firewall.no-match")
    source = host(source_ip) if source_ip else None
    receivers = PUBLIC if destination is None else point(host(destination))
    result = rules_walk(rules, source, receivers)
    if destination is not None:
        return _one(result, destination, no_match)
    main, same, others = choose(result.pieces, lambda action: 0 if action == "Deny" else 1)
    return FirewallDecision(main.outcome, main.source, _detail(main, no_match),
                            _summary(main, same, others, no_match) + _notes(result.reached))
