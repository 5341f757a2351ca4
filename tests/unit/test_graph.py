"""The Resource Graph collector's pure parts: engine choice, the query it sends, row splitting, quota pacing, and
that the local Graph (tests/localarm/graph.py) selects with that query exactly the rows ARM's lists hold."""
import json

import pytest

from azext_smtp.collect import engine, graph
from azext_smtp.collect.parse import app as parse_app, app_plan as parse_plan, hosting_environment as parse_ase
from azext_smtp.collect.parse import config_route_all, vm as parse_vm
from azext_smtp.core.catalog import load_catalog
from tests.localarm.estate import Estate, load_estate, parse_id
from tests.localarm.graph import InvalidQuery, app_service_row, compile_query, resource_row
from tests.localarm.make_estates import ESTATES


@pytest.mark.parametrize("asked,count,chosen", [
    ("arm", 50, "arm"), ("graph", 1, "graph"), (None, 1, "arm"), (None, engine.AUTO_THRESHOLD, "arm"),
    (None, engine.AUTO_THRESHOLD + 1, "graph"), ("auto", 100, "graph")])
def test_engine_choice(asked, count, chosen):
    assert engine.choose(asked, count) == chosen


def _estate_rows(name):
    est = Estate(load_estate(name))
    return est, [resource_row(r) for r in est.resources.values()]


def _selected(query, rows):
    """The rows of `query` over `rows` (the one table it reads), as the local Graph answers them."""
    return compile_query(query).run(lambda _table: list(rows))


@pytest.mark.parametrize("name", sorted(ESTATES))
def test_query_selects_what_the_arm_lists_hold(name):
    """Every resource of the listed types and nothing else (scale-set instances and their NICs stay ARM reads); a
    VM's NICs come in its row and split() gives them back as the NIC rows (id, name, properties) Graph holds."""
    est, rows = _estate_rows(name)
    wanted = set(graph.queried_types())
    got = _selected(graph.resources_query(), rows)
    assert all(set(r) == {c.strip() for c in graph.COLUMNS.split(",")} | {graph.NICS} for r in got)
    assert {r["type"] for r in got if r[graph.NICS]} <= {"microsoft.compute/virtualmachines"}
    folded = sum(len(r[graph.NICS] or ()) for r in got)
    assert folded and len(got) == len([r for r in rows if r["type"] in wanted]) - folded
    listed = [r for of_sub in graph.split(got, est.subscriptions).values() for of_type in of_sub.values()
              for r in of_type]
    assert sorted(r["id"] for r in listed) == sorted(r["id"] for r in est.resources.values()
                                                     if parse_id(r["id"])[2].lower() in wanted)
    held = {r["id"]: r for r in rows}
    for nic in (r for r in listed if r["type"] == graph.NIC_TYPE):
        assert {k: nic[k] for k in ("id", "name", "properties", "subscriptionId")} == \
            {k: held[nic["id"]][k] for k in ("id", "name", "properties", "subscriptionId")}


def test_nics_of_no_vm_come_as_rows_of_their_own():
    """A NIC no VM holds (a private endpoint's, a spare one) is a row of its own; an attached one is in its VM's."""
    _, rows = _estate_rows("network")
    nic = next(r for r in rows if r["type"] == graph.NIC_TYPE and r["properties"].get("virtualMachine"))
    unattached = {k: v for k, v in nic["properties"].items() if k != "virtualMachine"}
    spare = dict(nic, id=nic["id"] + "-spare", properties=unattached)
    got = _selected(graph.resources_query(), rows + [spare])
    assert [r["id"] for r in got if r["type"] == graph.NIC_TYPE] == [spare["id"]]
    vm = next(r for r in got if r["id"].lower() == nic["properties"]["virtualMachine"]["id"].lower())
    assert nic["id"] in [n["id"] for n in vm[graph.NICS]]


def test_group_query_keeps_the_network_of_the_whole_subscription():
    _, rows = _estate_rows("network")
    assert len({r["resourceGroup"] for r in rows}) > 1, "the estate spreads over groups"
    group = next(r["resourceGroup"] for r in rows if r["type"] == "microsoft.compute/virtualmachines")
    got = _selected(graph.resources_query(group.upper()), rows)  # =~ : any case
    own = set(graph.group_types())
    group_of = {r["id"]: r["resourceGroup"] for r in rows}  # the query projects no resourceGroup column
    assert {group_of[r["id"]] for r in got if r["type"] in own} == {group}
    assert {r["id"] for r in got if r["type"] not in own} == {r["id"] for r in rows
                                                              if r["type"] in graph.NETWORK_TYPES}


def test_query_reads_apps_slots_plans_and_every_other_paas_type():
    """Graph replaces ARM's web lists, the per-site slot lists and the filtered /resources list."""
    queried = graph.queried_types()
    assert {"microsoft.web/sites", "microsoft.web/sites/slots", "microsoft.web/serverfarms",
            "microsoft.web/hostingenvironments"} <= set(queried)
    assert {t.lower() for t in load_catalog().other_paas} <= set(graph.group_types())
    assert len(set(queried)) == len(queried) and all(t == t.lower() for t in queried)


def test_group_query_takes_apps_of_the_group_plans_and_ases_of_the_subscription():
    """As ARM reads them with -g: sites, slots and other PaaS of the group; plans and ASEs subscription-wide."""
    where = compile_query(graph.resources_query("web-rg")).where
    for rtype in ("microsoft.web/sites", "microsoft.web/sites/slots", "microsoft.app/containerapps"):
        assert where({"type": rtype, "resourceGroup": "web-rg"})
        assert not where({"type": rtype, "resourceGroup": "other-rg"})
    for rtype in ("microsoft.web/serverfarms", "microsoft.web/hostingenvironments"):
        assert where({"type": rtype, "resourceGroup": "other-rg"})
    assert not where({"type": "microsoft.storage/storageaccounts", "resourceGroup": "web-rg"})


def test_app_rows_parse_as_the_arm_bodies():
    """`kind` (function apps, ASE versions) and `sku` (plan tiers) are columns of the row, as in ARM's lists."""
    est = Estate(load_estate("apps"))
    for body in est.resources.values():
        row = resource_row(body)
        if body["type"] == "Microsoft.Web/sites":
            assert parse_app(row) == parse_app(body)
        elif body["type"] == "Microsoft.Web/serverfarms":
            assert parse_plan(row) == parse_plan(body)
        elif body["type"] == "Microsoft.Web/hostingEnvironments":
            assert parse_ase(row) == parse_ase(body) and parse_ase(row).kind


def test_app_config_query_reads_both_type_spellings_of_the_group():
    """The sample query's `microsoft.web/sites/config` and the supported-tables reference's `.../config/web`."""
    query = compile_query(graph.app_config_query("web-rg"))
    where = query.where
    assert query.table == "AppServiceResources" and query.columns == ["id", "type", "subscriptionId", "properties"]
    for rtype in graph.APP_CONFIG_TYPES:
        assert where({"type": rtype.upper(), "resourceGroup": "web-rg"})
        assert not where({"type": rtype, "resourceGroup": "other-rg"})
    assert not where({"type": "microsoft.web/sites", "resourceGroup": "web-rg"})


def test_app_service_rows_say_route_all_as_the_config_web_get():
    """The row (PascalCase properties, the site's name) and ARM's camelCase /config/web give the same answer."""
    est = Estate(load_estate("apps"))
    body = next(r for r in est.resources.values() if r["type"] == "Microsoft.Web/sites/config")
    row = app_service_row(body)
    assert row["type"] == "microsoft.web/sites/config" and row["name"] == body["id"].split("/")[8]
    assert "VnetRouteAllEnabled" in row["properties"] and "vnetRouteAllEnabled" not in row["properties"]
    assert config_route_all(row["properties"]) is config_route_all(body["properties"]) is True


@pytest.mark.parametrize("config,said", [({"VnetRouteAllEnabled": False}, False), ({"vnetrouteallenabled": True}, True),
                                         ({"VnetRouteAllEnabled": None, "vnetRouteAllEnabled": True}, True),
                                         ({"VnetRouteAllEnabled": None}, None), ({}, None), (None, None), ([], None)])
def test_config_route_all_reads_any_casing_and_skips_nulls(config, said):
    assert config_route_all(config) is said


class _Done:  # pylint: disable=too-few-public-methods
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def test_app_configs_query_only_subscriptions_with_an_app_that_needs_it():
    site = {"id": "/subscriptions/a/resourceGroups/r/providers/Microsoft.Web/sites/w",
            "properties": {"virtualNetworkSubnetId": "/subscriptions/a/.../subnets/s"}}
    said = dict(site, properties=dict(site["properties"], outboundVnetRouting={"applicationTraffic": True}))
    row = {"id": site["id"] + "/config/web", "type": "microsoft.web/sites/config", "subscriptionId": "a",
           "properties": {"VnetRouteAllEnabled": True}}
    client = _Pages([row], quota=10)
    session = graph.Session(client)
    batches = [_Done({"a": {"microsoft.web/sites": [site]}, "b": {"microsoft.web/sites/slots": [said]}}),
               _Done({"c": {"microsoft.web/sites": [dict(site, properties={})]}})]
    assert session.app_configs(batches, None) == {"a": [row]}
    assert [b["subscriptions"] for b in client.sent] == [["a"]] and client.sent[0]["query"].startswith(
        "AppServiceResources")
    client.sent.clear()
    assert session.app_configs(batches[1:], None) == {} and not client.sent, "no app needs it: no query"


def test_group_names_are_quoted_as_literals():
    query = graph.resources_query("it's (a) group")
    where = compile_query(query).where
    row = {"type": "microsoft.compute/virtualmachines", "resourceGroup": "it's (a) group"}
    assert where(row) and not where(dict(row, resourceGroup="its (a) group"))


@pytest.mark.parametrize("query", [
    "Resources | summarize count()",
    "Resources | join kind=fullouter (Resources | project id) on id",  # a flavour not served here
    "Resources | join kind=leftanti (Resources | project id) on id",  # Graph has no anti-join
    "Resources | join (Resources | project id) on id",  # innerunique by default: not served here
    "Resources" + " | join kind=leftouter (Resources | project id) on id" * 4,  # Graph allows 3 joins a query
    "Resources" + " | union (Resources)" * 3,  # and 3 union legs
    "Resources | extend k = toupper(id)", "Resources | where isempty(id", "Resources | project"])
def test_unsupported_query_is_invalid(query):
    with pytest.raises(InvalidQuery):
        compile_query(query)


def test_local_join_is_kusto_leftouter():
    """Each left row with every right row of its key (a duplicate column name gets the suffix 1), or alone with the
    right's columns null; a null key matches nothing; `summarize make_list(pack())` lists a key's rows in order."""
    table = {"L": [{"id": "a", "k": "x"}, {"id": "b", "k": "y"}, {"id": "c", "k": None}],
             "R": [{"id": "r1", "k": "x", "v": 1}, {"id": "r2", "k": "x", "v": 2}, {"id": "r3", "k": None, "v": 3}]}
    query = compile_query("Resources | join kind=leftouter (ComputeResources | summarize vs = make_list(pack('v', v, "
                          "'id', id)) by k) on k | project id, k, k1, vs")
    got = query.run(lambda name: list(table["L" if name == "Resources" else "R"]))
    assert got == [{"id": "a", "k": "x", "k1": "x", "vs": [{"v": 1, "id": "r1"}, {"v": 2, "id": "r2"}]},
                   {"id": "b", "k": "y", "k1": None, "vs": None}, {"id": "c", "k": None, "k1": None, "vs": None}]
    extended = compile_query("Resources | extend k = tolower(tostring(p.q)) | where isnotempty(k) | project id, k")
    assert extended.run(lambda _: [{"id": "a", "p": {"q": "AbC"}}, {"id": "b", "p": {}}, {"id": "c"}]) == \
        [{"id": "a", "k": "abc"}]


def test_split_per_subscription_and_type_in_order():
    rows = [{"subscriptionId": "AAA", "type": "microsoft.network/networkinterfaces", "id": "n1"},
            {"subscriptionId": "bbb", "type": "microsoft.compute/virtualmachines", "id": "v2"},
            {"subscriptionId": "aaa", "type": "microsoft.network/networkinterfaces", "id": "n3"},
            {"subscriptionId": "ccc", "type": "microsoft.compute/virtualmachines", "id": "stranger"}]
    split = graph.split(rows, ["aaa", "BBB", "ddd"])
    assert [r["id"] for r in split["aaa"]["microsoft.network/networkinterfaces"]] == ["n1", "n3"]
    assert [r["id"] for r in split["BBB"]["microsoft.compute/virtualmachines"]] == ["v2"]
    assert split["ddd"] == {}
    assert "ccc" not in split


def test_vm_power_state_from_a_graph_row():
    est = Estate(load_estate("demo"))
    body = next(r for r in est.resources.values() if r["type"] == "Microsoft.Compute/virtualMachines")
    body["_power"] = "deallocated"
    assert parse_vm(resource_row(body)).power_state == "deallocated"
    assert parse_vm(est.render(body, {"$expand": ["instanceView"]})).power_state == "deallocated"


@pytest.mark.parametrize("text,seconds", [("00:00:05", 5), ("00:01:02.5", 62.5), (None, 0), ("soon", 0)])
def test_quota_reset_header(text, seconds):
    assert graph._seconds(text) == seconds  # pylint: disable=protected-access


class _Response:
    def __init__(self, body, headers):
        self.status_code, self.body, self.headers = 200, body, headers

    def json(self):
        return self.body

    def read(self):
        return json.dumps(self.body).encode()


class _Pages:
    """A Graph that pages `rows` two at a time and has `quota` queries left."""

    def __init__(self, rows, quota):
        self.rows, self.quota, self.sent = rows, quota, []

    def send_request(self, request, **_):
        body = json.loads(request.content)
        self.sent.append(body)
        start = int(body["options"].get("$skipToken", 0))
        self.quota -= 1
        page = {"data": self.rows[start:start + 2], "count": len(self.rows[start:start + 2])}
        if start + 2 < len(self.rows):
            page["$skipToken"] = str(start + 2)
        return _Response(page, {"x-ms-user-quota-remaining": str(max(self.quota, 0)),
                                "x-ms-user-quota-resets-after": "00:00:04"})


def test_a_truncated_result_is_a_failure_not_part_of_the_rows():
    """Graph says `resultTruncated` when it cannot page a query: the rows are not all there, so the query fails (and
    the run reads the lists with ARM) instead of judging what came."""
    from azure.core.exceptions import HttpResponseError

    class Truncated(_Pages):  # pylint: disable=too-few-public-methods
        def send_request(self, request, **_):
            answer = super().send_request(request, stream=True)
            answer.body = {k: v for k, v in answer.body.items() if k != "$skipToken"}
            answer.body["resultTruncated"] = "true"
            return answer
    with pytest.raises(HttpResponseError, match="result truncated"):
        list(graph.Session(Truncated([{"id": i} for i in range(7)], quota=10)).rows("Resources", ["s1"]))
    rows = list(graph.Session(_Pages([{"id": i} for i in range(7)], quota=10)).rows("Resources", ["s1"]))
    assert len(rows) == 7


def test_pages_follow_skip_token_and_wait_when_the_quota_is_spent():
    client, now, slept = _Pages([{"id": i} for i in range(7)], quota=2), [100.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds
    session = graph.Session(client, sleep=sleep, clock=lambda: now[0])
    rows = list(session.rows("Resources", ["s1"]))
    assert [r["id"] for r in rows] == list(range(7))
    assert [b.get("options", {}).get("$skipToken") for b in client.sent] == [None, "2", "4", "6"]
    assert all(b["subscriptions"] == ["s1"] and b["options"]["resultFormat"] == "objectArray" and
               b["options"]["$top"] == graph.PAGE_ROWS for b in client.sent)
    assert slept == [4.0, 4.0], "the 3rd and 4th queries wait for the refill the 2nd and 3rd answers announced"


@pytest.mark.parametrize("count,sizes", [(1, [1]), (graph.MIN_BATCH + 1, [graph.MIN_BATCH, 1]), (50, [13, 13, 13, 11]),
                                         (6000, [1000] * 6)])
def test_batches_cover_every_subscription_once(count, sizes):
    ids = [f"s{i}" for i in range(count)]
    found = graph.batches(ids)
    assert [len(b) for b in found] == sizes and [s for b in found for s in b] == ids


class _Looping(_Pages):
    """A Graph whose third page hands back the skip token it was asked with."""

    def send_request(self, request, **_):
        response = super().send_request(request, stream=True)
        if "$skipToken" in response.body and response.body["$skipToken"] == "6":
            response.body["$skipToken"] = "4"
        return response


def test_a_repeated_skip_token_is_a_page_loop_not_an_endless_read():
    from azure.core.exceptions import HttpResponseError
    client = _Looping([{"id": i} for i in range(9)], quota=100)
    with pytest.raises(HttpResponseError, match="page loop"):
        list(graph.Session(client, sleep=lambda _s: None).rows("Resources", ["s1"]))
    assert [b.get("options", {}).get("$skipToken") for b in client.sent] == [None, "2", "4"]  # not asked again


@pytest.mark.parametrize("query", [graph.resources_query(), graph.resources_query("mail-rg"), graph.compute_query(),
                                   graph.app_config_query(), graph.SUBSCRIPTIONS_QUERY])
def test_every_query_projects_id_so_graph_pages_it(query):
    """Graph sends $skipToken only for a result with an `id` column: without it a query stops at 1,000 rows."""
    assert "id" in compile_query(query).columns
