"""ARM pages lists with nextLink: every page must be read, with a request count that grows with pages only."""
import json

from tests.localarm.make_estates import scaled

ESTATE = scaled(7, page_size=3).doc


def test_every_page_is_read(az, arm):
    result = az.json("smtp", "check")
    assert sorted(v["name"] for v in result["vms"]) == [f"vm{i:04d}" for i in range(7)]
    assert all(v["verdict"] == "allowed" for v in result["vms"])
    vm_pages = [r for r in arm.requests if r["path"].endswith("/virtualMachines")]
    assert len(vm_pages) == 3 and sum("$skiptoken" in r["query"] for r in vm_pages) == 2


def test_a_500_on_the_last_page_is_a_gap_and_no_vm_is_allowed_on_the_pages_before(az, arm):
    """azure-core retries the 500 (quickly here: the answer asks for it with retry-after-ms), then the list is
    a gap: the NICs of the pages already read are not judged as if the list were whole."""
    arm.estate.faults.append({"path": r"/providers/Microsoft.Network/networkInterfaces$", "query": r"skiptoken=6",
                              "status": 500, "code": "InternalServerError", "message": "Internal error.",
                              "retryAfterMs": 1})
    proc = az.run("smtp", "check", "-o", "json", check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    result = json.loads(proc.stdout)
    [gap] = [u for u in result["subscriptions"][0]["unknowns"] if u["what"] == "network interfaces"]
    assert gap["status"] == 500 and "InternalServerError" in gap["reason"]
    assert {v["verdict"] for v in result["vms"]} == {"unknown"} and len(result["vms"]) == 7
