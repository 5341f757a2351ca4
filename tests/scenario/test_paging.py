"""ARM pages lists with nextLink: every page must be read, with a request count that grows with pages only."""
from tests.localarm.make_estates import scaled

ESTATE = scaled(7, page_size=3).doc


def test_every_page_is_read(az, arm):
    result = az.json("smtp", "check")
    assert sorted(v["name"] for v in result["vms"]) == [f"vm{i:04d}" for i in range(7)]
    assert all(v["verdict"] == "allowed" for v in result["vms"])
    vm_pages = [r for r in arm.requests if r["path"].endswith("/virtualMachines")]
    assert len(vm_pages) == 3 and sum("$skiptoken" in r["query"] for r in vm_pages) == 2
