"""Engines: Resource Graph and ARM list calls give the same verdicts; Graph's quota, throttling and refusal never
leave a VM unread; --management-group and --engine through the real az."""
import copy
import math
import time
from datetime import datetime, timedelta, timezone

import pytest

from azext_smtp import scan
from azext_smtp.clients import CredentialClients
from azext_smtp.collect import engine, graph
from azext_smtp.errors import ScopeNotFound
from tests.localarm.credential import LocalArmCredential
from tests.localarm.estate import load_estate, parse_id
from tests.localarm.make_estates import ESTATES, scaled, tenant
from tests.localarm.server import GRAPH
from tests.localarm.shapes import sub_guid

ENGINE_FIELDS = ("engine", "engineNote")
LISTED = graph.queried_types() + ("/slots", "/resources")  # a site's slot list, the other-PaaS list


def _scaled():
    return scaled(30, page_size=7, subscriptions=engine.AUTO_THRESHOLD + 2).doc


PARITY = {**{name: lambda name=name: load_estate(name) for name in ESTATES}, "scaled": _scaled}


def run(arm, chosen, exempted_at=None):
    clients = CredentialClients(LocalArmCredential(arm), arm.url, connection_verify=arm.cert)
    subs = [s["subscriptionId"] for s in arm.estate.subscriptions.values()]
    arm.reset_log()
    return scan.check(clients, subs, None, scan.Options(exempted_at=exempted_at, engine=chosen))


def without_engine(result):
    out = copy.deepcopy(result)
    for sub in out["subscriptions"]:
        for name in ENGINE_FIELDS:
            sub.pop(name)
    return out


def created_times(request) -> bool:
    """The VNets' createdTime read (/resources with $expand=createdTime): ARM's, with either engine."""
    return "createdTime" in request["query"].get("$expand", "")


def tables(arm):
    """The table of each Graph query, in the order they were sent."""
    return [r["body"]["query"].split(" ", 1)[0] for r in arm.requests if r["path"].lower() == GRAPH]


def list_calls(arm):
    """GETs of the lists Graph replaces (ARM list URLs end with the provider type, `slots` or `resources`)."""
    return [r["path"] for r in arm.requests if r["method"] == "GET" and r["path"].lower().endswith(LISTED)
            and not created_times(r)]


@pytest.mark.parametrize("name", sorted(PARITY))
def test_both_engines_give_identical_verdicts(local_arm, name):
    arm = local_arm(PARITY[name]())
    exempted_at = datetime.now(timezone.utc) - timedelta(days=3)  # the activity log is read too
    by_arm = run(arm, "arm", exempted_at)
    assert list_calls(arm)
    by_graph = run(arm, "graph", exempted_at)
    assert not list_calls(arm), "Graph replaced every list call"
    assert {s["engine"] for s in by_graph["subscriptions"]} == {"graph"}
    assert {s["engine"] for s in by_arm["subscriptions"]} == {"arm"}
    assert by_graph["vms"], "the estate has VMs"
    assert without_engine(by_graph) == without_engine(by_arm)


@pytest.mark.parametrize("group", [None, "mail-rg"])
def test_graph_reads_uniform_scale_set_instances_from_compute_resources(local_arm, group):
    """The instances of a uniform scale set and their NICs (allowPort25Out, power state) come from one
    ComputeResources query, not from two ARM lists per scale set, with ARM's verdicts."""
    arm = local_arm(load_estate("network"))
    clients = CredentialClients(LocalArmCredential(arm), arm.url, connection_verify=arm.cert)
    subs = list(arm.estate.subscriptions)
    by_arm = scan.check(clients, subs, group, scan.Options(engine="arm"))
    per_set = [r["path"] for r in arm.requests if "/virtualmachinescalesets/" in r["path"].lower()]
    assert len(per_set) == 2, "instances and NICs of the one uniform set"
    arm.reset_log()
    by_graph = scan.check(clients, subs, group, scan.Options(engine="graph"))
    assert not [r for r in arm.requests if "/virtualmachinescalesets/" in r["path"].lower()]
    assert tables(arm) == ["Resources", "ComputeResources"]
    instances = [v for v in by_graph["vms"] if "/virtualmachinescalesets/mailss/" in v["id"].lower()]
    assert len(instances) == 2 and {v["verdict"] for v in instances} == {"allowed"}
    assert without_engine(by_graph) == without_engine(by_arm)


def test_graph_asks_compute_resources_only_for_subscriptions_with_a_uniform_scale_set(local_arm):
    arm = local_arm(_scaled())
    run(arm, "graph")
    assert tables(arm) and set(tables(arm)) == {"Resources"}


@pytest.mark.parametrize("group", [None, "web-rg"])
def test_graph_reads_apps_and_other_paas_without_arm_lists(local_arm, group):
    """Sites, slots, plans, ASEs and other PaaS come from the Graph rows: no ARM list of Microsoft.Web and no
    /resources list, with the same apps as ARM's lists (with -g: the group's apps, plans subscription-wide); the
    web configuration of the app whose row does not say route-all comes from one AppServiceResources query, not
    from ARM's GET /config/web."""
    arm = local_arm(load_estate("apps"))
    clients = CredentialClients(LocalArmCredential(arm), arm.url, connection_verify=arm.cert)
    subs = [s["subscriptionId"] for s in arm.estate.subscriptions.values()]
    by_arm = scan.check(clients, subs, group, scan.Options(engine="arm"))
    web = [r["path"] for r in arm.requests if "/providers/microsoft.web/" in r["path"].lower()]
    assert any(p.lower().endswith("/slots") for p in web) and list_calls(arm)
    arm.reset_log()
    by_graph = scan.check(clients, subs, group, scan.Options(engine="graph"))
    gets = [r["path"].lower() for r in arm.requests if r["method"] == "GET" and not created_times(r)]
    assert not [p for p in gets if "/providers/microsoft.web/" in p or p.endswith("/resources")]
    assert tables(arm) == ["Resources", "AppServiceResources"]
    assert {a["kind"] for a in by_graph["apps"]} >= {"webapp", "functionapp", "slot"} and by_graph["others"]
    assert without_engine(by_graph) == without_engine(by_arm)


@pytest.mark.parametrize("subs,vms,quota,pages", [
    (2, 1100, 2, 3),  # one chain of three pages of 1,000 rows (a VM with its NIC is one row)
    (40, 120, 5, 8),  # four chains (10 subscriptions, ~1,200 rows) of two pages, side by side
])
def test_graph_waits_for_the_quota_instead_of_drawing_429s(local_arm, subs, vms, quota, pages):
    """More pages than the quota (per 2 s) allows: the queries past it wait for the refill the headers announce,
    also with chains in flight side by side."""
    doc = scaled(vms, subscriptions=subs).doc
    doc["graphQuota"] = {"queries": quota, "window": 2}
    arm = local_arm(doc)
    started = time.monotonic()
    result = run(arm, "graph")
    queries = [r for r in arm.requests if r["path"].lower() == GRAPH]
    assert len(queries) == pages and arm.graph.throttled == 0
    assert time.monotonic() - started >= 1.0, "the queries past the quota waited for the window"
    assert len(result["vms"]) == subs * vms and all(v["verdict"] == "allowed" for v in result["vms"])
    assert not any(s["unknowns"] for s in result["subscriptions"])


def test_tenant_graph_run_sends_a_vm_and_its_nics_as_one_row(local_arm):
    """On the tenant-shaped estate each VM's NICs come in its row: the pages are the VMs' and the network's rows, no
    longer the NICs' too, all in one quota window, with ARM's verdicts (every NIC is read: the NSG on every third NIC
    and the allowPort25Out flags decide verdicts)."""
    arm = local_arm(tenant(250, subscriptions=engine.AUTO_THRESHOLD + 1).doc)
    by_arm = run(arm, "arm")
    by_graph = run(arm, "graph")
    assert len(graph.batches(list(arm.estate.subscriptions))) == 1, "one page chain"
    listed = [r for r in arm.estate.resources.values() if parse_id(r["id"])[2].lower() in graph.queried_types()]
    attached = [r for r in listed if (r.get("properties") or {}).get("virtualMachine")]
    assert attached and len(tables(arm)) == math.ceil((len(listed) - len(attached)) / graph.PAGE_ROWS) == 2
    assert math.ceil(len(listed) / graph.PAGE_ROWS) == 3, "rows of their own, the NICs took a page more"
    assert arm.graph.throttled == 0 and not list_calls(arm)
    assert len(by_graph["vms"]) == 250 * (engine.AUTO_THRESHOLD + 1)
    assert without_engine(by_graph) == without_engine(by_arm)


def test_local_graph_pages_only_a_result_with_an_id_column(local_arm):
    """Real Graph sends $skipToken only when the query projects `id`; without it the result stops at one page."""
    arm = local_arm(_scaled())
    body = {"subscriptions": list(arm.estate.subscriptions), "options": {"$top": 5, "resultFormat": "objectArray"}}
    status, paged, _ = arm.graph.query({**body, "query": "Resources | project id, name"})
    assert status == 200 and paged["$skipToken"] and paged["resultTruncated"] == "false"
    status, cut, _ = arm.graph.query({**body, "query": "Resources | project name"})
    assert status == 200 and "$skipToken" not in cut and cut["resultTruncated"] == "true" and cut["count"] == 5


def test_throttled_graph_is_waited_out_not_reported(local_arm):
    """429 with Retry-After on the first queries: azure-core retries, every VM is judged, nothing is unknown."""
    doc = _scaled()
    doc["faults"] = [{"method": "POST", "path": "resourcegraph", "status": 429, "code": "RateLimiting",
                      "retryAfter": 1, "times": 2}]
    arm = local_arm(doc)
    result = run(arm, "graph")
    chains = len(graph.batches(list(arm.estate.subscriptions)))
    assert len([r for r in arm.requests if r["path"].lower() == GRAPH]) == chains + 2, "two 429s, then the answers"
    assert {s["engine"] for s in result["subscriptions"]} == {"graph"}
    assert len(result["vms"]) == 30 * (engine.AUTO_THRESHOLD + 2)
    assert all(v["verdict"] == "allowed" for v in result["vms"])
    assert not any(s["unknowns"] for s in result["subscriptions"])


@pytest.mark.parametrize("estate", ["scaled", "apps"])
@pytest.mark.parametrize("status,code", [(403, "AuthorizationFailed"), (400, "BadRequest")])
def test_graph_refused_falls_back_to_arm(local_arm, status, code, estate):
    """Every list, apps' slot lists and the other-PaaS list too, is read with ARM instead."""
    doc = PARITY[estate]()
    doc["faults"] = [{"method": "POST", "path": "resourcegraph", "status": status, "code": code}]
    arm = local_arm(doc)
    expected = run(arm, "arm")
    result = run(arm, "graph")
    assert list_calls(arm)
    assert estate != "apps" or [p for p in list_calls(arm) if p.lower().endswith(("/slots", "/resources"))]
    for sub in result["subscriptions"]:
        assert sub["engine"] == "arm" and f"{status} {code}" in sub["engineNote"]
    assert without_engine(result) == without_engine(expected)


# --- through the real az -------------------------------------------------------------------------------------------
ESTATE = "demo"
CONTOSO = {sub_guid("ea"), sub_guid("mcae"), sub_guid("eadevtest")}  # the demo's group and its nested group


def test_management_group_judges_the_subscriptions_under_it(az):
    result = az.json("smtp", "check", "--management-group", "Contoso")
    assert {s["subscriptionId"] for s in result["subscriptions"]} == CONTOSO
    assert {v["subscriptionId"] for v in result["vms"]} == CONTOSO
    assert {s["engine"] for s in result["subscriptions"]} == {"arm"}, "auto: three subscriptions stay with ARM"


def test_management_group_with_the_graph_engine(az, arm):
    result = az.json("smtp", "check", "--management-group", "Contoso", "--engine", "graph")
    assert {s["subscriptionId"] for s in result["subscriptions"]} == CONTOSO
    assert {s["engine"] for s in result["subscriptions"]} == {"graph"}
    queries = [r for r in arm.requests if r["path"].lower() == GRAPH]
    assert len(queries) == 2, "one query finds the subscriptions, one reads their resources"


def test_all_subscriptions_auto_picks_graph_with_the_same_verdicts(az):
    auto = az.json("smtp", "check", "--all-subscriptions")
    by_arm = az.json("smtp", "check", "--all-subscriptions", "--engine", "arm")
    assert len(auto["subscriptions"]) > engine.AUTO_THRESHOLD
    assert {s["engine"] for s in auto["subscriptions"]} == {"graph"}
    assert without_engine(auto) == without_engine(by_arm)


@pytest.mark.parametrize("group,says", [("Empty", "no enabled subscription"), ("Nowhere", "403")])
def test_empty_or_unknown_management_group_is_a_clear_error(az, group, says):
    proc = az.run("smtp", "check", "--management-group", group, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert f"--management-group {group}" in proc.stderr and says in proc.stderr


@pytest.mark.parametrize("other", [["--all-subscriptions"], ["--subscriptions", sub_guid("ea")]])
def test_management_group_excludes_other_scopes(az, other):
    proc = az.run("smtp", "check", "--management-group", "Contoso", *other, check=False)
    assert proc.returncode != 0 and "cannot be combined" in proc.stderr


@pytest.mark.parametrize("group", ["mail-rg", "MAIL-RG"])
def test_one_resource_group_through_both_engines(local_arm, group):
    """VMs, NICs and scale sets of the group; the network they use from the whole subscription (hub-rg)."""
    arm = local_arm(load_estate("network"))
    clients = CredentialClients(LocalArmCredential(arm), arm.url, connection_verify=arm.cert)
    sub = next(iter(arm.estate.subscriptions.values()))["subscriptionId"]
    by_arm, by_graph = (scan.check(clients, [sub], group, scan.Options(engine=e)) for e in ("arm", "graph"))
    assert by_graph["vms"] and {v["resourceGroup"].lower() for v in by_graph["vms"]} == {"mail-rg"}
    assert without_engine(by_graph) == without_engine(by_arm)


@pytest.mark.parametrize("engine", ["arm", "graph"])
def test_unknown_resource_group_is_not_found_with_either_engine(local_arm, engine):
    arm = local_arm(load_estate("network"))
    clients = CredentialClients(LocalArmCredential(arm), arm.url, connection_verify=arm.cert)
    sub = next(iter(arm.estate.subscriptions.values()))["subscriptionId"]
    with pytest.raises(ScopeNotFound):
        scan.check(clients, [sub], "no-such-rg", scan.Options(engine=engine))
