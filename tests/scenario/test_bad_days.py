"""Bad days through the real az: page loops, 5xx on a last page, an expired token, a slow region, 429 storms.

Whatever breaks ends as a gap in unknowns[] with the command that settles it; nothing is `allowed` on unread
data, the other lists and subscriptions go on, and no traceback reaches the user."""
import json

from tests.localarm.shapes import sub_guid

EA = sub_guid("ea")
NICS = rf"^/subscriptions/{EA}/providers/Microsoft.Network/networkInterfaces$"


def check(az, *args, env=None):
    proc = az.run("smtp", "check", *args, "-o", "json", check=False, env=env)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def unknowns(result, what):
    return [u for s in result["subscriptions"] for u in s["unknowns"] if u["what"] == what]


def test_a_self_pointing_next_link_ends_the_listing_with_a_gap_and_the_run_goes_on(az, arm):
    arm.estate.faults.append({"path": NICS, "page": "self"})
    result = check(az, "--all-subscriptions", "--engine", "arm")  # the ARM lists, not one Graph query
    [gap] = unknowns(result, "network interfaces")
    assert gap["reason"] == "page loop" and f"az network nic list --subscription {EA}" == gap["command"]
    verdicts = {v["name"]: v["verdict"] for v in result["vms"]}
    assert verdicts.pop("ea-mail1") == "unknown"
    assert verdicts["payg-mail1"] == "blocked" and verdicts["mcae-mail1"] == "allowed"
    assert len([r for r in arm.requests if r["path"].endswith(f"{EA}/providers/Microsoft.Network/networkInterfaces")]) == 2


def test_endless_empty_pages_with_fresh_next_links_end_after_a_bound(az, arm):
    arm.estate.faults.append({"path": NICS, "page": "endless"})
    result = check(az, "--subscription", EA)
    assert [u["reason"] for u in unknowns(result, "network interfaces")] == ["page loop"]
    assert [v["verdict"] for v in result["vms"]] == ["unknown"]
    pages = [r for r in arm.requests if r["path"].endswith("/networkInterfaces")]
    assert len(pages) == 100  # pager.MAX_EMPTY_PAGES: a few empty pages are legal, a hundred in a row are a loop


def test_a_few_empty_pages_with_fresh_next_links_are_followed(az, arm):
    """Azure/autorest.go#433: an empty page with a new nextLink is legal; the items after it count."""
    arm.estate.faults.append({"path": NICS, "page": "endless", "query": "^api-version=[^&]*$", "times": 1})
    arm.estate.faults.append({"path": NICS, "page": "endless", "query": "empty=", "times": 3})
    result = check(az, "--subscription", EA)
    assert not unknowns(result, "network interfaces")
    assert [v["verdict"] for v in result["vms"]] == ["allowed"]


def test_a_token_that_expires_mid_run_is_refreshed_and_every_list_comes_back(az, arm):
    """ARM answers 401 ExpiredAuthenticationToken. azure-core's BearerTokenCredentialPolicy drops its cached token on
    any 401 (it resends by itself only on a CAE `insufficient_claims` challenge), so the pager resends once; the
    identity's tokens live under 5 minutes here, so neither MSAL nor azure-core hands the expired one out again."""
    arm.estate.token_lifetime = 120
    arm.estate.faults.append({"path": NICS, "expireTokens": True, "times": 1})
    result = check(az, "--all-subscriptions", "--engine", "arm")  # the ARM lists, not one Graph query
    assert not [u for s in result["subscriptions"] for u in s["unknowns"] if u["status"] == 401]
    assert len(result["vms"]) == 8
    assert {v["verdict"] for v in result["vms"] if v["name"] != "ea403-mail1"} == {"allowed", "blocked"}
    assert len([r for r in arm.requests if r["path"].endswith(f"{EA}/providers/Microsoft.Network/networkInterfaces")]) == 2


def test_a_token_the_credential_still_hands_out_after_expiry_is_a_gap_not_allowed(az, arm):
    """A credential that caches the expired token (az's managed identity keeps one for an hour and ignores CAE
    claims): the resend is refused again, and every list it carried is a 401 gap, never a verdict on nothing."""
    arm.estate.faults.append({"path": NICS, "expireTokens": True, "times": 1})
    result = check(az, "--subscription", EA)
    [gap] = unknowns(result, "network interfaces")
    assert gap["status"] == 401 and "ExpiredAuthenticationToken" in gap["reason"]
    assert {u["status"] for u in result["subscriptions"][0]["unknowns"]} == {401}
    assert all(v["verdict"] == "unknown" for v in result["vms"])


def test_a_token_arm_rejects_before_its_expiry_is_dropped_and_fetched_again_once(arm):
    """The shared token would live an hour; ARM rejects it early (clock skew, revocation). The
    shared transport sees the 401 `invalid_token` and the SharedToken drops it, so the pager's one resend carries
    a token the credential fetched anew (this credential does not cache; az's managed identity does: above)."""
    from azext_smtp import api
    from tests.localarm.credential import LocalArmCredential
    arm.estate.faults.append({"path": NICS, "expireTokens": True, "times": 1})
    issued = len(arm.issued)
    result = api.check(LocalArmCredential(arm), [EA], base_url=arm.url, connection_verify=arm.cert, engine="arm")
    assert not [u for s in result["subscriptions"] for u in s["unknowns"] if u["status"] == 401]
    assert [v["verdict"] for v in result["vms"]] == ["allowed"]
    nic_reads = [r for r in arm.requests if r["path"].endswith(f"{EA}/providers/Microsoft.Network/networkInterfaces")]
    assert len(nic_reads) == 2 and len(arm.issued) - issued == 2  # the rejected token and the one fetched anew


def test_a_region_slower_than_the_read_timeout_is_a_gap(az, arm):
    """`az config set smtp.read_timeout=1` (here through its environment variable): azure-core retries the read
    three times, then the list is a gap; the other lists and the verdicts that do not need it go on."""
    arm.estate.faults.append({"path": NICS, "delay": 3})
    result = check(az, "--subscription", EA, env=dict(az.env, AZURE_SMTP_READ_TIMEOUT="1"))
    [gap] = unknowns(result, "network interfaces")
    assert gap["reason"].startswith("no answer") and gap["status"] is None
    assert [v["verdict"] for v in result["vms"]] == ["unknown"]


def test_a_slow_answer_once_is_retried(az, arm):
    arm.estate.faults.append({"path": NICS, "delay": 3, "times": 1})
    result = check(az, "--subscription", EA, env=dict(az.env, AZURE_SMTP_READ_TIMEOUT="1"))
    assert not result["subscriptions"][0]["unknowns"] and [v["verdict"] for v in result["vms"]] == ["allowed"]


def test_a_429_storm_on_every_list_under_the_parallel_pool_loses_nothing(az, arm):
    """Every list of every subscription throttled, some twice: azure-core honours Retry-After for each request."""
    arm.estate.faults.append({"path": r"^/subscriptions/[^/]+/providers/Microsoft\.(Network|Compute)/",
                              "status": 429, "code": "TooManyRequests", "times": 120})
    result = check(az, "--all-subscriptions", "--engine", "arm")  # the ARM lists, not one Graph query
    assert len(result["vms"]) == 8
    assert not [u for s in result["subscriptions"] for u in s["unknowns"] if u["status"] == 429]
    assert {v["verdict"] for v in result["vms"] if v["name"] != "ea403-mail1"} <= {"allowed", "blocked"}
    assert sum(r["path"].startswith("/subscriptions/") for r in arm.requests) > 120
