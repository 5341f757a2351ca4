"""Apps and other PaaS without I/O: parsing real site bodies, and each app check on small inventories."""
import json
import os

import pytest

from azext_smtp.collect import parse
from azext_smtp.core import app_checks
from azext_smtp.core.apps import app_source, judge_app
from azext_smtp.core.model import App, AppPlan, Firewall, FirewallRule, HostingEnvironment, PaasResource
from tests.paths import ARM_SAMPLES
from tests.unit.builders import EDITION, SUBNET, inventory, nsg, policy, rule

RECORDED = os.path.join(ARM_SAMPLES, "azure-cli-recordings")


def _recorded(name):
    with open(os.path.join(RECORDED, name), encoding="utf-8") as f:
        return json.load(f)


def test_a_recorded_integrated_site_and_slot_parse_with_their_route_all_basis():
    site = parse.app(_recorded("test_webapp_vnetE2E.WebApps_Get_with_virtualNetworkSubnetId.api2023-12-01.json"))
    assert (site.kind, site.site_kind, site.route_all) == ("webapp", "app", False)
    assert site.subnet_id.endswith("/subnets/swiftsubnet000004") and site.plan_id.endswith("/swiftplan000003")
    assert site.route_all_basis == "vnetRouteAllEnabled: false"
    body = _recorded("test_webapp_vnetE2E.WebApps_GetSlot_no_vnet_outboundVnetRouting.api2024-11-01.json")
    slot = parse.app(body, "/site")
    assert (slot.kind, slot.subnet_id, slot.route_all, slot.site_id) == ("slot", None, False, "/site")
    assert "outboundVnetRouting.applicationTraffic: false" in slot.route_all_basis


@pytest.mark.parametrize("props,expected", [
    ({"outboundVnetRouting": {"allTraffic": True, "applicationTraffic": False}}, True),
    ({"outboundVnetRouting": {"applicationTraffic": True}}, True),
    ({"vnetRouteAllEnabled": True}, True),
    ({"siteConfig": {"vnetRouteAllEnabled": True}, "vnetRouteAllEnabled": None}, True),
    ({"outboundVnetRouting": {"allTraffic": False, "applicationTraffic": False}}, False),
    ({"siteConfig": {"vnetRouteAllEnabled": None}}, None),
])
def test_route_all_reads_every_property_that_can_say_it(props, expected):
    body = {"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/a", "name": "a",
            "kind": "functionapp,linux", "properties": props}
    app = parse.app(body)
    assert (app.kind, app.route_all) == ("functionapp", expected)


@pytest.mark.parametrize("site_kind,kind,group", [
    ("functionapp,workflowapp", "logicapp", "logicapp"), ("functionapp,linux,container,workflowapp", "logicapp",
                                                          "logicapp"),
    ("functionapp", "functionapp", "functionapp"), ("app,linux", "webapp", "webapp")])
def test_a_logic_app_standard_is_an_app_of_its_own_kind(site_kind, kind, group):
    """Logic Apps Standard are sites whose kind holds workflowapp; judged as apps, named as such."""
    body = {"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/a", "name": "a", "kind": site_kind,
            "properties": {"virtualNetworkSubnetId": SUBNET, "outboundVnetRouting": {"allTraffic": True}}}
    app = parse.app(body)
    assert (app.kind, app.site_kind) == (kind, site_kind)
    assert f"az {group} config appsettings list" in app_checks.settle_route_all_command(app)
    verdict = judge_app(app, _app_inventory(), policy())
    assert verdict.verdict == "allowed"
    assert ("Logic App Standard" in verdict.results[1].detail) == (kind == "logicapp")


def _app(**kw):
    return App("/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Web/sites/a", "a", "rg", "sub", "webapp",
               "app", **kw)


def _app_inventory(**kw):
    inv = inventory(**kw)
    inv.vms = []
    inv.app_plans["/plan"] = AppPlan("/plan", "plan", "P1v3", "PremiumV3")
    inv.app_plans["/y1"] = AppPlan("/y1", "y1", "Y1", "Dynamic")
    return inv


def test_integration_with_route_all_takes_the_vm_path_on_the_subnet():
    inv = _app_inventory()
    verdict = judge_app(_app(plan_id="/plan", subnet_id=SUBNET, route_all=True, route_all_basis="x: true"), inv,
                        policy())
    assert [r.check for r in verdict.results] == ["platform-port25", "app-vnet", "app-route-all", "route", "outbound",
                                                  "nsg-subnet"]
    assert (verdict.verdict, verdict.egress) == ("allowed", "app-service")


def test_the_subnet_nsg_decides_for_the_subnets_first_usable_address():
    deny_from_app = rule("Deny-App", 100, "Deny", source_prefixes=["10.0.0.4/32"])
    inv = _app_inventory(subnet_kw={"nsg_id": "/nsg/sub"}, nsgs=[nsg("sub", deny_from_app)])
    verdict = judge_app(_app(plan_id="/plan", subnet_id=SUBNET, route_all=True), inv, policy())
    assert app_source(inv.subnets[SUBNET]).private_ip == "10.0.0.4"
    assert (verdict.verdict, verdict.blocked_by) == ("blocked", ["nsg"])


def test_a_route_to_none_blocks_an_integrated_app_as_it_blocks_a_vm():
    inv = _app_inventory(routes=[("drop", "0.0.0.0/0", "None")])
    verdict = judge_app(_app(plan_id="/plan", subnet_id=SUBNET, route_all=True), inv, policy())
    assert (verdict.verdict, verdict.blocked_by, verdict.egress) == ("blocked", ["route"], "none")


@pytest.mark.parametrize("sources,verdict", [(["10.0.0.0/24"], "allowed"), (["10.0.1.0/24"], "blocked")])
def test_a_route_to_azure_firewall_is_judged_by_its_network_rules_for_the_apps_subnet(sources, verdict):
    rule_ = FirewallRule("smtp", 200, "Allow", "smtp-out", ["TCP"], sources, ["*"], ["25"])
    fw = Firewall("/subscriptions/sub/fw", "hub-fw", ["10.9.0.4"], [rule_])
    inv = _app_inventory(routes=[("fw", "0.0.0.0/0", "VirtualAppliance", "10.9.0.4")], firewalls=[fw])
    judged = judge_app(_app(plan_id="/plan", subnet_id=SUBNET, route_all=True), inv, policy())
    assert (judged.verdict, judged.egress) == (verdict, "firewall")
    assert [r.check for r in judged.results][3:5] == ["route", "firewall"]


def test_route_all_not_reported_is_unknown_with_the_settling_command_for_the_slot():
    slot = App("/s/slots/stage", "a/stage", "rg", "sub", "slot", "functionapp", "/plan", SUBNET, None,
               "no routing property reported", site_id="/s")
    result = app_checks.route_all_check(slot)
    assert result.result == "unknown" and result.actions == ["check-app-route-all", "enable-route-all"]
    assert "az functionapp config appsettings list --subscription sub -g rg -n a --slot stage" in result.detail


@pytest.mark.parametrize("plan,expected", [("/y1", "Consumption plan y1 (SKU Y1)"), ("/plan", "no VNet integration"),
                                           (None, "no VNet integration")])
def test_without_integration_an_app_is_unsupported_with_the_relay_first(plan, expected):
    """Reported to work through shared outbound addresses, but unsupported: never allowed."""
    verdict = judge_app(_app(plan_id=plan), _app_inventory(), policy())
    assert (verdict.verdict, verdict.blocked_by, verdict.actions[0]) == ("unsupported", ["no-vnet"],
                                                                         "use-authenticated-relay")
    assert expected in verdict.reasons[0] and verdict.results[1].rule_id == "SMTP25-APPSERVICE"
    assert verdict.reasons[0].startswith("SMTP25-APPSERVICE: Unsupported by Azure") and \
        "shared outbound addresses" in verdict.reasons[0]
    assert judge_app(_app(plan_id=plan), _app_inventory(), policy("blocked")).verdict == "blocked"


def test_an_app_service_environment_is_judged_on_its_subnet_and_only_v3_is_trusted():
    inv = _app_inventory()
    inv.hosting_environments["/ase"] = HostingEnvironment("/ase", "ase", "ASEV3", SUBNET)
    inv.hosting_environments["/old"] = HostingEnvironment("/old", "old", "ASEV2", SUBNET)
    v3 = judge_app(_app(hosting_environment_id="/ase"), inv, policy())
    assert (v3.verdict, v3.subnet_id) == ("allowed", SUBNET) and "app-route-all" not in [r.check for r in v3.results]
    assert judge_app(_app(hosting_environment_id="/old"), inv, policy()).verdict == "unknown"
    unread = judge_app(_app(hosting_environment_id="/missing"), inv, policy())
    assert unread.verdict == "unknown" and "could not be read" in unread.reasons[0]


@pytest.mark.parametrize("status,outcome", [("blocked", "fail"), ("exemptible", "fail"), ("exempted", "unknown"),
                                            ("unknown", "unknown"), ("not-blocked", "pass")])
def test_the_platform_rule_applies_to_apps(status, outcome):
    result = app_checks.app_platform_check(policy(status))
    assert (result.check, result.result) == ("platform-port25", outcome)


def test_other_paas_is_blocked_under_the_edition_rule_or_without_one():
    res = PaasResource("/subscriptions/s/resourceGroups/g/providers/Microsoft.App/containerApps/c", "c", "g", "s",
                       "Microsoft.App/containerApps")
    result = app_checks.paas_check(res, "Container Apps", policy(), "https://learn.microsoft.com/x")
    assert (result.result, result.rule_id, result.actions) == ("fail", EDITION.service_rule("other-paas").id,
                                                               ["use-authenticated-relay"])


def _site_props(config):
    body = {"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/a", "name": "a", "kind": "app",
            "properties": {"virtualNetworkSubnetId": "/x/subnets/y", "siteConfig": {"vnetRouteAllEnabled": None}}}
    assert not parse.route_all_said(body)
    return parse.app(body, None, config)


@pytest.mark.parametrize("config,expected", [
    ({"vnetRouteAllEnabled": True}, True),
    ({"VnetRouteAllEnabled": True}, True),  # Resource Graph's appserviceresources rows are PascalCase
    ({"vnetRouteAllEnabled": False}, False),
    ({"numberOfWorkers": 1}, None),
    (None, None),
])
def test_route_all_from_config_web_is_read_case_insensitively(config, expected):
    app = _site_props(config)
    assert app.route_all is expected
    assert ("config/web" in app.route_all_basis) is (config is not None)


def _offer(family, candidates=()):
    from azext_smtp.core.offer import Offer
    return Offer(family, "confirmed", candidates=list(candidates) or [family])


@pytest.mark.parametrize("family,candidates,created,outcome", [
    ("ea", (), "2021-05-10", "unknown"),  # before 2022-08-01: the temporary change
    ("ea", (), None, "unknown"),  # creation time not read
    ("ea", (), "2022-08-01", "pass"),
    ("mca-e", (), "2020-01-01", "unknown"),
    ("ea or mca-e", ("ea", "mca-e"), "2019-01-01", "unknown"),  # not settled, but every candidate may be
    ("payg", (), "2019-01-01", "pass"),  # a not-blocked offer outside EA/MCA-E: no such setting to pick up
])
def test_an_old_enterprise_vnet_leaves_the_platform_step_unknown(family, candidates, created, outcome):
    from datetime import datetime, timezone
    from azext_smtp.core.model import Vnet
    pol = policy("not-blocked")
    pol.offer = _offer(family, candidates)
    when = datetime.fromisoformat(created).replace(tzinfo=timezone.utc) if created else None
    vnet = Vnet("/vnet", "vnet", "rg", created=when)
    result = app_checks.app_platform_check(pol, app_checks.VnetContext("sub", False, vnet, "/vnet", "not read"))
    assert result.result == outcome
    assert ("add-remove-temp-subnet" in result.actions) is (outcome == "unknown")
