"""A NIC flag true in an Enterprise Dev/Test subscription -> `exempted`, and which VM lags behind."""
ESTATE = "exemption"


def test_nic_flag_true_moves_exemptible_to_exempted(az):
    result = az.json("smtp", "check")
    policy = result["subscriptions"][0]["policy"]
    assert policy["status"] == "exempted"
    flags = [e for e in policy["evidence"] if e["kind"] == "nic-flag"]
    assert [f["resource"].rsplit("/", 1)[1] for f in flags] == ["refreshed-nic0"]
    vms = {v["name"]: v for v in result["vms"]}
    assert vms["refreshed"]["verdict"] == "allowed" and vms["refreshed"]["port25Flag"] is True
    assert vms["stale"]["verdict"] == "blocked" and vms["stale"]["actions"] == ["deallocate-and-start"]
