"""Azure Firewall Policy rules for TCP 25, in the documented processing order ("Azure Firewall rule processing
logic"): DNAT rules first, but they match only traffic addressed to the firewall's own public IPs, never a VM's
connection to a mail server; then network rules, the parent (base) policy's rule collection groups before the
child's, groups by priority and collections by priority within a group; application rules last, and they carry
HTTP/S and MSSQL, never SMTP. The first network rule matching TCP 25 decides; no match: the firewall denies.

The rules go through firewall.py's exact address sets, so `--destination` reads them as it reads classic rules.
"""
from dataclasses import replace
from typing import Dict, List, Optional, Tuple

from .addresses import host
from .firewall import FirewallDecision, classic_order, evaluate_rules, holds_source, smtp_rule
from .i18n import message
from .ids import name_of
from .model import Firewall, FirewallPolicy, FirewallRule, Gap, Inventory, IpGroup, key

IPGROUP, FQDN = "ipgroup:", "fqdn:"


def unread(what: str, gap: Optional[Gap]) -> str:
    """`what` could not be read: why, and the command that settles it."""
    if gap is None:
        return message("policy-read.not-read", what=what)
    return message("policy-read.failed", what=what, reason=gap.reason, command=gap.command)


def policy_chain(policy_id: str, policies: Dict[str, FirewallPolicy]) -> Tuple[List[FirewallPolicy], Optional[str]]:
    """(the policy and its ancestors, parent first; the sentence naming the one that could not be read, or None)."""
    chain: List[FirewallPolicy] = []
    current, seen = policy_id, set()
    while current and key(current) not in seen:
        seen.add(key(current))
        policy = policies.get(key(current))
        if policy is None or policy.gap is not None:
            what = message("policy-read.base", child=chain[0].name, policy=name_of(current)) if chain else \
                message("policy-read.policy", policy=name_of(current))
            return chain, unread(what, policy.gap if policy else None)
        chain.insert(0, policy)
        current = policy.base_policy_id
    return chain, None


def ordered_rules(chain: List[FirewallPolicy]) -> List[FirewallRule]:
    """Network rules in processing order: parent policy first; groups by priority, then collections by priority
    (a stable sort: rules keep their order inside a collection)."""
    return [rule for policy in chain
            for rule in sorted(policy.network_rules, key=lambda r: (r.group_priority, r.priority))]


def expand_ip_groups(rules: List[FirewallRule], groups: Dict[str, IpGroup]) -> Tuple[List[FirewallRule], List[str]]:
    """Rules with IP groups replaced by their addresses; sentences naming the IP groups of TCP 25 rules that could
    not be read (whether such a rule holds the VM or a receiver is then unknown)."""
    missing: List[str] = []

    def expand(prefixes: List[str], rule: FirewallRule) -> List[str]:
        out = []
        for prefix in prefixes:
            group = groups.get(key(prefix[len(IPGROUP):])) if prefix.startswith(IPGROUP) else None
            if not prefix.startswith(IPGROUP):
                out.append(prefix)
            elif group is not None and group.gap is None:
                out.extend(group.addresses)
            else:
                out.append(prefix)
                if smtp_rule(rule):
                    missing.append(unread(message("policy-read.ip-group", group=name_of(prefix[len(IPGROUP):])),
                                          group.gap if group else None))
        return out
    expanded = [replace(r, sources=expand(r.sources, r), destinations=expand(r.destinations, r)) for r in rules]
    return expanded, list(dict.fromkeys(missing))


def _names(chain: List[FirewallPolicy]) -> str:
    child = chain[-1].name
    parents = [p.name for p in chain[:-1]]
    return message("policy-read.with-base", policy=child, parents=list(reversed(parents))) if parents else \
        message("policy-read.name", policy=child)


def _no_match(chain: List[FirewallPolicy]) -> str:
    applications = sum(p.application_rules for p in chain)
    if applications and not any(p.network_rules for p in chain):
        return message("policy-read.only-application", policy=_names(chain), count=applications)
    return message("policy-read.no-match", policy=_names(chain))


def _dns_caveat(chain: List[FirewallPolicy], rules: List[FirewallRule]) -> List[str]:
    """FQDNs in network rules filter only through the firewall's DNS proxy (a child inherits its parent's)."""
    fqdns = [d for r in rules if smtp_rule(r) for d in r.destinations if d.startswith(FQDN)]
    proxy = next((p.dns_proxy for p in reversed(chain) if p.dns_proxy is not None), None)
    if not fqdns or proxy:
        return []
    return [message("policy-read.dns-proxy", fqdns=list(dict.fromkeys(fqdns)), policy=_names(chain))]


def _rules(fw: Firewall, inv: Inventory) -> Tuple[List[FirewallPolicy], List[FirewallRule], Optional[str]]:
    """(the policy chain, the network rules in processing order with IP groups expanded, the sentence naming what
    could not be read or None)."""
    chain: List[FirewallPolicy] = []
    if fw.policy_id:
        chain, missing = policy_chain(fw.policy_id, inv.firewall_policies)
        if missing:
            return chain, [], missing
    rules, missing_groups = expand_ip_groups(ordered_rules(chain) if chain else classic_order(fw), inv.ip_groups)
    return chain, rules, message("policy-read.missing", missing=missing_groups) if missing_groups else None


def decide_firewall(fw: Firewall, inv: Inventory, source_ip: Optional[str], destination=None) -> FirewallDecision:
    """The firewall's rules for TCP 25 from `source_ip`: classic collections, or its Firewall Policy's. A policy,
    base policy or IP group that could not be read leaves the decision unread (access None), naming it.
    The rules are walked once per inventory for all sources they hold alike."""
    chain, rules, missing = inv.memo.once(fw, "rules", lambda: _rules(fw, inv))
    if missing:
        return FirewallDecision(None, None, missing)
    source = host(source_ip) if source_ip else None
    holds = tuple(holds_source(rule, source) for rule in rules)
    return inv.memo.once(fw, (holds, destination),
                         lambda: _decide(chain, rules, [r for r, hit in zip(rules, holds) if hit], destination))


def _decide(chain: List[FirewallPolicy], rules: List[FirewallRule], held: List[FirewallRule],
            destination) -> FirewallDecision:
    if not chain:
        return evaluate_rules(held, None, destination)
    decision = evaluate_rules(held, None, destination, _no_match(chain))
    decision.caveats += _dns_caveat(chain, rules)
    return decision
