"""A long subscription-wide list (its first page says more follow) is read group by group, the groups side by side:
the same VMs in the same order as page after page, every group read once, 429s waited out, and never more than
sharing.IN_FLIGHT requests in flight."""
import threading

from azext_smtp import scan
from azext_smtp.clients import CredentialClients
from azext_smtp.sharing import IN_FLIGHT
from tests.localarm.credential import LocalArmCredential
from tests.localarm.make_estates import EstateBuilder, _billing

GROUPS, PER_GROUP = 5, 4
LONG_LISTS = ("/microsoft.compute/virtualmachines", "/microsoft.network/networkinterfaces")


def spread(groups=GROUPS, per_group=PER_GROUP, page_size=6, subscriptions=1):
    """VMs in `groups` resource groups (one VNet in the first), added round-robin over the groups so the
    subscription-wide list interleaves them."""
    b = EstateBuilder(page_size=page_size)
    for n in range(subscriptions):
        sub = b.subscription(f"spread-{n}", f"Spread EA #{n}", "EnterpriseAgreement_2014-09-01",
                             _billing("EnterpriseAgreement", "Enterprise"))
        subnet = b.network(sub, rg="rg-0")["default"]
        for i in range(per_group):
            for g in range(groups):
                b.vm(sub, f"vm-{g}-{i}", subnet, rg=f"rg-{g}", allow25=(g + i) % 3 != 0)
    return b.doc


def check(arm):
    clients = CredentialClients(LocalArmCredential(arm), arm.url, connection_verify=arm.cert)
    arm.reset_log()
    return scan.check(clients, list(arm.estate.subscriptions), None, scan.Options(engine="arm"))


def list_gets(arm, suffix):
    return [r for r in arm.requests if r["method"] == "GET" and r["path"].lower().endswith(suffix)]


def test_a_long_list_read_group_by_group_gives_what_page_after_page_gives(local_arm):
    whole = check(local_arm(spread(page_size=100)))  # every list fits one page: no split
    arm = local_arm(spread(page_size=6))
    split = check(arm)
    assert split == whole
    assert len(split["vms"]) == GROUPS * PER_GROUP and not split["subscriptions"][0]["unknowns"]
    assert [v["id"].lower() for v in split["vms"]] == sorted(v["id"].lower() for v in split["vms"])
    assert len(list_gets(arm, "/resourcegroups")) == 1, "the groups are listed once for every long list"
    for suffix in LONG_LISTS:
        calls = list_gets(arm, suffix)
        wide = [r for r in calls if "/resourcegroups/" not in r["path"].lower()]
        assert len(wide) == 1 and "$skiptoken" not in wide[0]["query"], "only the first page, then the groups"
        assert sorted(r["path"].split("/")[4] for r in calls if r not in wide) == [f"rg-{g}" for g in range(GROUPS)]


def test_a_list_of_one_page_or_of_one_group_stays_one_chain(local_arm):
    arm = local_arm(spread(groups=1, per_group=14, page_size=6))
    result = check(arm)
    assert len(result["vms"]) == 14 and len(list_gets(arm, "/resourcegroups")) == 1
    assert len(list_gets(arm, "/virtualmachines")) == 3, "one group: its three pages, one after the other"
    arm = local_arm(spread(page_size=100))
    check(arm)
    assert not list_gets(arm, "/resourcegroups") and len(list_gets(arm, "/virtualmachines")) == 1


def test_a_group_that_fails_is_named_and_the_other_groups_are_read(local_arm):
    doc = spread()
    doc["faults"] = [{"path": r"/resourceGroups/rg-3/providers/Microsoft.Compute/virtualMachines$", "status": 403,
                      "code": "AuthorizationFailed"}]
    result = check(local_arm(doc))
    [gap] = result["subscriptions"][0]["unknowns"]
    assert gap["what"] == "virtual machines in resource group rg-3" and gap["status"] == 403
    assert gap["command"].endswith("-g rg-3")
    assert sorted(v["name"] for v in result["vms"]) == \
        sorted(f"vm-{g}-{i}" for g in range(GROUPS) if g != 3 for i in range(PER_GROUP))


def test_429s_on_the_group_lists_are_waited_out_not_reported(local_arm):
    """Every group's first VM list draws a 429 with Retry-After: azure-core retries each once (the others of the
    subscription wait the pause out meanwhile), every VM is judged, nothing is unknown."""
    doc = spread()
    doc["faults"] = [{"path": r"/resourceGroups/[^/]+/providers/Microsoft.Compute/virtualMachines$", "status": 429,
                      "code": "TooManyRequests", "retryAfter": 1, "times": GROUPS}]
    arm = local_arm(doc)
    result = check(arm)
    grouped = [r for r in list_gets(arm, "/virtualmachines") if "/resourcegroups/" in r["path"].lower()]
    assert len(grouped) == 2 * GROUPS, "each group: one 429, one answer"
    assert len(result["vms"]) == GROUPS * PER_GROUP and not result["subscriptions"][0]["unknowns"]


def test_split_lists_keep_the_run_within_its_requests_in_flight(local_arm):
    """4 subscriptions x 2 long lists x 40 groups would send far more than IN_FLIGHT requests at once."""
    arm = local_arm(spread(groups=40, per_group=1, page_size=20, subscriptions=4))
    arm.latency = 0.2  # requests pile up: without the bound about 36 were seen in flight here
    lock, in_flight, peak = threading.Lock(), [0], [0]
    handle = arm.handle

    def counting(*args, **kwargs):
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        try:
            return handle(*args, **kwargs)
        finally:
            with lock:
                in_flight[0] -= 1
    arm.handle = counting
    result = check(arm)
    assert len(result["vms"]) == 160 and not any(s["unknowns"] for s in result["subscriptions"])
    assert len([r for r in list_gets(arm, "/virtualmachines") if "/resourcegroups/" in r["path"].lower()]) == 160
    assert IN_FLIGHT // 2 < peak[0] <= IN_FLIGHT
