"""Firewall Policies, their rule collection groups and IP groups: read only when a firewall uses them.

Requests grow with policies, never with VMs: one subscription-wide list of policies and one of IP groups, then
one paged child list of rule collection groups per policy a firewall uses (and per base policy). A policy or IP
group outside the subscription (a hub's) is read by id; what cannot be read is kept with its Gap, so the firewall
step says which one and how to settle it.
"""
from typing import Dict, List, Optional

from . import api_versions, pager, parse
from .reads import LIST_WORKERS, in_parallel, listing, read
from ..core.firewall_policy import IPGROUP
from ..core.ids import group_of, name_of, subscription_of
from ..core.i18n import message
from ..core.model import FirewallPolicy, Gap, Inventory, IpGroup, key, label
from ..errors import ScopeNotFound


def _policy_command(policy_id: str) -> str:
    return (f"az network firewall policy rule-collection-group list --policy-name {name_of(policy_id)} "
            f"-g {group_of(policy_id)} --subscription {subscription_of(policy_id)}")


def _ip_group_command(group_id: str) -> str:
    return f"az network ip-group show --ids {group_id}"


def _ip_group_refs(rules) -> List[str]:
    return [p[len(IPGROUP):] for r in rules for p in r.sources + r.destinations if p.startswith(IPGROUP)]


def _base_of(body: dict) -> Optional[str]:
    return ((body.get("properties") or {}).get("basePolicy") or {}).get("id")


def _in_parallel(reads):
    return in_parallel(reads, LIST_WORKERS)


def _read(gaps: List[Gap], read_key: str, what: str, command: str, fn):
    """reads.read; a resource group that does not exist is one more unreadable resource here, not a bad scope."""
    try:
        return read(gaps, read_key, what, command, fn)
    except ScopeNotFound as err:
        gaps.append(Gap(read_key, what, f"404 ResourceGroupNotFound ({err})", command, 404))
        return None


def _by_id(found: Dict[str, dict], ids: List[str], arm, read_key: str, *, what: str,
           command) -> Dict[str, Optional[Gap]]:
    """GET by id, side by side, what the lists left out (another subscription); the gaps of those that failed."""
    wanted = [i for i in dict.fromkeys(ids) if key(i) not in found]
    results = _in_parallel([lambda gaps, i=i: _read(gaps, read_key, message("read.of", what=what, name=name_of(i)),
                                                    command(i), lambda: pager.get(arm, i, api_versions.NETWORK))
                            for i in wanted])
    missing = {}
    for resource_id, (body, gaps) in zip(wanted, results):
        if body is not None:
            found[key(resource_id)] = body
        else:
            missing[resource_id] = gaps[0] if gaps else None
    return missing


def read_into(inv: Inventory, arm, subscription_id: str) -> None:
    """Fill inv.firewall_policies and inv.ip_groups for the firewalls read (nothing when none uses them)."""
    used = [fw.policy_id for fw in inv.firewalls.values() if fw.policy_id]
    classic_groups = _ip_group_refs(r for fw in inv.firewalls.values() for r in fw.network_rules)
    if not used and not classic_groups:
        return

    def listed(provider_type, read_key, command):
        url = pager.scope_url(subscription_id, None, provider_type)
        return lambda gaps: _read(gaps, read_key, label(read_key), f"{command} --subscription {subscription_id}",
                                  listing(arm, url, api_versions.NETWORK)) or []
    (policies, policy_gaps), (groups, group_gaps) = _in_parallel([
        listed("Microsoft.Network/firewallPolicies", "firewall_policies", "az network firewall policy list"),
        listed("Microsoft.Network/ipGroups", "ip_groups", "az network ip-group list")])
    inv.gaps += policy_gaps + group_gaps
    bodies = {key(p["id"]): p for p in policies}
    unread: Dict[str, Optional[Gap]] = {}
    chain, seen, level = [], set(), used
    while level:  # the policies used, then their base policies, level by level
        seen.update(key(i) for i in level)
        unread.update(_by_id(bodies, level, arm, "firewall_policies", what=label("firewall-policy"),
                             command=_policy_command))
        known = [bodies[key(i)] for i in level if key(i) in bodies]
        chain += known
        level = [b for b in dict.fromkeys(filter(None, map(_base_of, known))) if key(b) not in seen]
    rule_groups = _in_parallel([lambda gaps, p=p: _read(
        gaps, "rule_collection_groups", message("read.of", what=label("rule_collection_groups"), name=p["name"]),
        _policy_command(p["id"]), listing(arm, f"{p['id']}/ruleCollectionGroups", api_versions.NETWORK))
        for p in chain])
    for body, (listed, gaps) in zip(chain, rule_groups):
        inv.gaps += gaps
        policy = parse.firewall_policy(body, listed)
        policy.gap = gaps[0] if gaps else None
        inv.firewall_policies[key(policy.id)] = policy
    for policy_id, gap in unread.items():
        inv.gaps += [gap] if gap else []
        inv.firewall_policies[key(policy_id)] = FirewallPolicy(policy_id, name_of(policy_id), gap=gap)
    _read_ip_groups(inv, arm, groups, classic_groups)


def _read_ip_groups(inv: Inventory, arm, listed: List[dict], classic_refs: List[str]) -> None:
    refs = classic_refs + _ip_group_refs(r for p in inv.firewall_policies.values() for r in p.network_rules)
    bodies = {key(g["id"]): g for g in listed}
    missing = _by_id(bodies, refs, arm, "ip_groups", what=label("ip-group"), command=_ip_group_command)
    inv.ip_groups = {k: parse.ip_group(b) for k, b in bodies.items()}
    for group_id, gap in missing.items():
        inv.gaps += [gap] if gap else []
        inv.ip_groups[key(group_id)] = IpGroup(group_id, name_of(group_id), gap=gap)
