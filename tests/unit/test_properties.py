"""Properties of the whole pure evaluation over random small estates: what `allowed` rests on, that
reading less never allows more, and that `explain-vm` and `check` tell the same story."""
import copy
import ipaddress
import os
from dataclasses import replace

from hypothesis import HealthCheck, given, settings, strategies as st

from azext_smtp import report
from azext_smtp.core.addresses import PUBLIC
from azext_smtp.core.judge import judge_subscription
from azext_smtp.core.model import Gap, Inventory, IpConfig, key, label
from azext_smtp.core.nsg import evaluate_nsg, nsg_walk

from . import brute_network as brute
from .builders import EDITION, nsg
from .strategies import ADDRESS, DESTINATION, EXEMPTED_AT, PORTS, PREFIX, estates, security_rules

# SMTP_PROPERTY_EXAMPLES=2000 for a longer hunt; the default keeps the file well under a minute.
MODERATE = settings(max_examples=int(os.environ.get("SMTP_PROPERTY_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
EXEMPTION = st.sampled_from([None, None, EXEMPTED_AT])


# --- unreading: a resource (or a subscription read) is dropped and its list recorded as a Gap -----------------
def _drop(inv: Inventory, read: str, collection: str, rid: str) -> None:
    getattr(inv, collection).pop(key(rid), None)
    inv.gaps.append(Gap(read, label(read), "403 AuthorizationFailed", f"az ... {rid}", 403))


def _unread_vnet(inv, rid):
    for subnet in inv.vnets[key(rid)].subnet_ids:
        inv.subnets.pop(key(subnet), None)
    _drop(inv, "vnets", "vnets", rid)


def _unread_subscription(inv, _rid):
    sub = inv.subscription
    sub.quota_id = sub.spending_limit = sub.billing = sub.usage = None
    inv.gaps.append(Gap("subscription", "subscription", "403 AuthorizationFailed", f"az account show --subscription {sub.id}", 403))


def _unread_field(read, attr, owner=lambda inv: inv.subscription):
    def unread(inv, _rid):
        setattr(owner(inv), attr, None)
        inv.gaps.append(Gap(read, label(read), "403 AuthorizationFailed", f"az ... {label(read)}", 403))
    return unread


UNREADS = {
    "nic": ("nics", lambda inv, rid: _drop(inv, "nics", "nics", rid)),
    "nsg": ("nsgs", lambda inv, rid: _drop(inv, "nsgs", "nsgs", rid)),
    "route table": ("route_tables", lambda inv, rid: _drop(inv, "route_tables", "route_tables", rid)),
    "subnet": ("subnets", lambda inv, rid: _drop(inv, "vnets", "subnets", rid)),
    "vnet": ("vnets", _unread_vnet),
    "firewall": ("firewalls", lambda inv, rid: _drop(inv, "firewalls", "firewalls", rid)),
    "load balancer": ("load_balancers", lambda inv, rid: _drop(inv, "load_balancers", "load_balancers", rid)),
    "subscription": (None, _unread_subscription),
    "billing property": (None, _unread_field("billing", "billing")),
    "usage details": (None, _unread_field("usage", "usage")),
    "activity log": (None, _unread_field("activity", "activity", lambda inv: inv)),
}


def _readable(inv: Inventory):
    """Every (kind, id) that could have failed to read in this inventory."""
    found = []
    for kind, (collection, _) in UNREADS.items():
        ids = [v.id for v in getattr(inv, collection).values()] if collection else [None]
        found += [(kind, rid) for rid in ids]
    return found


def _unread(inv: Inventory, dropped) -> Inventory:
    less = copy.deepcopy(inv)
    for kind, rid in dropped:
        if rid is None or key(rid) in getattr(less, UNREADS[kind][0]):
            UNREADS[kind][1](less, rid)
    return less


def _judge(inv, destination, exempted_at):
    return judge_subscription(inv, EDITION, destination, exempted_at)


# --- 1. allowed rests on data that was read -----------------------------------------------------------------
def _path(vm, inv: Inventory, full_verdict):
    """(collection, id) of every resource the verdict of `vm` rests on, named from the fully read inventory."""
    nic = next((inv.nics[key(n)] for n in vm.nic_ids if inv.nics[key(n)].primary), None)
    ipc = nic.ip_configs[0]
    subnet = inv.subnets[key(ipc.subnet_id)]
    path = [("nics", nic.id), ("subnets", subnet.id), ("vnets", subnet.vnet_id)]
    path += [("nsgs", g) for g in (nic.nsg_id, subnet.nsg_id) if g]
    path += [("route_tables", subnet.route_table_id)] if subnet.route_table_id else []
    if full_verdict.egress == "firewall":
        path += [("firewalls", f.id) for f in inv.firewalls.values()]
    if not subnet.nat_gateway_id and not ipc.public_ip_id:
        path += [("load_balancers", p.split("/backendAddressPools/")[0]) for p in ipc.backend_pool_ids]
    return path


@MODERATE
@given(estates(), DESTINATION, EXEMPTION, st.data())
def test_allowed_only_when_every_check_passed_on_read_data(inv, destination, exempted_at, data):
    dropped = data.draw(st.lists(st.sampled_from(_readable(inv)), max_size=3))
    less = _unread(inv, dropped)
    full = {v.vm.id: v for v in _judge(inv, destination, exempted_at).vms}
    unread_lists = {g.what for g in less.gaps}
    for verdict in _judge(less, destination, exempted_at).vms:
        if verdict.verdict != "allowed":
            continue
        assert {r.result for r in verdict.results} <= {"pass", "info"}
        assert verdict.egress not in ("unknown", "none", "appliance", "gateway")
        for collection, rid in _path(verdict.vm, inv, full[verdict.vm.id]):
            assert key(rid) in getattr(less, collection), f"allowed although {collection} {rid} was not read"
        platform = verdict.results[0]
        if platform.basis == "rule":
            assert "subscription" not in unread_lists and verdict.port25_flag is not False
        else:
            assert verdict.port25_flag is True


# --- 2. reading less never allows more ----------------------------------------------------------------------
# `--offer` is not drawn: a statement settles what nothing read contradicts (by design), so with one, an unread
# billing property that would have contradicted it can allow more (MCA billing + `--offer ea`: blocked -> allowed).
@MODERATE
@given(estates(), DESTINATION, EXEMPTION, st.data())
def test_an_unread_resource_never_turns_a_verdict_into_allowed(inv, destination, exempted_at, data):
    dropped = data.draw(st.lists(st.sampled_from(_readable(inv)), min_size=1, max_size=2))
    before = {v.vm.id: v.verdict for v in _judge(inv, destination, exempted_at).vms}
    after = {v.vm.id: v for v in _judge(_unread(inv, dropped), destination, exempted_at).vms}
    for vm_id, verdict in before.items():
        if verdict != "allowed":
            assert after[vm_id].verdict != "allowed", (dropped, [(r.check, r.result, r.detail)
                                                                 for r in after[vm_id].results])


@MODERATE
@given(estates(), DESTINATION, EXEMPTION, st.data())
def test_reading_more_never_changes_a_flagged_vms_platform_step(inv, destination, exempted_at, data):
    """Where the primary NIC reports allowPort25Out, the flag decides the platform step, so no
    other read (subscription, billing, usage, other NICs) can change it."""
    dropped = data.draw(st.lists(st.sampled_from(_readable(inv)), min_size=1, max_size=3))
    full = {v.vm.id: v for v in _judge(inv, destination, exempted_at).vms}
    for verdict in _judge(_unread(inv, dropped), destination, exempted_at).vms:
        if verdict.port25_flag is None:
            continue
        step, before = verdict.results[0], full[verdict.vm.id].results[0]
        assert (step.result, step.basis) == (before.result, before.basis) == \
            ("pass" if verdict.port25_flag else "fail", "observed"), dropped


# --- 2b. an unread resource never hides a definite failure ---------------------------------------------------
def _nic_denies_whatever_the_space(inv, nic, destination):
    """The NIC's NSG denies TCP 25 whatever the VNet's address space is (only a VirtualNetwork source uses it)."""
    group = inv.nsgs.get(key(nic.nsg_id)) if nic.nsg_id else None
    return group is not None and all(evaluate_nsg(group, nic.ip_configs[0], space, destination).access == "Deny"
                                     for space in ([], ["0.0.0.0/0"]))


@MODERATE
@given(estates(), DESTINATION, EXEMPTION, st.data())
def test_an_unread_resource_never_hides_a_definite_failure(inv, destination, exempted_at, data):
    """A VM whose readable NIC NSG denies TCP 25 is blocked, whatever else (its VNet, subnet,
    route table, subnet NSG, firewall, load balancer, billing) could not be read."""
    full = {v.vm.id: v for v in _judge(inv, destination, exempted_at).vms}
    vnet = [("vnet", v.id) for v in inv.vnets.values()][:data.draw(st.integers(0, 1))]  # the case, often
    dropped = vnet + data.draw(st.lists(st.sampled_from(_readable(inv)), min_size=1 - len(vnet), max_size=2))
    less = _unread(inv, dropped)
    for verdict in _judge(less, destination, exempted_at).vms:
        nic = next((less.nics[key(n)] for n in verdict.vm.nic_ids if key(n) in less.nics), None)
        primary = [key(n) for n in verdict.vm.nic_ids if inv.nics[key(n)].primary]
        if nic is None or [key(nic.id)] != primary or not _nic_denies_whatever_the_space(less, nic, destination):
            continue
        assert full[verdict.vm.id].verdict == "blocked"
        assert verdict.verdict == "blocked", (dropped, [(r.check, r.result, r.detail) for r in verdict.results])
        assert "fix-nsg-rule" in verdict.actions


# --- 4. explain-vm and check agree ----------------------------------------------------------------------------
@MODERATE
@given(estates(), DESTINATION, EXEMPTION, st.data())
def test_explanation_and_check_entry_agree(inv, destination, exempted_at, data):
    inv = _unread(inv, data.draw(st.lists(st.sampled_from(_readable(inv)), max_size=2)))
    checked = report.check_output(EDITION, [_judge(copy.deepcopy(inv), destination, exempted_at)],
                                  report.scope_entry([inv.subscription.id], None, None))
    again = _judge(inv, destination, exempted_at)  # explain-vm judges the subscription afresh
    assert [e["id"] for e in checked["vms"]] == [v.vm.id for v in again.vms]
    for entry, verdict in zip(checked["vms"], again.vms):
        explained = report.explanation(again, verdict)
        for field in ("verdict", "checks", "blockedBy", "actions", "reasons", "evidence", "egress", "platformBasis"):
            assert explained[field] == entry[field], field
        steps = explained["steps"]
        assert [(s["check"], s["result"]) for s in steps] == list(entry["checks"].items())
        results = {s["result"] for s in steps}
        assert entry["verdict"] == ("blocked" if "fail" in results else "unknown" if "unknown" in results
                                    else "allowed")
        assert (explained["nextAction"] or {}).get("id") == (entry["actions"] or [None])[0]
        if entry["verdict"] == "blocked":
            assert explained["nextAction"] and entry["blockedBy"]


# --- 3. the NSG evaluator against the brute-force one, with any port ranges and any source ------------------
PRIVATE_IP = st.sampled_from(["10.0.0.4", "10.0.0.200", "10.0.1.4", "10.1.0.4", "192.168.0.9", "52.0.0.7"])


@MODERATE
@given(security_rules(PREFIX, PORTS), st.lists(ADDRESS, min_size=1, max_size=6), PRIVATE_IP,
       st.sampled_from([[], ["/asg/mail"], ["/ASG/WEB"]]),
       st.sampled_from([["10.0.0.0/16"], ["10.0.0.0/24"], ["10.0.0.0/16", "52.0.0.0/24"], []]))
def test_nsg_matches_brute_force_for_any_ports_and_source(rules, receivers, private_ip, asgs, space):
    group, ipc = nsg("g", *rules), IpConfig("ipconfig1", "/s", private_ip, asg_ids=asgs)
    for value in receivers:
        address = str(ipaddress.IPv4Address(value))
        one = evaluate_nsg(group, ipc, space, address)
        assert (one.access, one.rule.name) == brute.nsg(group, ipc, space, address, tags="unknown")
        if address in PUBLIC:
            piece = next(p for p in nsg_walk(group, ipc, space).pieces if address in p.addresses)
            assert (piece.outcome, piece.source.name) == brute.nsg(group, ipc, space, address)


@MODERATE
@given(security_rules(PREFIX, PORTS), security_rules(PREFIX, PORTS), PRIVATE_IP,
       st.sampled_from([["10.0.0.0/16"], ["10.0.0.0/16", "52.0.0.0/24"], ["0.0.0.0/0"]]),
       st.lists(ADDRESS, min_size=1, max_size=4))
def test_an_outbound_rule_with_source_internet_never_decides_for_a_vms_traffic(rules, tagged, private_ip, space,
                                                                               receivers):
    """Rules whose source is the `Internet` tag, at any priority, change no answer: the VM's address is VNet space
    (even a VNet using public ranges), which the tag never holds."""
    priorities = {r.priority for r in rules}
    internet = [replace(r, name=f"internet-{r.name}", source_prefixes=["Internet"], source_asg_ids=[])
                for r in tagged if r.priority not in priorities]
    ipc = IpConfig("ipconfig1", "/s", private_ip)
    plain, mixed = nsg("g", *rules), nsg("g", *(rules + internet))
    for destination in [None] + [str(ipaddress.IPv4Address(v)) for v in receivers]:
        before, after = evaluate_nsg(plain, ipc, space, destination), evaluate_nsg(mixed, ipc, space, destination)
        assert (after.access, after.rule.name, after.caveats) == (before.access, before.rule.name, before.caveats)
        if destination:
            assert brute.nsg(mixed, ipc, space, destination, tags="unknown") == (after.access, after.rule.name)


@MODERATE
@given(estates(), st.sampled_from(["52.1.2.3", "8.8.8.8", "31.130.0.1", "128.0.0.1"]))
def test_each_receivers_route_and_nsg_steps_match_brute_force(inv, destination):
    """The judge wires the primary NIC's IP configuration, its VNet's space and its subnet's table into the
    evaluators: for one receiver, its route and NSG steps say what the brute-force evaluators say."""
    step_of = {"Allow": "pass", "Deny": "fail", "Unknown": "unknown"}
    hop_of = {"internet": "pass", "none": "fail", "firewall": "info"}
    for verdict in _judge(inv, destination, None).vms:
        nic = next(inv.nics[key(n)] for n in verdict.vm.nic_ids if inv.nics[key(n)].primary)
        subnet = inv.subnets[key(nic.ip_configs[0].subnet_id)]
        space = inv.vnets[key(subnet.vnet_id)].address_space
        for where, nsg_id in (("NIC", nic.nsg_id), ("subnet", subnet.nsg_id)):
            expected = step_of[brute.nsg(inv.nsgs[key(nsg_id)], nic.ip_configs[0], space, destination,
                                         tags="unknown")[0]] if nsg_id else "pass"
            assert verdict.result_of(f"nsg-{where}").result == expected, where
        table = inv.route_tables[key(subnet.route_table_id)].routes if subnet.route_table_id else []
        hop, hop_ip, _ = brute.route(table, space, destination, tags="unknown")
        hop = hop.lower()
        hop = "firewall" if hop == "virtualappliance" and any(hop_ip in f.private_ips for f in inv.firewalls.values()) \
            else hop
        assert verdict.result_of("route").result == hop_of.get(hop, "unknown"), hop  # appliances, gateways
        assert (hop == "internet") == (verdict.result_of("outbound") is not None)
        assert (hop == "firewall") == (verdict.result_of("firewall") is not None)
