"""Exact network evaluation: example cases from the differential test, and properties against brute_network."""
import ipaddress

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from azext_smtp.core.addresses import ALL, NOT_GLOBAL, PUBLIC, AddressSet, cidr_set, describe, prefix_set
from azext_smtp.core.firewall import classic_order, evaluate_rules, rules_walk
from azext_smtp.core.model import Firewall, FirewallRule, IpConfig, Route
from azext_smtp.core.nsg import evaluate_nsg, nsg_walk
from azext_smtp.core.routing import internet_route, route_walk

from . import brute_network as brute
from .builders import inventory, nsg, rule
from .strategies import ADDRESS, HOP, ROUTE_CIDR, firewall_rules, security_rules

IPC = IpConfig("ipconfig1", "/s", "10.0.0.4", asg_ids=["/asg/mail"])
SPACE = ["10.0.0.0/16"]
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def decide(*rules, destination=None):
    return evaluate_nsg(nsg("g", *rules), IPC, SPACE, destination)


def routed(*routes, destination=None, space=None):
    inv = inventory(routes=list(routes))
    return internet_route(inv.subnets["/vnet/subnets/default"], inv, space or SPACE, destination)


# --- the public IPv4 space ----------------------------------------------------------------------
def _is_public(address):
    addr = ipaddress.IPv4Address(address)
    if addr in ipaddress.ip_network("192.0.0.0/24"):
        return str(addr) in ("192.0.0.9", "192.0.0.10")  # IANA; Python < 3.12.4 / 3.11.10 calls all of it global
    return addr.is_global and not addr.is_multicast


def _edges(prefixes):
    out = set()
    for prefix in prefixes:
        found = prefix_set(prefix)
        for low, high in found.ranges if found else ():
            out.update(v for v in (low - 1, low, high, high + 1) if 0 <= v < 2 ** 32)
    return out


@FAST
@given(st.integers(0, 2 ** 32 - 1))
def test_public_space_is_the_global_unicast_space(value):
    assert (ipaddress.IPv4Address(value) in PUBLIC) == _is_public(value)


def test_public_space_at_every_special_purpose_edge():
    for value in _edges(NOT_GLOBAL + ["224.0.0.0/4", "240.0.0.0/4", "0.0.0.0/8", "192.0.0.0/24"]):
        assert (ipaddress.IPv4Address(value) in PUBLIC) == _is_public(value), ipaddress.IPv4Address(value)


SMALL = st.lists(st.tuples(st.integers(0, 63), st.integers(0, 63)), max_size=5)


@FAST
@given(SMALL, SMALL)
def test_address_set_arithmetic_matches_python_sets(a, b):
    def items(ranges):
        return {v for low, high in ranges for v in range(low, high + 1)}
    left, right = AddressSet(a), AddressSet(b)
    assert items((left & right).ranges) == items(a) & items(b)
    assert items((left | right).ranges) == items(a) | items(b)
    assert items((left - right).ranges) == items(a) - items(b)
    assert (left - right).size() == len(items(a) - items(b))


@FAST
@given(st.integers(0, 2 ** 32 - 1), st.integers(0, 2 ** 32 - 1))
def test_descriptions_name_exactly_the_public_receivers(a, b):
    piece = PUBLIC & AddressSet([(min(a, b), max(a, b))])
    names = describe(piece, limit=10 ** 6).replace(" (public receivers only)", "").split(", ")
    named = AddressSet()
    for name in names if piece else []:
        named = named | cidr_set(name)
    assert named & PUBLIC == piece


# --- narrow routes and rules ---------------------------------------------------------------------
def test_narrow_gateway_route_is_named_not_declared_internet_for_all():
    r = routed(("r1", "31.128.0.0/11", "VirtualNetworkGateway"))
    assert r.next_hop == "Internet"
    assert r.caveats == ["user route rt/r1 sends 31.128.0.0/11 to VirtualNetworkGateway: receivers there do not "
                         "go to the internet directly"]
    assert routed(("r1", "31.128.0.0/11", "VirtualNetworkGateway"), destination="31.130.0.1").next_hop == \
        "VirtualNetworkGateway"


def test_two_partial_routes_never_say_internet():
    r = routed(("high", "128.0.0.0/1", "None"), ("low", "0.0.0.0/1", "VirtualNetworkGateway"))
    assert (r.next_hop, r.origin) == ("VirtualNetworkGateway", "user route rt/low")
    assert len(r.caveats) == 1 and "rt/high sends 128.0.0.0/1 (public receivers only) to None" in r.caveats[0]
    assert not any("Internet" in c for c in r.caveats)


def test_narrow_deny_is_named_with_its_range():
    d = decide(rule("Deny-x", 763, "Deny", dest=("122.32.0.0/11",)))
    assert (d.access, d.rule.name) == ("Allow", "AllowInternetOutBound")
    assert d.caveats == ["Deny rule Deny-x (priority 763) decides for 122.32.0.0/11"]
    assert decide(rule("Deny-x", 763, "Deny", dest=("122.32.0.0/11",)), destination="122.40.1.1").access == "Deny"


def test_single_ip_allow_above_deny_all():
    d = decide(rule("allow-one", 100, "Allow", dest=("8.223.38.49",)), rule("deny-all", 200, "Deny", dest=("0.0.0.0/0",)))
    assert (d.access, d.rule.name) == ("Deny", "deny-all")
    assert d.caveats == ["Allow rule allow-one (priority 100) decides for 8.223.38.49/32"]
    assert decide(rule("allow-one", 100, "Allow", dest=("8.223.38.49",)), rule("deny-all", 200, "Deny"),
                  destination="8.223.38.49").access == "Allow"


def test_address_range_rule():
    d = decide(rule("deny-range", 100, "Deny", dest=("8.8.8.5-8.8.8.9",)))
    assert d.access == "Allow" and d.caveats == ["Deny rule deny-range (priority 100) decides for 8.8.8.5/32, "
                                                 "8.8.8.6/31, 8.8.8.8/31"]
    assert decide(rule("deny-range", 100, "Deny", dest=("8.8.8.5-8.8.8.9",)), destination="8.8.8.9").access == "Deny"
    assert decide(rule("deny-range", 100, "Deny", dest=("8.8.8.5-8.8.8.9",)), destination="8.8.8.10").access == "Allow"


def test_narrow_rules_that_together_cover_everything_say_together():
    d = decide(rule("a", 100, "Deny", dest=("0.0.0.0/2", "64.0.0.0/2")), rule("b", 110, "Deny", dest=("128.0.0.0/1",)))
    assert d.access == "Deny" and len(d.caveats) == 1 and "together cover every internet receiver" in d.caveats[0]


@pytest.mark.parametrize("tag,hop", [("Storage", "None"), ("AzureCloud", "VirtualAppliance")])
def test_service_tag_routes_are_caveats_and_unknown_for_a_receiver(tag, hop):
    r = routed(("tagged", tag, hop, "10.9.0.4" if hop == "VirtualAppliance" else None))
    assert r.next_hop == "Internet" and len(r.caveats) == 1
    assert tag in r.caveats[0] and "unknown" in r.caveats[0]
    one = routed(("tagged", tag, hop), destination="52.1.2.3")
    assert one.next_hop == "Unknown" and tag in one.caveats[0]


@pytest.mark.parametrize("hop,ip", [("Internet", None), ("VirtualAppliance", "10.9.0.4")])
def test_a_service_tag_route_to_the_hop_every_receiver_takes_anyway_decides(hop, ip):
    """`Storage -> Internet` under the system default: Internet for any receiver, tag kept."""
    routes = [("tagged", "Storage", hop, ip)] + ([("all", "0.0.0.0/0", hop, ip)] if ip else [])
    one = routed(*routes, destination="52.1.2.3")
    assert (one.next_hop, one.next_hop_ip) == (hop, ip) and "Storage" in one.caveats[0]
    assert "either way" in one.caveats[0]
    generic = routed(*routes)
    assert generic.next_hop == hop and "every receiver takes that hop either way" in generic.caveats[-1]
    other = routed(("tagged", "Storage", "VirtualAppliance", "10.9.0.5"), *routes[1:], destination="52.1.2.3")
    assert other.next_hop == "Unknown"


def test_a_host_route_beats_any_service_tag_route():
    one = routed(("tagged", "Storage", "None"), ("mx", "52.1.2.3/32", "Internet"), destination="52.1.2.3")
    assert (one.next_hop, one.origin) == ("Internet", "user route rt/mx")


def test_service_tag_rule_keeps_its_caveat_when_the_rest_agrees():
    d = decide(rule("deny-cloud", 100, "Deny", dest=("AzureCloud",)), rule("deny-low", 200, "Deny", dest=("0.0.0.0/1",)),
               rule("deny-high", 300, "Deny", dest=("128.0.0.0/1",)))
    assert d.access == "Deny" and "together" in d.caveats[0]
    assert any("AzureCloud" in c and "unknown" in c for c in d.caveats)


def test_service_tag_rule_with_the_access_the_receiver_gets_anyway_decides():
    """Allow to Storage above the default AllowInternetOutBound: Allow, the tag in the evidence."""
    d = decide(rule("allow-storage", 100, "Allow", dest=("Storage",)), destination="52.1.2.3")
    assert (d.access, d.rule.name) == ("Allow", "AllowInternetOutBound")
    assert len(d.caveats) == 1 and "allow-storage" in d.caveats[0] and "Storage" in d.caveats[0]
    assert "whether it holds 52.1.2.3 or not, the access is Allow" in d.caveats[0]
    storage, cloud = rule("allow-storage", 100, "Allow", dest=("Storage",)), rule("deny-cloud", 110, "Deny",
                                                                                  dest=("AzureCloud",))
    mixed = decide(storage, cloud, destination="52.1.2.3")
    assert (mixed.access, mixed.rule.name) == ("Unknown", "deny-cloud") and len(mixed.caveats) == 2


def test_service_tag_rule_first_for_a_receiver_is_unknown():
    d = decide(rule("deny-cloud", 100, "Deny", dest=("AzureCloud",)), destination="52.1.2.3")
    assert (d.access, d.rule.name) == ("Unknown", "deny-cloud")
    assert "deny-cloud (priority 100) -> Unknown" in d.describe()
    later = decide(rule("deny-52", 90, "Deny", dest=("52.0.0.0/8",)), rule("deny-cloud", 100, "Deny", dest=("AzureCloud",)),
                   destination="52.1.2.3")
    assert (later.access, later.rule.name) == ("Deny", "deny-52")


@pytest.mark.parametrize("ports", [("1024-65535",), ("1-65535",), ("1024-40000,40001-65535",),
                                   ("1024-40000", "40001-65535"), ("0-65535",), ("*",)])
def test_source_ports_covering_every_client_port_decide(ports):
    d = decide(rule("deny", 100, "Deny", source_ports=list(ports)))
    assert (d.access, d.rule.name, d.caveats) == ("Deny", "deny", [])


@pytest.mark.parametrize("asg", [[], ["/asg/mail"]])
def test_source_ports_covering_part_of_the_client_ports_are_a_caveat(asg):
    d = decide(rule("deny-linux", 100, "Deny", source_ports=["32768-60999"], source_asg_ids=asg))
    assert d.access == "Allow" and len(d.caveats) == 1
    assert "deny-linux" in d.caveats[0] and "depends on the client's source port" in d.caveats[0]


@pytest.mark.parametrize("asg", [[], ["/asg/mail"]])
def test_source_ports_below_1024_never_match_a_client(asg):
    d = decide(rule("deny-low-ports", 100, "Deny", source_ports=["0-1023"], source_asg_ids=asg))
    assert (d.access, d.caveats) == ("Allow", [])


def _fw(*rules):
    made = [FirewallRule("c-" + n, p, a, n, ["TCP"], ["*"], list(d), ["25"]) for n, p, a, d in rules]
    return Firewall("/f", "f", ["10.9.0.4"], made)


def test_firewall_splits_and_names_ranges():
    rules = classic_order(_fw(("mx", 100, "Allow", ["52.0.0.0/8"])))
    d = evaluate_rules(rules, "10.0.0.4")
    assert d.access == "Deny" and d.rule is None
    assert d.caveats == ["network rule c-mx/mx (priority 100) -> Allow for 52.0.0.0/8"]
    assert evaluate_rules(rules, "10.0.0.4", "52.1.1.1").access == "Allow"


@pytest.mark.parametrize("dest", ["fqdn:mx.contoso.com", "ipgroup:/ipg/mail"])
def test_firewall_fqdn_or_ip_group_first_for_a_receiver_is_unknown(dest):
    fw = _fw(("mx", 100, "Allow", [dest]), ("all", 200, "Deny", ["*"]))
    d = evaluate_rules(classic_order(fw), "10.0.0.4", "52.1.1.1")
    assert (d.access, d.rule.name) == ("Unknown", "mx") and dest in d.detail
    generic = evaluate_rules(classic_order(fw), "10.0.0.4")
    assert generic.access == "Deny" and dest in generic.caveats[0]


@pytest.mark.parametrize("dest", ["fqdn:mx.contoso.com", "ipgroup:/ipg/mail"])
def test_firewall_fqdn_with_the_same_action_either_way_decides(dest):
    """The FQDN rule allows, and so does the rule after it: allowed, the FQDN kept as a caveat."""
    fw = _fw(("mx", 100, "Allow", [dest]), ("all", 200, "Allow", ["*"]))
    d = evaluate_rules(classic_order(fw), "10.0.0.4", "52.1.1.1")
    assert (d.access, d.rule.name) == ("Allow", "all")
    assert len(d.caveats) == 1 and dest in d.caveats[0]
    assert "whether it holds 52.1.1.1 or not, the action is Allow" in d.caveats[0]


# --- properties against the brute-force evaluator ------------------------------------------------
def _points(prefixes, extra):
    return sorted(_edges(prefixes) | set(extra))


def _piece_at(pieces, value):
    found = [p for p in pieces if ipaddress.IPv4Address(value) in p.addresses]
    assert len(found) == 1
    return found[0]


def _partition(pieces, receivers=PUBLIC):
    union = AddressSet()
    for piece in pieces:
        assert not union & piece.addresses
        union = union | piece.addresses
    assert union == receivers


@FAST
@given(security_rules(), st.lists(ADDRESS, max_size=5), st.sampled_from([SPACE, ["10.0.0.0/16", "52.0.0.0/24"]]))
def test_nsg_pieces_and_single_receivers_match_brute_force(rules, extra, space):
    group = nsg("g", *rules)
    pieces = nsg_walk(group, IPC, space).pieces
    _partition(pieces)
    for value in _points([p for r in rules for p in r.destination_prefixes] + NOT_GLOBAL, extra):
        address = str(ipaddress.IPv4Address(value))
        if value in range(2 ** 32) and ipaddress.IPv4Address(value) in PUBLIC:
            piece = _piece_at(pieces, value)
            assert (piece.outcome, piece.source.name) == brute.nsg(group, IPC, space, address)
        one = evaluate_nsg(group, IPC, space, address)
        assert (one.access, one.rule.name) == brute.nsg(group, IPC, space, address, tags="unknown")
    generic = evaluate_nsg(group, IPC, space)
    assert generic.access in {p.outcome for p in pieces}


@FAST
@given(st.lists(st.tuples(ROUTE_CIDR, HOP), max_size=6, unique_by=lambda r: r[0]), st.lists(ADDRESS, max_size=5),
       st.sampled_from([SPACE, ["10.0.0.0/8"], ["10.0.0.0/16", "52.0.0.0/24"]]))
def test_route_pieces_and_single_receivers_match_brute_force(routes, extra, space):
    inv = inventory(routes=[(f"u{i}", prefix, hop, ip) for i, (prefix, (hop, ip)) in enumerate(routes)])
    subnet = inv.subnets["/vnet/subnets/default"]
    table = [Route(f"u{i}", prefix, hop, ip) for i, (prefix, (hop, ip)) in enumerate(routes)]
    pieces, _ = route_walk(subnet, inv, space)
    _partition(pieces)
    for value in _points([r.prefix for r in table] + space + brute.SYSTEM_PRIVATE + NOT_GLOBAL, extra):
        address = str(ipaddress.IPv4Address(value))
        if ipaddress.IPv4Address(value) in PUBLIC:
            src = _piece_at(pieces, value).source
            assert (src.next_hop, src.next_hop_ip, src.prefix) == brute.route(table, space, address)
        one = internet_route(subnet, inv, space, address)
        assert (one.next_hop, one.next_hop_ip, one.prefix) == brute.route(table, space, address, tags="unknown")


@FAST
@given(firewall_rules(), st.lists(ADDRESS, max_size=5), st.sampled_from(["10.0.0.4", "10.0.0.40", None]))
def test_firewall_pieces_and_single_receivers_match_brute_force(rules, extra, source):
    fw = Firewall("/f", "f", [], rules)
    pieces = rules_walk(classic_order(fw), source).pieces
    _partition(pieces)
    for value in _points([d for r in rules for d in r.destinations] + NOT_GLOBAL, extra):
        address = str(ipaddress.IPv4Address(value))
        if ipaddress.IPv4Address(value) in PUBLIC:
            piece = _piece_at(pieces, value)
            assert (piece.outcome, piece.source.name if piece.source else None) == brute.firewall(fw, source, address)
        one = evaluate_rules(classic_order(fw), source, address)
        assert (one.access, one.rule.name if one.rule else None) == \
            brute.firewall(fw, source, address, tags="unknown")


def test_whole_space_constants():
    assert ALL.size() == 2 ** 32 and PUBLIC.size() < ALL.size()
