"""The loopback ARM's writes, driven by the real SDK clients: VM power actions and subnet
create/delete as long-running operations, the activity log they leave, relative times in
estates and the port-25 exemption picked up by deallocate + start."""
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests as http  # `requests` is this module's request-log helper
from azure.core.exceptions import HttpResponseError
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.monitor import MonitorManagementClient
from azure.mgmt.network import NetworkManagementClient

from azext_smtp.collect.parse import app as parse_app
from tests.localarm.credential import LocalArmCredential
from tests.localarm.estate import Estate, activity_event, load_estate, parse_time
from tests.localarm.make_estates import RG, EstateBuilder
from tests.localarm.server import LocalArm

VNET = "vnet1"


def estate():
    """A Dev/Test subscription exempted two days ago, one other, and a few VMs in each."""
    b = EstateBuilder(page_size=2)  # small pages: the activity log must page too
    sub = b.subscription("lro", "Contoso Dev/Test", "MSDNDevTest_2014-09-01")
    other = b.subscription("lro-other", "Fabrikam Dev/Test", "MSDNDevTest_2014-09-01")
    subnets = b.network(sub)
    b.vm(sub, "mail1", subnets["default"], allow25=False, time_created="now-3d")
    b.vm(sub, "nokey", subnets["default"])
    early = b.vm(sub, "early", subnets["default"], allow25=False, power="deallocated")["id"]
    b.scale_set(sub, "ss", subnets["default"], instances=1, allow25=False)
    b.vm(other, "elsewhere", b.network(other)["default"], allow25=False)

    def event(resource_id, operation, when):
        return dict(activity_event(b.doc["tenantId"], resource_id, operation, 202, "someone", datetime.now(timezone.utc)),
                    eventTimestamp=when, submissionTimestamp=when)
    b.doc["activityLog"] = [event(early, "Microsoft.Compute/virtualMachines/deallocate/action", "now-10d"),
                            event(early, "Microsoft.Compute/virtualMachines/start/action", "now-100d"),
                            event(early, "Microsoft.Compute/virtualMachines/restart/action", "now-1h")]
    b.doc["exemptions"] = {sub: "now-2d"}
    return b.doc, sub, other


@pytest.fixture(scope="module")
def certdir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("localarm"))


@pytest.fixture
def env(certdir):
    doc, sub, other = estate()
    arm = LocalArm(doc, certdir).start()
    kw = {"base_url": arm.url, "credential_scopes": [arm.url.rstrip("/") + "/.default"], "connection_verify": arm.cert}
    cred = LocalArmCredential(arm)
    clients = {"arm": arm, "sub": sub, "other": other,
               "compute": ComputeManagementClient(cred, sub, **kw), "network": NetworkManagementClient(cred, sub, **kw),
               "monitor": MonitorManagementClient(cred, sub, **kw)}
    yield type("Env", (), clients)
    arm.stop()


def power(env, name):
    vm = env.compute.virtual_machines.get(RG, name, expand="instanceView")
    return [s.code for s in vm.instance_view.statuses if s.code.startswith("PowerState/")][0]


def nic_flag(env, vm_name):
    """allowPort25Out as the NIC body carries it (the SDK model has no such attribute)."""
    nic = env.arm.estate.get(f"/subscriptions/{env.sub}/resourceGroups/{RG}/providers/Microsoft.Network/"
                             f"networkInterfaces/{vm_name}-nic0")
    return nic["properties"].get("allowPort25Out", "absent")


def requests(env, method=None, contains=""):
    return [r for r in env.arm.requests if (method is None or r["method"] == method) and contains in r["path"]]


def window(env, start=timedelta(hours=2), end=timedelta(minutes=5), extra=""):
    now = datetime.now(timezone.utc)
    flt = (f"eventTimestamp ge '{(now - start).isoformat()}' and eventTimestamp le '{(now + end).isoformat()}'"
           + extra)
    return list(env.monitor.activity_logs.list(filter=flt))


def test_vm_power_actions_poll_the_operation_quickly(env):
    started = time.monotonic()
    vms = env.compute.virtual_machines
    for begin, state in [(vms.begin_deallocate, "deallocated"), (vms.begin_start, "running"),
                         (vms.begin_power_off, "stopped"), (vms.begin_restart, "running")]:
        assert begin(RG, "mail1").result() is None
        assert power(env, "mail1") == f"PowerState/{state}"
    assert time.monotonic() - started < 10, "Retry-After: 0 must spare the SDK its 30 s default delay"
    posts = requests(env, "POST")
    assert [p["path"].rsplit("/", 1)[1] for p in posts] == ["deallocate", "start", "powerOff", "restart"]
    status_polls = [r for r in requests(env, "GET", "/providers/Microsoft.Compute/locations/westeurope/operations/")
                    if "monitor" not in r["query"]]
    assert len(status_polls) == 8, "each action: one InProgress and one Succeeded poll"
    assert len(requests(env, "GET", "/operations/")) > len(status_polls), "then the Location URL (POST final state)"


def test_scale_set_instance_power_and_unknown_vm(env):
    ss_vms = env.compute.virtual_machine_scale_set_vms
    ss_vms.begin_deallocate(RG, "ss", "0").result()
    assert env.arm.estate.get(ss_vms.get(RG, "ss", "0").id)["_power"] == "deallocated"
    ss_vms.begin_start(RG, "ss", "0").result()
    view = ss_vms.get(RG, "ss", "0", expand="instanceView").instance_view
    assert "PowerState/running" in [s.code for s in view.statuses]
    assert requests(env, "POST", "/virtualMachineScaleSets/ss/virtualMachines/0/deallocate")
    with pytest.raises(HttpResponseError) as err:
        env.compute.virtual_machines.begin_deallocate(RG, "missing").result()
    assert err.value.status_code == 404 and err.value.error.code == "ResourceNotFound"


def test_subnet_create_and_delete(env):
    subnets = env.network.subnets
    created = subnets.begin_create_or_update(RG, VNET, "relay", {"properties": {"addressPrefix": "10.0.255.0/29"}})
    subnet = created.result()
    assert subnet.provisioning_state == "Succeeded" and subnet.address_prefix == "10.0.255.0/29"
    assert requests(env, "PUT", "/subnets/relay")
    assert len(requests(env, "GET", "/providers/Microsoft.Network/locations/westeurope/operations/")) == 2
    vnet = env.network.virtual_networks.get(RG, VNET)
    assert {s.name: s.provisioning_state for s in vnet.subnets} == {"default": "Succeeded", "relay": "Succeeded"}

    subnets.begin_delete(RG, VNET, "relay").result()
    assert [s.name for s in env.network.virtual_networks.get(RG, VNET).subnets] == ["default"]
    assert requests(env, "DELETE", "/subnets/relay")
    assert len(requests(env, "GET", "/providers/Microsoft.Network/locations/westeurope/operations/")) == 4
    subnets.begin_delete(RG, VNET, "relay").result()  # already gone: 204, nothing to poll
    assert env.arm.requests[-1]["method"] == "DELETE"


@pytest.mark.parametrize("name, prefix, code", [
    ("outside", "192.168.0.0/29", "NetcfgSubnetRangeOutsideVnet"),
    ("overlap", "10.0.0.128/25", "NetcfgSubnetRangesOverlap"),
    ("hostbits", "10.0.255.1/29", "NetcfgInvalidSubnet"),
    ("default", "10.0.1.0/24", "InUseSubnetCannotBeUpdated"),
])
def test_subnet_rejections(env, name, prefix, code):
    with pytest.raises(HttpResponseError) as err:
        env.network.subnets.begin_create_or_update(RG, VNET, name, {"properties": {"addressPrefix": prefix}}).result()
    assert err.value.status_code == 400 and err.value.error.code == code
    assert [s.name for s in env.network.virtual_networks.get(RG, VNET).subnets] == ["default"]
    assert not env.arm.estate.activity[3:], "a rejected write leaves no event"


def test_in_use_subnet_cannot_be_deleted(env):
    with pytest.raises(HttpResponseError) as err:
        env.network.subnets.begin_delete(RG, VNET, "default").result()
    assert err.value.status_code == 400 and err.value.error.code == "InUseSubnetCannotBeDeleted"


def test_writes_leave_activity_events(env):
    env.compute.virtual_machines.begin_deallocate(RG, "mail1").result()
    env.network.subnets.begin_create_or_update(RG, VNET, "relay", {"properties": {"addressPrefix": "10.0.255.0/29"}}
                                               ).result()
    env.compute.virtual_machine_scale_set_vms.begin_start(RG, "ss", "0").result()
    events = window(env)
    names = [e.operation_name.value for e in events]
    assert names == ["Microsoft.Compute/virtualMachineScaleSets/virtualMachines/start/action",
                     "Microsoft.Network/virtualNetworks/subnets/write",
                     "Microsoft.Compute/virtualMachines/deallocate/action",
                     "Microsoft.Compute/virtualMachines/restart/action"], "newest first, over pages of two"
    ev = events[2]
    assert ev.resource_id.endswith("/virtualMachines/mail1") and ev.status.value == "Succeeded"
    assert ev.event_name.value == "EndRequest" and ev.category.value == "Administrative" and ev.level == "Informational"
    assert ev.authorization.action == ev.operation_name.value and ev.subscription_id == env.sub
    assert ev.id == f"{ev.resource_id}/events/{ev.event_data_id}/ticks/{ev.id.rsplit('/', 1)[1]}"
    assert abs(ev.event_timestamp - datetime.now(timezone.utc)) < timedelta(minutes=1)
    assert any("$skiptoken" in r["query"] for r in requests(env, "GET", "/values")), "followed nextLink"

    assert len(window(env, extra=f" and resourceGroupName eq '{RG.upper()}'")) == 4
    assert len(window(env, extra=" and resourceProvider eq 'Microsoft.Network'")) == 1
    assert len(window(env, extra=f" and resourceUri eq '{ev.resource_id}'")) == 1
    assert window(env, start=timedelta(days=1), end=timedelta(hours=-3)) == [], "outside the window"
    assert [e.operation_name.value.split("/")[-2] for e in window(env, start=timedelta(days=400))][-1] == "deallocate", \
        "the 100-day-old event is past the 90-day retention"
    assert len(window(env, start=timedelta(days=11), end=timedelta(days=-9))) == 1
    selected = list(env.monitor.activity_logs.list(filter=f"eventTimestamp ge '2000-01-01' and eventTimestamp le "
                                                          f"'{datetime.now(timezone.utc).isoformat()}'",
                                                   select="eventTimestamp,operationName"))
    assert selected and all(e.resource_id is None and e.operation_name.value for e in selected)


@pytest.mark.parametrize("flt", ["resourceGroupName eq 'mail-rg'", "eventTimestamp ge '2025-01-01T00:00:00Z'",
                                 "eventTimestamp ge '2025-01-01' and eventTimestamp le 'yesterday'"])
def test_activity_filter_must_bound_event_timestamp(env, flt):
    with pytest.raises(HttpResponseError) as err:
        list(env.monitor.activity_logs.list(filter=flt))
    assert err.value.status_code == 400 and "eventTimestamp" in err.value.message


def test_relative_times_resolve_when_loaded(env):
    now = datetime.now(timezone.utc)

    def near(text, ago):
        return abs(parse_time(text) - (now - ago)) < timedelta(minutes=1)
    est = env.arm.estate
    assert near(est.data["exemptions"][env.sub], timedelta(days=2))
    assert near(est.activity[2]["eventTimestamp"], timedelta(hours=1))
    assert near(est.activity[0]["submissionTimestamp"], timedelta(days=10))
    created = env.compute.virtual_machines.get(RG, "mail1").time_created
    assert abs(created - (now - timedelta(days=3))) < timedelta(minutes=1)
    assert Estate({"exemptions": {"x": "2025-01-01T00:00:00Z"}}).data["exemptions"]["x"] == "2025-01-01T00:00:00Z"


def test_start_after_deallocate_picks_up_the_exemption(env):
    vms = env.compute.virtual_machines
    for name in ("mail1", "nokey"):
        vms.begin_deallocate(RG, name).result()
        assert nic_flag(env, name) in (False, "absent"), "deallocating alone changes nothing"
        vms.begin_start(RG, name).result()
    assert nic_flag(env, "mail1") is True
    assert nic_flag(env, "nokey") == "absent", "a NIC without the key does not grow one"

    ss_vms = env.compute.virtual_machine_scale_set_vms
    ss_vms.begin_deallocate(RG, "ss", "0").result()
    ss_vms.begin_start(RG, "ss", "0").result()
    (nic,) = env.arm.estate.list_collection(ss_vms.get(RG, "ss", "0").id + "/networkInterfaces")
    assert nic["properties"]["allowPort25Out"] is True


def test_start_without_a_deallocate_after_the_exemption_keeps_the_flag(env):
    vms = env.compute.virtual_machines
    vms.begin_start(RG, "early").result()  # deallocated 10 days ago, exempted 2 days ago
    vms.begin_restart(RG, "mail1").result()
    vms.begin_start(RG, "mail1").result()  # never deallocated
    assert nic_flag(env, "early") is False and nic_flag(env, "mail1") is False


def test_no_exemption_no_flip(env):
    other = ComputeManagementClient(LocalArmCredential(env.arm), env.other, base_url=env.arm.url,
                                    credential_scopes=[env.arm.url.rstrip("/") + "/.default"],
                                    connection_verify=env.arm.cert)
    other.virtual_machines.begin_deallocate(RG, "elsewhere").result()
    other.virtual_machines.begin_start(RG, "elsewhere").result()
    nic = env.arm.estate.get(f"/subscriptions/{env.other}/resourceGroups/{RG}/providers/Microsoft.Network/"
                             "networkInterfaces/elsewhere-nic0")
    assert nic["properties"]["allowPort25Out"] is False


def test_api_versions_the_clients_send(env):
    env.compute.virtual_machines.begin_deallocate(RG, "mail1").result()
    env.network.subnets.begin_create_or_update(RG, VNET, "relay", {"properties": {"addressPrefix": "10.0.255.0/29"}}
                                               ).result()
    window(env)
    versions = {(r["method"], r["path"].split("/")[-1]): r["query"]["api-version"] for r in env.arm.requests
                if r["method"] != "GET" or r["path"].endswith("/values")}
    print(versions)
    assert versions[("GET", "values")] == "2015-04-01"
    op_urls = [r for r in env.arm.requests if "/operations/" in r["path"]]
    assert op_urls and all(r["query"]["api-version"] for r in op_urls)


# --- Consumption usage details --------------------------------------------------------------------
def usage_estate():
    """Legacy, modern, errors, empty and unlisted subscriptions; pages of two so `$top` and paging both show."""
    from tests.localarm import shapes as s
    b = EstateBuilder(page_size=2)
    subs = {"legacy": b.subscription("u-legacy", "EA", "EnterpriseAgreement_2014-09-01", usage=lambda sub: [
        s.usage_legacy(sub, "MS-AZR-0017P", vm_name=f"vm{i}") for i in range(3)])}
    subs["modern"] = b.subscription("u-modern", "MCA", "EnterpriseAgreement_2014-09-01",
                                    usage=lambda sub: [s.usage_modern(sub, partner_name="Partner 1")])
    for name, code in (("costoff", "AccountCostDisabled"), ("department", "DepartmentCostDisabled"),
                       ("indirect", "IndirectCostDisabled"), ("plain401", "Unauthorized")):
        subs[name] = b.subscription(f"u-{name}", "EA", "EnterpriseAgreement_2014-09-01", usage=s.cost_error(code))
    subs["denied"] = b.subscription("u-denied", "EA", "EnterpriseAgreement_2014-09-01", usage=s.usage_error(
        403, "AuthorizationFailed", "The client does not have authorization to perform action "
        "'Microsoft.Consumption/usageDetails/read'."))
    subs["empty"] = b.subscription("u-empty", "EA", "EnterpriseAgreement_2014-09-01", usage=[])
    subs["unlisted"] = b.subscription("u-unlisted", "Trial", "FreeTrial_2014-09-01", spending_limit="On")
    return b.doc, subs


@pytest.fixture
def usage_arm(certdir):
    doc, subs = usage_estate()
    arm = LocalArm(doc, certdir).start()

    def get(key, **params):
        params.setdefault("api-version", "2023-05-01")
        url = f"{arm.url}subscriptions/{subs[key]}/providers/Microsoft.Consumption/usageDetails"
        return http.get(url, params=params, verify=arm.cert, timeout=10)
    yield type("UsageArm", (), {"arm": arm, "subs": subs, "get": staticmethod(get)})
    arm.stop()


def test_usage_legacy_records_page_like_other_lists(usage_arm):
    first = usage_arm.get("legacy").json()
    assert len(first["value"]) == 2 and "skiptoken=2" in first["nextLink"]
    rest = http.get(first["nextLink"], verify=usage_arm.arm.cert, timeout=10).json()
    records = first["value"] + rest["value"]
    assert "nextLink" not in rest and [r["properties"]["resourceName"] for r in records] == ["vm0", "vm1", "vm2"]
    assert len({r["id"] for r in records}) == 3
    rec = records[0]
    assert rec["kind"] == "legacy" and rec["type"] == "Microsoft.Consumption/usageDetails"
    assert rec["properties"]["offerId"] == "MS-AZR-0017P" and rec["properties"]["billingAccountId"].isdigit()
    assert rec["properties"]["subscriptionId"] == usage_arm.subs["legacy"]


def test_usage_modern_record_has_no_offer(usage_arm):
    (rec,) = usage_arm.get("modern", **{"$top": "1"}).json()["value"]
    assert rec["kind"] == "modern" and "offerId" not in rec["properties"]
    assert rec["properties"]["subscriptionGuid"] == usage_arm.subs["modern"]
    assert rec["properties"]["partnerName"] == "Partner 1"


def test_usage_top_and_ignored_filters(usage_arm):
    body = usage_arm.get("legacy", **{"$top": "1", "$filter": "properties/usageStart ge '2025-03-01'",
                                      "startDate": "2025-03-01", "endDate": "2025-03-31"}).json()
    assert len(body["value"]) == 1 and "nextLink" not in body
    assert len(usage_arm.get("legacy", **{"$top": "3"}).json()["value"]) == 2, "still paged"
    for bad in ("0", "1001", "x"):
        resp = usage_arm.get("legacy", **{"$top": bad})
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "BadRequest"


@pytest.mark.parametrize("key, status, code", [("costoff", 401, "AccountCostDisabled"),
                                               ("department", 401, "DepartmentCostDisabled"),
                                               ("indirect", 400, "IndirectCostDisabled"),
                                               ("plain401", 401, "Unauthorized"),
                                               ("denied", 403, "AuthorizationFailed")])
def test_usage_errors_are_arm_error_bodies(usage_arm, key, status, code):
    resp = usage_arm.get(key, **{"$top": "1"})
    assert resp.status_code == status and set(resp.json()) == {"error"}
    assert resp.json()["error"]["code"] == code and resp.json()["error"]["message"]


@pytest.mark.parametrize("key", ["empty", "unlisted"])
def test_usage_empty_list(usage_arm, key):
    resp = usage_arm.get(key, **{"$top": "1"})
    assert resp.status_code == 200 and resp.json() == {"value": []}


def test_usage_requires_api_version_and_a_known_subscription(usage_arm):
    resp = usage_arm.get("legacy", **{"api-version": None})
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "MissingApiVersionParameter"
    url = f"{usage_arm.arm.url}subscriptions/{'0' * 8}-0000-0000-0000-{'0' * 12}/providers/Microsoft.Consumption/usageDetails"
    resp = http.get(url, params={"api-version": "2023-05-01"}, verify=usage_arm.arm.cert, timeout=10)
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "SubscriptionNotFound"


def test_subscription_spending_limit(usage_arm):
    url = f"{usage_arm.arm.url}subscriptions/{usage_arm.subs['unlisted']}"
    body = http.get(url, params={"api-version": "2022-12-01"}, verify=usage_arm.arm.cert, timeout=10).json()
    assert body["subscriptionPolicies"]["spendingLimit"] == "On"
    assert usage_arm.arm.estate.subscriptions[usage_arm.subs["empty"]]["subscriptionPolicies"]["spendingLimit"] == "Off"


def test_evidence_estate():
    """The sample estate's subscriptions answer usage details as its table says."""
    est = Estate(load_estate("evidence"))
    by_name = {s["displayName"]: s["subscriptionId"] for s in est.subscriptions.values()}
    usage = {name: est.usage.get(sub.lower(), {}) for name, sub in by_name.items()}
    offers = {n: [r["properties"].get("offerId") for r in u.get("records", [])] for n, u in usage.items()}
    assert offers["EA billing 403, legacy usage"] == ["MS-AZR-0017P"]
    assert offers["MCA billing 403, modern usage"] == [None]
    assert offers["Dev/Test billing 403, PAYG usage"] == ["MS-AZR-0023P"]
    assert usage["EA billing 403, cost view off"]["error"]["code"] == "AccountCostDisabled"
    assert all(est.billing[s.lower()]["status"] == 403 for n, s in by_name.items() if "billing 403" in n)
    flags = {n["name"]: n["properties"].get("allowPort25Out", "absent") for n in est.resources.values()
             if n.get("type") == "Microsoft.Network/networkInterfaces"}
    assert flags["ea-flags-open-nic0"] is True and flags["ea-flags-closed-nic0"] is False
    assert flags["payg-claim-mail1-nic0"] is False and flags["ea-usage-mail1-nic0"] == "absent"


@pytest.fixture
def apps_arm(certdir):
    arm = LocalArm(load_estate("apps"), certdir).start()
    yield arm
    arm.stop()


def _resources(arm, scope, flt=None):
    params = {"api-version": "2021-04-01", **({"$filter": flt} if flt is not None else {})}
    return http.get(f"{arm.url.rstrip('/')}{scope}/resources", params=params, verify=arm.cert, timeout=10)


def test_resources_list_filters_by_type_and_keeps_the_generic_shape(apps_arm):
    sub = next(iter(apps_arm.estate.subscriptions))
    flt = "resourceType eq 'Microsoft.App/containerApps' or resourceType eq 'Microsoft.Web/serverFarms'"
    items = _resources(apps_arm, f"/subscriptions/{sub}", flt).json()["value"]
    assert sorted(i["type"] for i in items) == ["Microsoft.App/containerApps"] + ["Microsoft.Web/serverfarms"] * 4
    assert all("properties" not in i and {"id", "name", "location"} <= set(i) for i in items)
    everything = _resources(apps_arm, f"/subscriptions/{sub}/resourceGroups/web-rg").json()["value"]
    assert "Microsoft.Web/sites" in {i["type"] for i in everything}
    assert not any("/slots/" in i["id"] for i in everything), "only top-level resources"


def test_resources_filter_it_does_not_understand_is_a_400(apps_arm):
    sub = next(iter(apps_arm.estate.subscriptions))
    resp = _resources(apps_arm, f"/subscriptions/{sub}", "name eq 'x'")
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "InvalidFilterInQueryString"


@pytest.fixture(scope="module")
def apps_arm(certdir):
    arm = LocalArm(load_estate("apps"), certdir).start()
    yield arm
    arm.stop()


@pytest.mark.parametrize("version,routing,flag", [
    ("2023-12-01", False, True),  # the recorded site: top-level vnet*Enabled flags, no outboundVnetRouting
    ("2024-04-01", True, True),  # outboundVnetRouting arrives, the spec example keeps the flags
    ("2024-11-01", True, False),  # the recorded slot: outboundVnetRouting only
    ("2025-03-01", True, False),  # the schema without the flags
])
def test_sites_report_routing_as_of_the_api_version(apps_arm, version, routing, flag):
    """The site list and a site's GET give the routing properties of the api-version asked for; siteConfig's
    values stay null (by design) and the parser reads the same route-all from each version."""
    sub = next(iter(apps_arm.estate.subscriptions))
    answer = http.get(f"{apps_arm.url}subscriptions/{sub}/providers/Microsoft.Web/sites", verify=apps_arm.cert,
                      params={"api-version": version}, timeout=10).json()
    sites = {s["name"]: s for s in answer["value"]}
    for name, route_all in (("mail-web", True), ("no-routeall-web", False)):
        props = sites[name]["properties"]
        assert ("outboundVnetRouting" in props) is routing and ("vnetRouteAllEnabled" in props) is flag, name
        assert props["siteConfig"]["vnetRouteAllEnabled"] is None
        assert parse_app(sites[name]).route_all is route_all
        one = http.get(f"{apps_arm.url}{sites[name]['id'].lstrip('/')}", params={"api-version": version},
                       verify=apps_arm.cert, timeout=10).json()
        assert one == sites[name]
    config = http.get(f"{apps_arm.url}{sites['config-web']['id'].lstrip('/')}/config/web", verify=apps_arm.cert,
                      params={"api-version": version}, timeout=10).json()
    assert "outboundVnetRouting" not in sites["config-web"]["properties"]
    assert config["properties"]["vnetRouteAllEnabled"] is True
