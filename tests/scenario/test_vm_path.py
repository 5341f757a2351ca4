"""explain-vm and check --ids read only their VMs' paths, and judge them exactly as `check` does."""
import json
import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import timedelta

import pytest

from azext_smtp import scan
from azext_smtp.clients import CredentialClients
from azext_smtp.collect.path import VmRef
from azext_smtp.errors import VmNotFound
from azext_smtp.core.ids import subscription_of
from tests.localarm.credential import LocalArmCredential
from tests.localarm.estate import load_estate
from tests.localarm.make_estates import ESTATES, scaled
from tests.localarm.server import LocalArm
from tests.localarm.shapes import sub_guid

BUDGET = 20  # requests for one VM, whatever the size of its subscription


@contextmanager
def serving(data):
    workdir = tempfile.mkdtemp()
    arm = LocalArm(data, workdir).start()
    try:
        yield arm, CredentialClients(LocalArmCredential(arm), arm.url, connection_verify=arm.cert)
    finally:
        arm.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def options_for(arm):
    """The estate's stated exemption, if any (so the activity-log read and its follow-ups are compared too)."""
    exemptions = arm.estate.exemptions
    return [scan.Options()] + [scan.Options(exempted_at=when - timedelta(hours=1)) for when in exemptions.values()]


# The activity log's 90-day window is counted from the moment of each read, to the minute: check and explain run
# moments apart, so the one clock-made stamp is set aside; every other character must agree.
LOG_WINDOW = re.compile(r"kept since \d{4}-\d\d-\d\d \d\d:\d\d UTC")


def unclocked(entry):
    return json.loads(LOG_WINDOW.sub("kept since <90 days ago>", json.dumps(entry)))


@pytest.mark.parametrize("estate", sorted(ESTATES))
def test_every_vm_is_explained_exactly_as_check_judges_it(estate):
    with serving(load_estate(estate)) as (arm, clients):
        subs = [s["subscriptionId"] for s in arm.estate.subscriptions.values()]
        for options in options_for(arm):
            checked = scan.check(clients, subs, None, options)
            assert checked["vms"], "the estate has VMs"
            for vm in checked["vms"]:  # one at a time: no VM's path may lean on another's
                explanation = scan.explain_vms(clients, [VmRef.of_id(vm["id"])], options)[0]
                assert unclocked({k: explanation[k] for k in vm}) == unclocked(vm), vm["name"]
                assert [s["check"] for s in explanation["steps"]] == list(vm["checks"])


def test_explain_vm_reads_a_dozen_resources_whatever_the_subscription_size():
    with serving(scaled(2000, page_size=100).doc) as (arm, clients):
        vm_id = next(r["id"] for r in arm.estate.data["resources"] if r["name"] == "vm1234")
        arm.reset_log()
        result = scan.explain_vms(clients, [VmRef.of_id(vm_id)])[0]
        paths = [r["path"].lower() for r in arm.requests if r["path"] not in ("/msi/token", "/metadata/endpoints")]
        assert result["name"] == "vm1234" and result["verdict"] == "allowed"
        assert len(paths) <= BUDGET, paths
        assert not [p for p in paths if p.endswith(("/virtualmachines", "/networkinterfaces"))], "lists VMs or NICs"
        assert {r["method"] for r in arm.requests} == {"GET"}


def test_check_ids_judges_only_the_vms_named():
    with serving(scaled(300, page_size=100).doc) as (arm, clients):
        ids = [r["id"] for r in arm.estate.data["resources"] if r["name"] in ("vm0007", "vm0250")]
        arm.reset_log()
        result = scan.check_vms(clients, [VmRef.of_id(i) for i in ids])
        assert sorted(vm["name"] for vm in result["vms"]) == ["vm0007", "vm0250"]
        assert len(result["subscriptions"]) == 1 and [v["name"] for v in result["vnets"]] == ["vnet1"]
        assert sum(1 for r in arm.requests if r["path"].lower() == f"/subscriptions/{sub_guid('scaled')}") == 1


def test_scale_set_instance_by_group_and_name_without_listing():
    with serving(load_estate("followup")) as (arm, clients):
        sub = sub_guid("edt-recent")
        result = scan.explain_vms(clients, [VmRef(sub, "mail-rg", "webss_1")])[0]
        assert result["kind"] == "scale-set-instance" and result["scaleSet"].endswith("/webss")
        assert not [r for r in arm.requests if r["path"].lower().endswith(("/virtualmachines",
                                                                           "/virtualmachinescalesets"))]
        with pytest.raises(VmNotFound):
            scan.explain_vms(clients, [VmRef(sub, "mail-rg", "webss_7")])
        with pytest.raises(VmNotFound):
            scan.explain_vms(clients, [VmRef(sub, "mail-rg", "no-such-vm")])


def test_a_path_read_that_fails_is_unknown_never_allowed():
    with serving(load_estate("demo")) as (arm, clients):
        vm_id = next(r["id"] for r in arm.estate.data["resources"] if r["name"] == "ea-mail1")
        arm.estate.faults.append({"path": r"/virtualNetworks/[^/]+$", "status": 403, "code": "AuthorizationFailed"})
        result = scan.explain_vms(clients, [VmRef.of_id(vm_id)])[0]
        assert result["verdict"] == "unknown" and result["checks"]["subnet"] == "unknown"
        gap = next(u for u in result["subscription"]["unknowns"] if u["what"] == "virtual networks")
        assert gap["status"] == 403 and "az rest --method get" in gap["command"]
        assert subscription_of(vm_id) == result["subscriptionId"]


def test_the_exemption_seen_on_another_nic_is_looked_for_only_when_it_decides():
    """Enterprise Dev/Test: 'stale' reports false, so whether 'refreshed' reports true decides the policy."""
    with serving(load_estate("exemption")) as (arm, clients):
        ids = {r["name"]: r["id"] for r in arm.estate.data["resources"] if "virtualMachines" in r["type"]}
        stale = scan.explain_vms(clients, [VmRef.of_id(ids["stale"])])[0]
        assert stale["subscription"]["policy"]["status"] == "exempted"
        assert any(r["path"].endswith("/networkInterfaces") for r in arm.requests)
        arm.reset_log()
        refreshed = scan.explain_vms(clients, [VmRef.of_id(ids["refreshed"])])[0]
        assert refreshed["subscription"]["policy"]["status"] == "exempted"
        assert not any(r["path"].endswith("/networkInterfaces") for r in arm.requests)


def test_check_tells_its_progress_as_lists_and_subscriptions_are_read():
    with serving(load_estate("demo")) as (arm, clients):
        subs = [s["subscriptionId"] for s in arm.estate.subscriptions.values()]
        heard = []
        scan.check(clients, subs, None, scan.Options(), heard.append)
        done = [int(m.split("/")[0]) for m in heard]
        assert done == sorted(done) and heard[0].startswith("0/8 subscriptions read")
        assert heard[-1] == f"8/8 subscriptions read; resources read: {len(arm.estate.data['resources'])}"



def _routes_to_an_ip(arm, paths):
    """Whether a route table these requests read has a route to a next-hop IP address."""
    tables = [body for rid, body in arm.estate.resources.items() if rid.lower() in paths and "/routetables/" in rid.lower()]
    return any(r["properties"].get("nextHopIpAddress") for t in tables for r in t["properties"]["routes"])


def test_explain_vm_on_a_tenant_shaped_group_takes_six_requests_unless_an_appliance_route_needs_the_firewalls():
    """A NIC NSG and a subnet NSG of one group come from one page of the group's NSG list; the firewall list is read
    only for a route to a next-hop IP (where the judge looks firewalls up). Same answers as `check`."""
    from tests.localarm.make_estates import tenant
    with serving(tenant(100).doc) as (arm, clients):
        sub = next(iter(arm.estate.subscriptions))
        checked = {vm["id"]: vm for vm in scan.check(clients, [sub], None, scan.Options())["vms"]}
        seen = set()
        for vm_id in list(checked)[::7]:
            arm.reset_log()
            explanation = scan.explain_vms(clients, [VmRef.of_id(vm_id)])[0]
            assert unclocked({k: explanation[k] for k in checked[vm_id]}) == unclocked(checked[vm_id])
            paths = [r["path"].lower() for r in arm.requests if r["path"] not in ("/msi/token", "/metadata/endpoints")]
            appliance, tables = _routes_to_an_ip(arm, paths), sum("/routetables/" in p for p in paths)
            listed, by_id = (sum(p.endswith("/networksecuritygroups") for p in paths),
                             sum("/networksecuritygroups/" in p for p in paths))
            assert any(p.endswith("/azurefirewalls") for p in paths) == appliance, paths
            assert (listed, by_id) in ((1, 0), (0, 1)), paths  # two NSGs: the list; one: its GET
            assert len(paths) == 6 + tables + appliance, paths
            seen.add((listed, tables, appliance))
        assert {(1, 0, False), (0, 0, False), (1, 1, True)} <= seen, seen


def test_a_refused_nsg_list_falls_back_to_the_nsgs_by_id():
    """The group's NSG list is a shortcut: refused, each NSG is read by id, with the same answer; an NSG that then
    cannot be read either is the gap it always was."""
    from tests.localarm.make_estates import tenant
    with serving(tenant(100).doc) as (arm, clients):
        sub = next(iter(arm.estate.subscriptions))
        checked = {vm["id"]: vm for vm in scan.check(clients, [sub], None, scan.Options())["vms"]}
        arm.estate.faults.append({"path": r"/networkSecurityGroups$", "status": 403, "code": "AuthorizationFailed"})
        for vm_id in list(checked)[::7]:
            arm.reset_log()
            explanation = scan.explain_vms(clients, [VmRef.of_id(vm_id)])[0]
            if any(r["path"].endswith("/networkSecurityGroups") for r in arm.requests):
                break
        else:
            raise AssertionError("no VM with two NSGs of one group")
        assert unclocked({k: explanation[k] for k in checked[vm_id]}) == unclocked(checked[vm_id])
        assert sum("/networkSecurityGroups/" in r["path"] for r in arm.requests) == 2
        assert not [u for u in explanation["subscription"]["unknowns"] if u["what"] == "network security groups"]
        arm.estate.faults.append({"path": r"/networkSecurityGroups/[^/]+$", "status": 403,
                                  "code": "AuthorizationFailed"})
        refused = scan.explain_vms(clients, [VmRef.of_id(vm_id)])[0]
        assert refused["verdict"] != "allowed"
        gap = next(u for u in refused["subscription"]["unknowns"] if u["what"] == "network security groups")
        assert gap["status"] == 403 and "az rest --method get" in gap["command"]
