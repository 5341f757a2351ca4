"""The Python API against the local ARM (explain == check for every VM: tests/scenario/test_vm_path.py)."""
import shutil
import tempfile

import pytest

from azext_smtp import api
from tests.localarm.credential import LocalArmCredential
from tests.localarm.estate import load_estate
from tests.localarm.make_estates import ESTATES
from tests.localarm.server import GRAPH, LocalArm


@pytest.fixture(params=sorted(ESTATES))
def estate_arm(request):
    workdir = tempfile.mkdtemp()
    arm = LocalArm(load_estate(request.param), workdir).start()
    yield arm
    arm.stop()
    shutil.rmtree(workdir, ignore_errors=True)


def run_check(arm):
    subs = [s["subscriptionId"] for s in arm.estate.subscriptions.values()]
    return api.check(LocalArmCredential(arm), subs, base_url=arm.url, connection_verify=arm.cert)


def test_explain_vm_gives_check_entry_and_steps(estate_arm):
    result = run_check(estate_arm)
    assert result["vms"], "the estate has VMs"
    vm = result["vms"][-1]
    explained = api.explain_vm(LocalArmCredential(estate_arm), vm["id"], base_url=estate_arm.url,
                               connection_verify=estate_arm.cert)
    assert {k: explained[k] for k in vm} == vm and len(explained["steps"]) == len(vm["checks"])


def test_explain_app_verdict_equals_check_for_every_app(estate_arm):
    result = run_check(estate_arm)
    for app in result["apps"]:
        explained = api.explain_app(LocalArmCredential(estate_arm), app["id"], base_url=estate_arm.url,
                                    connection_verify=estate_arm.cert)
        for field in ("verdict", "blockedBy", "egress", "actions", "reasons", "checks"):
            assert explained[field] == app[field], (app["name"], field)


def test_python_api_only_reads(estate_arm):
    """GETs, and POSTs only to Resource Graph's query API (a query reads)."""
    run_check(estate_arm)
    assert estate_arm.requests and {r["method"] for r in estate_arm.requests} <= {"GET", "POST"}
    assert {r["path"].lower() for r in estate_arm.requests if r["method"] != "GET"} <= {GRAPH}
