"""Azure Firewall network rules for TCP 25 (SMTP is not carried by application rules)."""
from dataclasses import dataclass, field
from typing import List, Optional

from .addresses import SMTP_PORT, covers, host, port_matches, prefixes_match
from .ids import name_of
from .model import Firewall, FirewallRule


@dataclass
class FirewallDecision:
    access: Optional[str]  # Allow | Deny | None (rules not readable here)
    rule: Optional[FirewallRule]
    detail: str
    caveats: List[str] = field(default_factory=list)


def evaluate_firewall(fw: Firewall, source_ip: Optional[str], destination=None) -> FirewallDecision:
    """Classic network rule collections by priority for TCP to port 25; no match means the firewall denies."""
    if fw.policy_id:
        return FirewallDecision(None, None, f"its rules live in Firewall Policy {name_of(fw.policy_id)}, "
                                            "which az smtp does not read yet")
    caveats = []
    for rule in sorted(fw.network_rules, key=lambda r: r.priority):
        if not {p.lower() for p in rule.protocols} & {"tcp", "any"} or not port_matches(rule.ports, SMTP_PORT):
            continue
        if source_ip and not any(s == "*" or covers(s, host(source_ip)) for s in rule.sources):
            continue
        dest = prefixes_match(rule.destinations, destination)
        label = f"network rule {rule.collection}/{rule.name} (priority {rule.priority})"
        if dest is None:
            caveats.append(f"{rule.action} {label} applies to receivers in {', '.join(rule.destinations)} only")
        elif dest:
            return FirewallDecision(rule.action, rule, f"{label} -> {rule.action}", caveats)
    return FirewallDecision("Deny", None, "no network rule allows TCP 25, so the firewall denies it (application "
                                          "rules do not carry SMTP)", caveats)
