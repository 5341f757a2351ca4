"""Web apps, function apps, slots and other PaaS through the real az, against the 'apps' estate."""
import pytest

from azext_smtp.core.catalog import load_catalog
from azext_smtp.core.editions import load_edition
from tests.localarm.server import GRAPH

ESTATE = "apps"


@pytest.fixture(scope="module")
def checked(azure):
    _, az = azure
    return az.json("smtp", "check", "--all-subscriptions")


@pytest.fixture(scope="module")
def apps(checked):
    return {a["name"]: a for a in checked["apps"]}


@pytest.mark.parametrize("app,kind,verdict,blocked_by,egress,action", [
    ("mail-web", "webapp", "allowed", [], "nat-gateway", None),  # integration + route-all on a NAT-gateway subnet
    ("legacy-web", "webapp", "allowed", [], "app-service", None),  # the pre-2024 vnetRouteAllEnabled property
    ("ase-web", "webapp", "allowed", [], "nat-gateway", None),  # App Service Environment v3
    ("no-routeall-web", "webapp", "unknown", [], "nat-gateway", "check-app-route-all"),
    ("mail-logic", "logicapp", "allowed", [], "nat-gateway", None),  # Logic App Standard, integrated
    # no VNet integration: reported to work through shared outbound addresses, unsupported by Azure
    ("plain-web", "webapp", "unsupported", ["no-vnet"], "none", "use-authenticated-relay"),
    ("mail-web/staging", "slot", "unsupported", ["no-vnet"], "none", "use-authenticated-relay"),
    ("nsg-web", "webapp", "blocked", ["nsg"], "nat-gateway", "fix-nsg-rule"),
    ("consumption-func", "functionapp", "unsupported", ["no-vnet"], "none", "use-authenticated-relay"),
    ("payg-web", "webapp", "blocked", ["platform"], "nat-gateway", "use-authenticated-relay"),
    ("payg-into-ea-web", "webapp", "allowed", [], "nat-gateway", None),  # a PAYG app in an EA VNet: EA's rule
    ("ea-into-payg-web", "webapp", "blocked", ["platform"], "nat-gateway", "use-authenticated-relay"),  # the reverse
    ("old-vnet-web", "webapp", "unknown", [], "app-service", "add-remove-temp-subnet"),  # EA VNet from 2021
    ("config-web", "webapp", "allowed", [], "nat-gateway", None),  # route-all only in its /config/web
])
def test_each_app_case(apps, app, kind, verdict, blocked_by, egress, action):
    entry = apps[app]
    expected = (kind, verdict, blocked_by, egress)
    assert (entry["kind"], entry["verdict"], entry["blockedBy"], entry["egress"]) == expected
    assert (entry["actions"][0] if entry["actions"] else None) == action


def test_an_integrated_app_goes_through_the_same_network_checks_as_a_vm(apps):
    assert apps["mail-web"]["checks"] == {"platform-port25": "pass", "app-vnet": "pass", "app-route-all": "pass",
                                          "route": "pass", "outbound": "pass", "nsg-subnet": "pass"}
    assert apps["ase-web"]["checks"] == {"platform-port25": "pass", "app-vnet": "pass", "route": "pass",
                                         "outbound": "pass", "nsg-subnet": "pass"}
    assert apps["mail-web"]["subnet"].endswith("/subnets/integration-nat")
    assert apps["ase-web"]["subnet"].endswith("/subnets/ase") and apps["ase-web"]["hostingEnvironment"]
    assert any("Deny-SMTP-Out (priority 100)" in e for e in apps["nsg-web"]["evidence"])


def test_without_route_all_the_command_that_settles_it_is_given(apps):
    entry = apps["no-routeall-web"]
    assert entry["routeAll"] is False and entry["checks"]["app-route-all"] == "unknown"
    assert any("az webapp config appsettings list" in e and "-n no-routeall-web" in e and "WEBSITE_VNET_ROUTE_ALL" in e
               for e in entry["evidence"])


def test_the_consumption_plan_is_named_as_the_reason(apps):
    reason = apps["consumption-func"]["reasons"][0]
    assert "Consumption plan consumption-plan (SKU Y1)" in reason and reason.startswith("SMTP25-APPSERVICE:")


def test_an_app_without_integration_is_unsupported_not_cannot_send(apps):
    reason = apps["plain-web"]["reasons"][0]
    assert reason.startswith("SMTP25-APPSERVICE: Unsupported by Azure") and "shared outbound addresses" in reason
    assert "works but is not supported" in reason


def test_a_logic_app_standard_says_which_kind_it_is(azure, apps):
    entry = apps["mail-logic"]
    assert (entry["kind"], entry["siteKind"]) == ("logicapp", "functionapp,workflowapp")
    assert entry["checks"] == apps["mail-web"]["checks"]
    _, az = azure
    explained = az.json("smtp", "explain-app", "-g", "web-rg", "-n", "mail-logic")
    assert "Logic App Standard (kind functionapp,workflowapp)" in explained["steps"][1]["detail"]
    assert explained["verdict"] == "allowed"


def test_pay_as_you_go_blocks_its_integrated_app_at_the_platform_step(apps):
    entry = apps["payg-web"]
    assert entry["checks"]["platform-port25"] == "fail" and entry["checks"]["app-vnet"] == "pass"
    assert "rule SMTP25-OTHER: blocked" in entry["evidence"]


def test_a_container_app_is_listed_as_not_supported(checked):
    (other,) = checked["others"]
    assert (other["name"], other["type"], other["service"]) == ("mail-worker", "Microsoft.App/containerApps",
                                                                "Container Apps")
    assert (other["verdict"], other["blockedBy"], other["actions"]) == ("blocked", ["paas"],
                                                                        ["use-authenticated-relay"])
    assert other["reasons"][0].startswith("SMTP25-OTHER-PAAS:")
    assert load_catalog().other_paas_source in other["evidence"]


def test_the_check_table_names_each_kind_within_120_columns(azure):
    _, az = azure
    out = az.run("smtp", "check", "--all-subscriptions", "-o", "table").stdout.splitlines()
    assert max(map(len, out)) <= 120
    assert out[0].split()[3:5] == ["Name", "Kind"]
    # the Verdict column holds `unsupported` (11 wide), so Kind gives up two characters: functionapp -> functi...
    rows = {kind: [line for line in out[2:] if f" {kind} " in line] for kind in ("functi...", "slot", "vm",
                                                                                  "logicapp")}
    assert "mail-logic" in rows["logicapp"][0] and "unsupported" in rows["slot"][0]
    assert "consumpt" in rows["functi..."][0] and "mail-web" in rows["slot"][0] and "relay-vm" in rows["vm"][0]
    assert any("mail-worker" in line and "Contai..." in line and "paas" in line for line in out)


def test_explain_app_shows_every_step_with_its_catalog_id(azure, apps):
    _, az = azure
    result = az.json("smtp", "explain-app", "-g", "web-rg", "-n", "mail-web")
    assert [s["check"] for s in result["steps"]] == ["platform-port25", "app-vnet", "app-route-all", "route",
                                                     "outbound", "nsg-subnet"]
    assert {s["check"]: s["result"] for s in result["steps"]} == apps["mail-web"]["checks"]
    assert set(s["check"] for s in result["steps"]) <= set(load_catalog().checks)
    assert all(s["title"] and s["source"].startswith("https://") for s in result["steps"])
    assert result["steps"][1]["ruleId"] == load_edition().service_rule("app-service").id
    assert (result["verdict"], result["nextAction"]) == ("allowed", None)


def test_explain_app_agrees_with_check_for_slots_and_ids(azure, apps):
    _, az = azure
    slot = az.json("smtp", "explain-app", "-g", "web-rg", "-n", "mail-web", "--slot", "staging")
    payg = az.json("smtp", "explain-app", "--ids", apps["payg-web"]["id"])
    for explained, name in ((slot, "mail-web/staging"), (payg, "payg-web")):
        for field in ("verdict", "blockedBy", "egress", "actions", "reasons", "checks"):
            assert explained[field] == apps[name][field], (name, field)
    assert payg["nextAction"]["id"] == "use-authenticated-relay"


def test_explain_app_table_fits_and_names_the_steps(azure):
    _, az = azure
    out = az.run("smtp", "explain-app", "-g", "web-rg", "-n", "no-routeall-web", "-o", "table").stdout
    assert max(map(len, out.splitlines())) <= 120
    for check in ("platform-port25", "app-vnet", "app-route-all", "route", "outbound", "nsg-subnet"):
        assert check in out
    assert "unknown" in out.splitlines()[-1] or "unknown" in out


def test_explain_app_errors_are_clear(azure):
    _, az = azure
    missing = az.run("smtp", "explain-app", "-g", "web-rg", "-n", "no-such-app", check=False)
    not_an_app = az.run("smtp", "explain-app", "--ids", "/subscriptions/x/resourceGroups/g/providers/"
                        "Microsoft.Compute/virtualMachines/vm1", check=False)
    for proc, text in ((missing, "no-such-app"), (not_an_app, "expected a web app or function app")):
        assert proc.returncode != 0 and text in proc.stderr and "Traceback" not in proc.stderr


def test_unreadable_app_lists_are_gaps_and_never_allowed(az, arm):
    arm.estate.faults += [{"path": r"/providers/Microsoft.Web/hostingEnvironments$", "status": 403},
                          {"path": r"/resources$", "query": "containerApps", "status": 403}]
    try:
        result = az.json("smtp", "check")
    finally:
        arm.estate.faults.clear()
    apps = {a["name"]: a for a in result["apps"]}
    assert apps["ase-web"]["verdict"] == "unknown" and "az appservice ase list" in apps["ase-web"]["reasons"][0]
    assert apps["mail-web"]["verdict"] == "allowed" and result["others"] == []
    gaps = {u["what"]: u for u in result["subscriptions"][0]["unknowns"]}
    assert gaps["other PaaS resources"]["status"] == 403 and "az resource list" in gaps["other PaaS resources"]["command"]
    assert gaps["App Service Environments"]["status"] == 403


def test_a_resource_group_scope_reads_its_apps_and_the_filtered_resources_of_that_group(az, arm):
    result = az.json("smtp", "check", "-g", "web-rg")
    assert {a["resourceGroup"] for a in result["apps"]} == {"web-rg"} and len(result["others"]) == 1
    listed = [r for r in arm.requests if r["path"].endswith("/resources") and "$expand" not in r["query"]]
    assert [r["path"].split("/")[3:5] for r in listed] == [["resourceGroups", "web-rg"]]
    assert "resourceType eq 'Microsoft.App/containerApps' or " in listed[0]["query"]["$filter"]


def test_an_app_follows_the_subscription_of_its_vnet(apps):
    """Integration across subscriptions: the VNet's subscription decides, and the app says which it is."""
    into_ea, into_payg = apps["payg-into-ea-web"], apps["ea-into-payg-web"]
    ea_sub, payg_sub = into_payg["subscriptionId"], into_ea["subscriptionId"]
    assert (into_ea["vnetSubscription"], into_payg["vnetSubscription"]) == (ea_sub, payg_sub)
    assert apps["mail-web"]["vnetSubscription"] == ea_sub and apps["plain-web"]["vnetSubscription"] is None
    assert into_payg["reasons"][0].startswith(f"The VNet's subscription {payg_sub} decides")
    assert "rule SMTP25-OTHER: blocked" in into_payg["evidence"]
    assert any(e.startswith(f"VNet subscription {payg_sub}: ") for e in into_payg["evidence"])


def test_an_enterprise_vnet_from_before_august_2022_needs_the_temporary_subnet(apps):
    entry = apps["old-vnet-web"]
    assert entry["checks"]["platform-port25"] == "unknown" and entry["checks"]["route"] == "pass"
    assert "VNet old-vnet was created 2021-05-10, before 1 August 2022" in entry["reasons"][0]
    assert entry["actions"] == ["add-remove-temp-subnet", "test-port25"]


def test_the_vnet_creation_times_are_one_resources_list_per_enterprise_subscription(az, arm):
    az.json("smtp", "check", "--all-subscriptions")
    expanded = [r for r in arm.requests if r["query"].get("$expand") == "createdTime"]
    assert len(expanded) == 1 and expanded[0]["path"].endswith("/resources")
    assert expanded[0]["query"]["$filter"] == "resourceType eq 'Microsoft.Network/virtualNetworks'"


def test_unread_vnet_creation_times_leave_enterprise_apps_unknown_with_the_command(az, arm):
    arm.estate.faults += [{"path": r"/resources$", "query": "createdTime", "status": 403}]
    try:
        result = az.json("smtp", "check", "--all-subscriptions")
    finally:
        arm.estate.faults.clear()
    apps = {a["name"]: a for a in result["apps"]}
    assert apps["mail-web"]["verdict"] == "unknown" and apps["payg-web"]["verdict"] == "blocked"
    assert "the creation time of VNet apps-vnet is unknown (the list failed (403" in apps["mail-web"]["reasons"][0]
    assert "az resource list --subscription" in apps["mail-web"]["reasons"][0]
    gaps = [u for s in result["subscriptions"] for u in s["unknowns"]]
    assert [g["what"] for g in gaps] == ["creation times of virtual networks"]


def test_a_vnet_subscription_out_of_scope_is_read_for_its_offer_only(az, arm, apps):
    """Only the PAYG subscription in scope: the EA subscription of its app's VNet is read (its GET, billing
    property), never listed; the app takes EA's rule and stays unknown, its subnet unread."""
    payg_sub = apps["payg-into-ea-web"]["subscriptionId"]
    ea_sub = apps["payg-into-ea-web"]["vnetSubscription"]
    result = az.json("smtp", "check", "--subscription", payg_sub)
    entry = {a["name"]: a for a in result["apps"]}["payg-into-ea-web"]
    assert entry["verdict"] == "unknown" and entry["checks"]["platform-port25"] == "unknown"
    assert entry["checks"]["subnet"] == "unknown" and "Rule SMTP25-EA: outbound TCP 25 is not blocked" in \
        entry["reasons"][0]
    assert f"subscription {ea_sub} is not in the scope read" in entry["reasons"][0]
    ea_reads = {r["path"] for r in arm.requests if ea_sub in r["path"]}
    assert ea_reads == {f"/subscriptions/{ea_sub}",
                        f"/subscriptions/{ea_sub}/providers/Microsoft.Billing/billingProperty/default"}


def test_complete_exemption_plans_the_temporary_subnet_of_an_old_enterprise_vnet(az, arm, apps):
    """Not exempted (EA is not blocked), yet the old VNet's add-and-remove step is planned and carried out."""
    ea_sub = apps["old-vnet-web"]["subscriptionId"]
    plan = az.json("smtp", "complete-exemption", "--subscription", ea_sub, "--exempted-at", "2025-01-01")
    assert [(p["name"], p["kind"], p["operations"]) for p in plan["plan"]] == [
        ("old-vnet", "vnet", ["add subnet azsmtp-temp 10.40.0.0/29", "remove subnet azsmtp-temp"])]
    assert "created 2021-05-10" in plan["plan"][0]["reason"] and {r["method"] for r in arm.requests} == {"GET"}
    done = az.json("smtp", "complete-exemption", "--subscription", ea_sub, "--exempted-at", "2025-01-01", "--yes")
    assert [r["status"] for r in done["results"]] == ["succeeded"]
    assert sorted(r["method"] for r in arm.requests if r["method"] != "GET") == ["DELETE", "PUT"]


def test_route_all_comes_from_config_web_only_where_the_site_does_not_say(az, arm):
    """The site list's properties answer for every app but one; only that one's /config/web is read (Reader can)."""
    result = az.json("smtp", "check", "--all-subscriptions")
    entry = {a["name"]: a for a in result["apps"]}["config-web"]
    assert entry["routeAll"] is True and entry["checks"]["app-route-all"] == "pass"
    configs = [r["path"] for r in arm.requests if r["path"].lower().endswith("/config/web")]
    assert configs == [entry["id"] + "/config/web"]


def test_an_unreadable_config_web_leaves_route_all_unknown_with_the_command(az, arm):
    arm.estate.faults += [{"path": r"/config/web$", "status": 403}]
    try:
        result = az.json("smtp", "check", "--all-subscriptions")
    finally:
        arm.estate.faults.clear()
    entry = {a["name"]: a for a in result["apps"]}["config-web"]
    assert entry["verdict"] == "unknown" and entry["checks"]["app-route-all"] == "unknown"
    gaps = [u for s in result["subscriptions"] for u in s["unknowns"]]
    assert [(g["what"], g["status"]) for g in gaps] == [("site configuration of config-web", 403)]
    assert "az webapp config show" in gaps[0]["command"] and "--query vnetRouteAllEnabled" in gaps[0]["command"]


def graph_tables(arm):
    """The table of each Resource Graph query, in the order they were sent."""
    return [r["body"]["query"].split(" ", 1)[0] for r in arm.requests if r["path"].lower() == GRAPH]


def config_gets(arm):
    return [r["path"].lower() for r in arm.requests if r["path"].lower().endswith("/config/web")]


def same_apps(result, apps):
    """Each app of a Graph run with the ARM run's verdict, checks, route-all and evidence."""
    by_graph = {a["name"]: a for a in result["apps"]}
    assert sorted(by_graph) == sorted(apps)
    for name, entry in apps.items():
        for field in ("verdict", "checks", "routeAll", "evidence", "actions"):
            assert by_graph[name][field] == entry[field], (name, field)
    return by_graph


def test_on_graph_route_all_comes_from_app_service_resources_with_arms_verdict(az, arm, apps):
    """Graph's AppServiceResources row (PascalCase VnetRouteAllEnabled) answers for the app whose site row does not
    say: one query more, no ARM GET /config/web, the verdicts of the ARM engine."""
    result = az.json("smtp", "check", "--all-subscriptions", "--engine", "graph")
    by_graph = same_apps(result, apps)
    assert by_graph["config-web"]["routeAll"] is True and by_graph["config-web"]["checks"]["app-route-all"] == "pass"
    assert graph_tables(arm) == ["Resources", "AppServiceResources"] and not config_gets(arm)
    query = [r["body"] for r in arm.requests if r["path"].lower() == GRAPH][1]
    assert query["query"].endswith("| project id, type, subscriptionId, properties")
    assert query["subscriptions"] == [apps["config-web"]["subscriptionId"]], "only the subscription that needs it"


@pytest.mark.parametrize("knob", [
    {"graphHidden": ["{config}"]},  # Graph holds no row for it (not indexed yet)
    {"graphRefusedTables": ["AppServiceResources"]},  # the table's query is refused (400)
])
def test_on_graph_an_app_without_a_row_falls_back_to_arms_config_web(az, arm, apps, knob):
    """Only that app's /config/web is read with ARM; the verdicts stay the ARM engine's."""
    config = apps["config-web"]["id"] + "/config/web"
    arm.use({**arm.pristine, **{k: [v.format(config=config) for v in vs] for k, vs in knob.items()}})
    result = az.json("smtp", "check", "--all-subscriptions", "--engine", "graph")
    same_apps(result, apps)
    assert {s["engine"] for s in result["subscriptions"]} == {"graph"}
    assert graph_tables(arm) == ["Resources", "AppServiceResources"] and config_gets(arm) == [config.lower()]


def test_on_graph_an_unanswered_config_leaves_route_all_unknown_with_the_command(az, arm, apps):
    arm.use({**arm.pristine, "graphHidden": [apps["config-web"]["id"] + "/config/web"],
             "faults": [{"path": r"/config/web$", "status": 403}]})
    result = az.json("smtp", "check", "--all-subscriptions", "--engine", "graph")
    entry = {a["name"]: a for a in result["apps"]}["config-web"]
    assert entry["verdict"] == "unknown" and entry["checks"]["app-route-all"] == "unknown"
    gaps = [u for s in result["subscriptions"] for u in s["unknowns"]]
    assert [(g["what"], g["status"]) for g in gaps] == [("site configuration of config-web", 403)]
    assert "az webapp config show" in gaps[0]["command"]


def test_explain_app_of_an_app_in_another_subscriptions_vnet_agrees_with_check(azure, apps):
    _, az = azure
    explained = az.json("smtp", "explain-app", "--ids", apps["payg-into-ea-web"]["id"])
    for field in ("verdict", "blockedBy", "egress", "actions", "checks", "vnetSubscription"):
        assert explained[field] == apps["payg-into-ea-web"][field], field
