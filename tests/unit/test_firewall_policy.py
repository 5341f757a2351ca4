"""Firewall Policy rules for TCP 25: processing order (base policy, groups, collections), IP groups, FQDNs, gaps."""
import ipaddress

from hypothesis import HealthCheck, given, settings, strategies as st

from azext_smtp.collect import parse
from azext_smtp.core.firewall_policy import decide_firewall
from azext_smtp.core.judge import judge_vm
from azext_smtp.core.model import Firewall, FirewallPolicy, FirewallRule, Gap, Inventory, IpGroup, Subscription

from .builders import inventory, policy as offer_policy

POLICY = "/subscriptions/sub/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/{}".format
IPG = "/subscriptions/sub/resourceGroups/hub/providers/Microsoft.Network/ipGroups/{}".format
MAILERS = "ipgroup:" + IPG("mailers")
FW_ROUTE = [("fw", "0.0.0.0/0", "VirtualAppliance", "10.9.0.4")]


def prule(name, action, group_priority=200, priority=100, sources=("*",), dests=("*",), ports=("25",),
          protocols=("TCP",), policy="child"):
    return FirewallRule(f"coll-{name}", priority, action, name, list(protocols), list(sources), list(dests),
                        list(ports), f"group-{name}", group_priority, policy)


def fw_with(*policies, ip_groups=(), policy_id=None):
    """An inventory holding a policy-based firewall (its policy: the first given) and what it references."""
    inv = Inventory(Subscription("sub"))
    for p in policies:
        inv.firewall_policies[p.id.lower()] = p
    for g in ip_groups:
        inv.ip_groups[g.id.lower()] = g
    fw = Firewall("/subscriptions/sub/fw", "fw", ["10.9.0.4"], [], policy_id or policies[0].id)
    return fw, inv


def decide(fw_inv, source="10.0.0.4", destination=None):
    fw, inv = fw_inv
    return decide_firewall(fw, inv, source, destination)


def test_network_rule_allowing_tcp25_allows():
    d = decide(fw_with(FirewallPolicy(POLICY("child"), "child", network_rules=[prule("smtp", "Allow")])))
    assert d.access == "Allow" and "child/group-smtp/coll-smtp/smtp (group priority 200" in d.detail


def test_base_policy_deny_comes_before_a_child_allow_of_higher_priority():
    base = FirewallPolicy(POLICY("base"), "base", network_rules=[prule("deny", "Deny", 65000, 65000, policy="base")])
    child = FirewallPolicy(POLICY("child"), "child", POLICY("base"), [prule("allow", "Allow", 100, 100)])
    d = decide(fw_with(child, base))
    assert d.access == "Deny" and d.rule.policy == "base"


def test_groups_by_priority_then_collections_by_priority():
    rules = [prule("late-group", "Allow", group_priority=300, priority=100),
             prule("early-group-late-coll", "Deny", group_priority=200, priority=900),
             prule("early-group-early-coll", "Allow", group_priority=200, priority=500, ports=("443",))]
    d = decide(fw_with(FirewallPolicy(POLICY("child"), "child", network_rules=rules)))
    assert (d.access, d.rule.name) == ("Deny", "early-group-late-coll")


def test_only_application_rules_deny_and_say_why():
    d = decide(fw_with(FirewallPolicy(POLICY("child"), "child", application_rules=3)))
    assert d.access == "Deny" and d.rule is None and "only application rules (3)" in d.detail


def test_no_matching_network_rule_denies():
    d = decide(fw_with(FirewallPolicy(POLICY("child"), "child", network_rules=[prule("web", "Allow", ports=("443",))])))
    assert d.access == "Deny" and "no network rule of Firewall Policy child allows TCP 25" in d.detail


def test_ip_group_source_matches_the_vm():
    group = IpGroup(IPG("mailers"), "mailers", ["10.0.0.0/28", "10.0.5.1-10.0.5.9"])
    child = FirewallPolicy(POLICY("child"), "child", network_rules=[prule("g", "Allow", sources=(MAILERS,))])
    assert decide(fw_with(child, ip_groups=[group]), "10.0.0.4").access == "Allow"
    assert decide(fw_with(child, ip_groups=[group]), "10.0.5.3").access == "Allow"
    assert decide(fw_with(child, ip_groups=[group]), "10.0.0.40").access == "Deny"


def test_ip_group_destination_is_an_exact_set():
    group = IpGroup(IPG("relays"), "relays", ["52.10.0.0/16"])
    relays = prule("r", "Allow", dests=("ipgroup:" + IPG("relays"),))
    child = FirewallPolicy(POLICY("child"), "child", network_rules=[relays])
    fw_inv = fw_with(child, ip_groups=[group])
    assert decide(fw_inv, destination="52.10.1.1").access == "Allow"
    assert decide(fw_inv, destination="8.8.8.8").access == "Deny"
    generic = decide(fw_inv)
    assert generic.access == "Deny" and any("52.10.0.0/16" in c for c in generic.caveats)


def test_unreadable_ip_group_leaves_the_firewall_unknown_naming_it():
    gap = Gap("ip_groups", "IP group mailers", "403 AuthorizationFailed", "az network ip-group show --ids X", 403)
    child = FirewallPolicy(POLICY("child"), "child", network_rules=[prule("g", "Allow", sources=(MAILERS,))])
    d = decide(fw_with(child, ip_groups=[IpGroup(IPG("mailers"), "mailers", gap=gap)]))
    assert d.access is None and "IP group mailers could not be read (403 AuthorizationFailed)" in d.detail
    assert "az network ip-group show --ids X" in d.detail


def test_unreadable_base_policy_leaves_the_firewall_unknown_naming_it():
    gap = Gap("firewall_policies", "Firewall Policy base", "404 ResourceNotFound", "az network firewall policy show --ids B", 404)
    child = FirewallPolicy(POLICY("child"), "child", POLICY("base"), [prule("allow", "Allow")])
    d = decide(fw_with(child, FirewallPolicy(POLICY("base"), "base", gap=gap)))
    assert d.access is None and "base policy of child, base could not be read (404 ResourceNotFound)" in d.detail


def test_fqdn_destination_needs_the_dns_proxy():
    rules = [prule("mx", "Allow", dests=("fqdn:mx.contoso.com",))]
    off = decide(fw_with(FirewallPolicy(POLICY("child"), "child", network_rules=rules, dns_proxy=False)))
    assert off.access == "Deny" and any("need the DNS proxy" in c for c in off.caveats)
    on = decide(fw_with(FirewallPolicy(POLICY("child"), "child", network_rules=rules, dns_proxy=True)))
    assert not any("DNS proxy" in c for c in on.caveats)
    assert decide(fw_with(FirewallPolicy(POLICY("child"), "child", network_rules=rules)),
                  destination="52.1.1.1").access == "Unknown"


def test_judge_blocks_by_firewall_on_application_rules_only():
    fw, inv = fw_with(FirewallPolicy(POLICY("child"), "child", application_rules=2))
    vm_inv = inventory(routes=FW_ROUTE, firewalls=[fw])
    vm_inv.firewall_policies = inv.firewall_policies
    verdict = judge_vm(vm_inv.vms[0], vm_inv, offer_policy())
    step = next(r for r in verdict.results if r.check == "firewall")
    assert (verdict.verdict, verdict.blocked_by) == ("blocked", ["firewall"])
    assert POLICY("child") in step.evidence and "only application rules" in step.detail


# --- processing order against a brute force -----------------------------------------
PREFIXES = ["*", "52.0.0.0/8", "52.1.0.0/16", "8.8.8.8", "52.1.1.0-52.1.1.200"]


@st.composite
def policy_tree(draw):
    """A child policy with an optional base, each with a few rules in random groups and collections."""
    def rules(owner):
        return [prule(f"{owner}{i}", draw(st.sampled_from(["Allow", "Deny"])),
                      draw(st.sampled_from([100, 200, 300])), draw(st.sampled_from([100, 200, 300])),
                      draw(st.sampled_from([["*"], ["10.0.0.0/24"], ["10.0.0.1-10.0.0.9"]])),
                      draw(st.lists(st.sampled_from(PREFIXES), min_size=1, max_size=2)),
                      draw(st.sampled_from([["25"], ["*"], ["20-30"], ["443"]])),
                      draw(st.sampled_from([["TCP"], ["Any"], ["UDP"]])), owner)
                for i in range(draw(st.integers(0, 4)))]
    base = FirewallPolicy(POLICY("base"), "base", network_rules=rules("base")) if draw(st.booleans()) else None
    child = FirewallPolicy(POLICY("child"), "child", base.id if base else None, rules("child"))
    return [child] + ([base] if base else [])


def brute(policies, source, destination):
    """Every rule with its rank (base first, group priority, collection priority, position); first match wins."""
    depth = {"base": 0, "child": 1}
    ranked = sorted(((depth[r.policy], r.group_priority, r.priority, i), r)
                    for p in policies for i, r in enumerate(p.network_rules))

    def holds(prefix, address):
        if prefix == "*":
            return True
        if "-" in prefix:
            low, high = (ipaddress.ip_address(x) for x in prefix.split("-"))
            return low <= ipaddress.ip_address(address) <= high
        return ipaddress.ip_address(address) in ipaddress.ip_network(prefix)
    for _, r in ranked:
        ports = any(p == "*" or (int(p.split("-")[0]) <= 25 <= int(p.split("-")[-1])) for p in r.ports)
        if {"TCP", "Any"} & set(r.protocols) and ports and any(holds(s, source) for s in r.sources) \
                and any(holds(d, destination) for d in r.destinations):
            return r.action, r.name
    return "Deny", None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_tree(), st.sampled_from(["10.0.0.4", "10.0.0.40"]),
       st.sampled_from(["52.1.1.1", "52.1.1.250", "52.2.0.1", "8.8.8.8", "9.9.9.9"]))
def test_processing_order_matches_brute_force(policies, source, destination):
    d = decide(fw_with(*policies), source, destination)
    assert (d.access, d.rule.name if d.rule else None) == brute(policies, source, destination)


# --- ARM shapes (azure-rest-api-specs examples, network 2024-05-01) ---------------------
def test_parse_policy_with_groups_from_the_spec_shapes():
    body = {"name": "firewallPolicy", "id": POLICY("firewallPolicy"), "type": "Microsoft.Network/firewallPolicies",
            "properties": {"basePolicy": {"id": POLICY("parent")}, "dnsSettings": {"enableProxy": True},
                           "ruleCollectionGroups": [{"id": POLICY("firewallPolicy") + "/ruleCollectionGroups/g1"}]}}
    groups = [{"name": "g1", "id": POLICY("firewallPolicy") + "/ruleCollectionGroups/g1", "properties": {
        "priority": 110, "ruleCollections": [
            {"ruleCollectionType": "FirewallPolicyNatRuleCollection", "name": "dnat", "priority": 100,
             "action": {"type": "DNAT"}, "rules": [{"ruleType": "NatRule", "name": "nat-rule1", "ipProtocols": ["TCP"],
                                                    "destinationAddresses": ["152.23.32.23"],
                                                    "destinationPorts": ["25"], "translatedPort": "25"}]},
            {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "Example-Filter-Rule-Collection",
             "priority": 120, "action": {"type": "Deny"}, "rules": [
                 {"ruleType": "NetworkRule", "name": "network-1", "ipProtocols": ["TCP"], "destinationPorts": ["*"],
                  "sourceIpGroups": [IPG("ipGroups1")], "destinationIpGroups": [IPG("ipGroups2")]},
                 {"ruleType": "ApplicationRule", "name": "web", "protocols": [{"protocolType": "Https", "port": 443}],
                  "targetFqdns": ["www.microsoft.com"], "sourceAddresses": ["216.58.216.164"]}]}]}}]
    parsed = parse.firewall_policy(body, groups)
    assert (parsed.base_policy_id, parsed.dns_proxy, parsed.application_rules) == (POLICY("parent"), True, 1)
    (rule,) = parsed.network_rules
    assert (rule.policy, rule.group, rule.group_priority, rule.collection, rule.priority, rule.action) == \
        ("firewallPolicy", "g1", 110, "Example-Filter-Rule-Collection", 120, "Deny")
    assert rule.sources == [f"ipgroup:{IPG('ipGroups1')}"] and rule.destinations == [f"ipgroup:{IPG('ipGroups2')}"]
    assert parse.ip_group({"id": IPG("a"), "name": "a", "properties": {"ipAddresses": ["13.64.39.16/32"]}}).addresses \
        == ["13.64.39.16/32"]


def test_a_base_policy_cycle_is_read_once():
    first = FirewallPolicy(POLICY("a"), "a", POLICY("b"), [prule("allow", "Allow", policy="a")])
    second = FirewallPolicy(POLICY("b"), "b", POLICY("a"), [prule("deny", "Deny", ports=("443",), policy="b")])
    d = decide(fw_with(first, second))
    assert (d.access, d.rule.policy) == ("Allow", "a")
