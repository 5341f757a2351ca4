"""Route, outbound method and NSG evaluation, and how they combine with the platform rule."""
import pytest

from azext_smtp.core.judge import judge_vm
from azext_smtp.core.nsg import evaluate_nsg
from azext_smtp.core.model import IpConfig

from .builders import Firewall, LoadBalancer, inventory, nsg, policy, rule

IPC = IpConfig("ipconfig1", "/s", "10.0.0.4", asg_ids=["/asg/mail"])
SPACE = ["10.0.0.0/16"]
LB = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb"


def judge(inv, status="not-blocked", destination=None):
    return judge_vm(inv.vms[0], inv, policy(status), destination)


def step(analysis, check):
    return next(s for s in analysis.results if s.check == check)


# --- NSG rule matching ------------------------------------------------------------
def decide(*rules, destination=None):
    return evaluate_nsg(nsg("g", *rules), IPC, SPACE, destination)


def test_no_custom_rules_falls_to_allow_internet_default():
    d = decide()
    assert (d.access, d.rule.name, d.rule.default) == ("Allow", "AllowInternetOutBound", True)


@pytest.mark.parametrize("ports", [("25",), ("*",), ("20-30",), ("0-65535",), ("587", "25"), ("1-24", "25-25")])
def test_deny_matches_port_forms(ports):
    assert decide(rule("deny", 100, "Deny", ports)).access == "Deny"


@pytest.mark.parametrize("ports", [("587",), ("26-100",), ("1-24",)])
def test_deny_of_other_ports_does_not_match(ports):
    assert decide(rule("deny", 100, "Deny", ports)).access == "Allow"


@pytest.mark.parametrize("dest", [("Internet",), ("*",), ("0.0.0.0/0",), ("Any",)])
def test_destinations_that_cover_the_internet(dest):
    assert decide(rule("deny", 100, "Deny", dest=dest)).access == "Deny"


def test_virtual_network_and_asg_destinations_never_match_the_internet():
    d = decide(rule("vnet", 100, "Deny", dest=("VirtualNetwork",)),
               rule("asg", 110, "Deny", dest=(), destination_asg_ids=["/asg/x"]))
    assert d.rule.name == "AllowInternetOutBound"


@pytest.mark.parametrize("source", [["Internet"], ["internet"], ["Internet", "192.168.0.0/24"]])
def test_a_deny_from_the_internet_tag_never_holds_the_vms_own_traffic(source):
    """Field fact: the VM's address is VNet space, never the `Internet` tag's (virtual-network service tags)."""
    d = decide(rule("deny-from-internet", 100, "Deny", source_prefixes=source))
    assert (d.access, d.rule.name) == ("Allow", "AllowInternetOutBound")
    assert decide(rule("from-vnet", 100, "Deny", source_prefixes=["VirtualNetwork", "Internet"])).access == "Deny"


def test_udp_rule_does_not_match_tcp():
    assert decide(rule("udp", 100, "Deny", protocol="Udp")).access == "Allow"


@pytest.mark.parametrize("protocol", ["Tcp", "*", "All"])
def test_tcp_and_any_protocols_match(protocol):
    assert decide(rule("r", 100, "Deny", protocol=protocol)).access == "Deny"


def test_priority_decides_allow_above_deny_all():
    d = decide(rule("deny-all", 4000, "Deny", ("*",), ("*",), protocol="*"), rule("allow-25", 200, "Allow"))
    assert (d.access, d.rule.name) == ("Allow", "allow-25")


def test_lower_priority_number_wins():
    d = decide(rule("allow-25", 300, "Allow"), rule("deny-25", 200, "Deny"))
    assert d.rule.name == "deny-25"


def test_partial_prefix_is_a_caveat_for_any_receiver_but_decides_for_a_specific_one():
    r = rule("deny-52", 100, "Deny", dest=("52.0.0.0/8",))
    generic = decide(r)
    assert generic.access == "Allow" and "deny-52" in generic.caveats[0]
    assert decide(r, destination="52.1.2.3").access == "Deny"
    assert decide(r, destination="40.1.2.3").access == "Allow"


def test_unknown_service_tag_is_a_caveat_not_a_match():
    d = decide(rule("deny-cloud", 100, "Deny", dest=("AzureCloud",)))
    assert d.access == "Allow" and d.caveats


def test_source_asg_must_hold_the_nic():
    assert decide(rule("other", 100, "Deny", source_asg_ids=["/asg/web"])).access == "Allow"
    assert decide(rule("mine", 100, "Deny", source_asg_ids=["/ASG/mail"])).access == "Deny"


def test_source_prefixes():
    assert decide(rule("vnet-src", 100, "Deny", source_prefixes=["VirtualNetwork"])).access == "Deny"
    assert decide(rule("other-src", 100, "Deny", source_prefixes=["192.168.0.0/24"])).access == "Allow"
    assert decide(rule("my-src", 100, "Deny", source_prefixes=["10.0.0.0/24"])).access == "Deny"


def test_inbound_rules_are_ignored():
    r = rule("in", 100, "Deny")
    r.direction = "Inbound"
    assert decide(r).access == "Allow"


# --- whole VM -------------------------------------------------------------------------
def test_plain_vm_in_ea_with_default_outbound_is_allowed():
    a = judge(inventory())
    assert (a.verdict, a.egress, a.blocked_by) == ("allowed", "default-outbound", [])
    assert [s.check for s in a.results] == ["platform-port25", "route", "outbound", "nsg-NIC", "nsg-subnet"]


def test_nic_nsg_deny_blocks_and_names_the_rule():
    g = nsg("nic-nsg", rule("deny-smtp", 100, "Deny"))
    a = judge(inventory(nic_kw={"nsg_id": g.id}, nsgs=[g]))
    assert (a.verdict, a.blocked_by, a.actions) == ("blocked", ["nsg"], ["fix-nsg-rule"])
    assert "deny-smtp (priority 100)" in step(a, "nsg-NIC").detail


def test_subnet_nsg_deny_with_range_and_internet_tag():
    g = nsg("subnet-nsg", rule("deny-mail", 120, "Deny", ports=("20-30",), dest=("Internet",)))
    a = judge(inventory(subnet_kw={"nsg_id": g.id}, nsgs=[g]))
    assert a.blocked_by == ["nsg"] and step(a, "nsg-subnet").result == "fail"
    assert step(a, "nsg-NIC").result == "pass"


def test_platform_and_nsg_block_together():
    g = nsg("n", rule("deny", 100, "Deny"))
    a = judge(inventory(nic_kw={"nsg_id": g.id}, nsgs=[g]), status="blocked")
    assert a.blocked_by == ["platform", "nsg"]


def test_nsg_referenced_but_not_read_is_unknown():
    a = judge(inventory(nic_kw={"nsg_id": "/nsg/elsewhere"}))
    assert a.verdict == "unknown" and step(a, "nsg-NIC").result == "unknown"


def test_route_to_none_blocks():
    a = judge(inventory(routes=[("drop", "0.0.0.0/0", "None")]))
    assert (a.verdict, a.blocked_by, a.egress) == ("blocked", ["route"], "none")


def test_forced_tunnel_to_appliance_is_unknown_and_not_direct():
    a = judge(inventory(routes=[("fw", "0.0.0.0/0", "VirtualAppliance", "10.9.0.4")]), status="exempted")
    assert (a.verdict, a.egress) == ("unknown", "appliance")
    assert "SMTP25-SCOPE-DIRECT" in step(a, "route").detail


def test_azure_firewall_is_recognised_by_its_private_ip():
    fw = Firewall("/fw", "hub-fw", ["10.9.0.4"])
    a = judge(inventory(routes=[("fw", "0.0.0.0/0", "VirtualAppliance", "10.9.0.4")], firewalls=[fw]))
    assert a.egress == "firewall" and "check-firewall-network-rule" in a.actions


def test_gateway_route_is_forced_tunnelling():
    a = judge(inventory(routes=[("onprem", "0.0.0.0/0", "VirtualNetworkGateway")]))
    assert (a.verdict, a.egress) == ("unknown", "gateway")


def test_longest_prefix_wins_and_narrow_user_routes_are_caveats():
    a = judge(inventory(routes=[("narrow", "52.0.0.0/8", "None")]))
    assert a.verdict == "allowed"
    assert any("narrow" in e for e in step(a, "route").evidence)
    b = judge(inventory(routes=[("narrow", "52.0.0.0/8", "None")]), destination="52.1.1.1")
    assert b.blocked_by == ["route"]


def test_user_route_beats_system_route_on_a_tie():
    a = judge(inventory(routes=[("default", "0.0.0.0/0", "Internet")]))
    assert "user route rt/default" in step(a, "route").detail


def test_private_subnet_without_outbound_method_blocks():
    a = judge(inventory(subnet_kw={"default_outbound_access": False}))
    assert (a.verdict, a.blocked_by, a.egress) == ("blocked", ["no-outbound"], "none")


def test_missing_default_outbound_flag_is_unknown_unless_the_nic_says():
    a = judge(inventory(subnet_kw={"default_outbound_access": None}))
    assert a.verdict == "unknown" and a.egress == "unknown"
    b = judge(inventory(subnet_kw={"default_outbound_access": None}, nic_kw={"default_outbound_enabled": True}))
    assert b.egress == "default-outbound"


@pytest.mark.parametrize("kw,egress", [
    ({"subnet_kw": {"nat_gateway_id": "/nat/ng1", "default_outbound_access": False},
      "ipc_kw": {"public_ip_id": "/pip/p"}}, "nat-gateway"),
    ({"subnet_kw": {"default_outbound_access": False}, "ipc_kw": {"public_ip_id": "/pip/p"}}, "public-ip"),
])
def test_outbound_method_order(kw, egress):
    assert judge(inventory(**kw)).egress == egress


def test_load_balancer_outbound_rule_for_the_nic_pool():
    lb = LoadBalancer(LB, "lb", "Standard", [LB + "/backendAddressPools/be"])
    inv = inventory(subnet_kw={"default_outbound_access": False},
                    ipc_kw={"backend_pool_ids": [LB.upper() + "/backendAddressPools/be"]}, lbs=[lb])
    assert judge(inv).egress == "load-balancer"
    other = inventory(subnet_kw={"default_outbound_access": False}, ipc_kw={"backend_pool_ids": [LB + "/backendAddressPools/x"]},
                      lbs=[lb])
    assert judge(other).egress == "none"


def test_subnet_not_read_is_unknown():
    inv = inventory()
    inv.subnets.clear()
    assert judge(inv).verdict == "unknown"


def test_secondary_nic_is_not_judged_while_the_primary_nic_is_unread():
    """Found by test_properties (monotonicity): a VM listing a readable secondary NIC before its unread primary NIC
    was judged on the secondary one and could be allowed."""
    inv = inventory()
    inv.nics["/nic"].primary = False
    inv.vms[0].nic_ids = ["/nic", "/unread-primary-nic"]
    a = judge(inv)
    assert a.verdict == "unknown" and step(a, "network-interface").evidence == ["/unread-primary-nic"]
    inv.vms[0].nic_ids = ["/nic"]
    assert judge(inv).verdict == "allowed"


def test_route_table_referenced_but_not_read_is_unknown_never_allowed():
    inv = inventory(subnet_kw={"route_table_id": "/elsewhere/rt"})
    a = judge(inv)
    assert a.verdict == "unknown" and a.egress == "unknown"
    assert "could not be read" in step(a, "route").detail


def test_load_balancer_of_the_pool_not_read_is_unknown_not_none():
    inv = inventory(subnet_kw={"default_outbound_access": False}, ipc_kw={"backend_pool_ids": [LB + "2/backendAddressPools/be"]})
    a = judge(inv)
    assert a.verdict == "unknown" and a.egress == "unknown" and not a.blocked_by


def test_half_internet_routes_together_force_the_tunnel():
    a = judge(inventory(routes=[("low", "0.0.0.0/1", "VirtualAppliance", "10.9.0.4"),
                                ("high", "128.0.0.0/1", "VirtualAppliance", "10.9.0.4")]))
    assert a.egress == "appliance" and a.verdict == "unknown"
    assert any("together cover every internet receiver" in e for e in step(a, "route").evidence)


def test_one_half_internet_route_decides_for_most_receivers_and_names_the_rest():
    a = judge(inventory(routes=[("low", "0.0.0.0/1", "None", None)]))
    # 0.0.0.0/1 holds more public receivers (124.75 /8s) than 128.0.0.0/1 (95.9): most are dropped; the rest named
    assert a.verdict == "blocked" and any("128.0.0.0/1" in e and "Internet" in e for e in step(a, "route").evidence)


def test_half_internet_deny_rules_together_deny():
    d = decide(rule("deny-low", 100, "Deny", dest=("0.0.0.0/1",)), rule("deny-high", 110, "Deny", dest=("128.0.0.0/1",)))
    assert d.access == "Deny" and "together" in d.caveats[0]
    one = decide(rule("deny-low", 100, "Deny", dest=("0.0.0.0/1",)))
    # most public receivers lie in 0.0.0.0/1, so Deny; the caveat names the receivers the default allows
    assert one.access == "Deny" and one.rule.name == "deny-low"
    assert "AllowInternetOutBound" in one.caveats[0] and "128.0.0.0/1" in one.caveats[0]


def test_what_definitely_blocks_comes_first_in_the_actions():
    g = nsg("n", rule("deny", 100, "Deny"))
    a = judge(inventory(nic_kw={"nsg_id": g.id}, nsgs=[g]), status="unknown")
    assert a.verdict == "blocked" and a.actions == ["fix-nsg-rule", "confirm-offer"]


# --- Azure Firewall classic network rules -----------------------------------------------
from azext_smtp.core.model import FirewallRule  # noqa: E402
from azext_smtp.core.firewall import classic_order, evaluate_rules  # noqa: E402

FW_ROUTE = [("fw", "0.0.0.0/0", "VirtualAppliance", "10.9.0.4")]


def fw_rule(name, priority, action, sources=("*",), dests=("*",), ports=("25",), protocols=("TCP",)):
    return FirewallRule("coll-" + name, priority, action, name, list(protocols), list(sources), list(dests), list(ports))


def test_firewall_allow_rule_lets_tcp25_out():
    fw = Firewall("/subscriptions/sub/fw", "fw", ["10.9.0.4"], [fw_rule("allow", 200, "Allow")])
    a = judge(inventory(routes=FW_ROUTE, firewalls=[fw]))
    assert (a.verdict, a.egress) == ("allowed", "firewall")
    assert "coll-allow/allow (priority 200) -> Allow" in step(a, "firewall").detail


def test_firewall_without_a_matching_rule_denies():
    fw = Firewall("/subscriptions/sub/fw", "fw", ["10.9.0.4"], [fw_rule("web", 200, "Allow", ports=("443",))])
    a = judge(inventory(routes=FW_ROUTE, firewalls=[fw]))
    assert (a.verdict, a.blocked_by) == ("blocked", ["firewall"])


def test_firewall_priority_source_ranges_and_fqdns():
    deny = fw_rule("deny", 100, "Deny", sources=("10.0.0.1-10.0.0.10",))
    allow = fw_rule("allow", 200, "Allow")
    assert evaluate_rules(classic_order(Firewall("/f", "f", [], [allow, deny])), "10.0.0.4").access == "Deny"
    assert evaluate_rules(classic_order(Firewall("/f", "f", [], [allow, deny])), "10.0.0.40").access == "Allow"
    mx = fw_rule("mx", 100, "Allow", dests=("fqdn:mx.contoso.com",))
    fqdn = evaluate_rules(classic_order(Firewall("/f", "f", [], [mx])), "10.0.0.4")
    assert fqdn.access == "Deny" and "fqdn:mx.contoso.com" in fqdn.caveats[0]


def test_firewall_policy_rules_are_unknown():
    fw = Firewall("/subscriptions/sub/fw", "fw", ["10.9.0.4"], [], policy_id="/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/firewallPolicies/p1")
    a = judge(inventory(routes=FW_ROUTE, firewalls=[fw]))
    assert a.verdict == "unknown" and "Firewall Policy p1" in step(a, "firewall").detail


def test_firewall_in_another_subscription_or_after_an_exemption_is_unknown():
    other = Firewall("/subscriptions/hub/fw", "fw", ["10.9.0.4"], [fw_rule("allow", 200, "Allow")])
    assert judge(inventory(routes=FW_ROUTE, firewalls=[other])).verdict == "unknown"
    mine = Firewall("/subscriptions/sub/fw", "fw", ["10.9.0.4"], [fw_rule("allow", 200, "Allow")])
    a = judge(inventory(routes=FW_ROUTE, firewalls=[mine]), status="exempted")
    assert a.verdict == "unknown" and "SMTP25-SCOPE-DIRECT" in step(a, "firewall").detail
