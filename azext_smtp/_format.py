"""Table transformers: one row per VM for `check`, one per rule for `rules`."""
from collections import OrderedDict


def _policy_by_sub(result):
    return {s["subscriptionId"]: s for s in result.get("subscriptions", [])}


def check_table(result):
    subs = _policy_by_sub(result)
    rows = []
    for vm in result.get("vms", []):
        sub = subs.get(vm["subscriptionId"], {})
        rows.append(OrderedDict([
            ("Subscription", sub.get("displayName") or vm["subscriptionId"]),
            ("Offer", sub.get("offer", {}).get("family")),
            ("Policy", sub.get("policy", {}).get("status")),
            ("VM", vm["name"]),
            ("ResourceGroup", vm["resourceGroup"]),
            ("Verdict", vm["verdict"]),
            ("BlockedBy", ", ".join(vm["blockedBy"])),
            ("NextAction", vm["actions"][0] if vm["actions"] else ""),
        ]))
    judged = {vm["subscriptionId"] for vm in result.get("vms", [])}
    for sub_id, sub in subs.items():
        if sub_id not in judged:
            rows.append(OrderedDict([
                ("Subscription", sub.get("displayName") or sub_id), ("Offer", sub["offer"]["family"]),
                ("Policy", sub["policy"]["status"]), ("VM", "(no VMs)"), ("ResourceGroup", sub.get("resourceGroup") or ""),
                ("Verdict", ""), ("BlockedBy", ""),
                ("NextAction", sub["policy"]["actions"][0] if sub["policy"]["actions"] else "")]))
    return rows


def rules_table(result):
    return [OrderedDict([("Id", r["id"]), ("Edition", r["edition"]), ("Families", ", ".join(r["families"])),
                         ("Status", r["status"] or ""), ("Title", r["title"])]) for r in result]


def explain_table(result):
    """One row per step, then the verdict and the one next action that matters most."""
    rows = [OrderedDict([("Step", str(i)), ("Check", st["check"]), ("Result", st["result"]), ("Detail", st["detail"])])
            for i, st in enumerate(result.get("steps", []), 1)]
    nxt = result.get("nextAction")
    rows.append(OrderedDict([("Step", "=>"), ("Check", "verdict"), ("Result", result["verdict"]),
                             ("Detail", f"Next: {nxt['text']}" if nxt else "Nothing to do.")]))
    return rows


def completion_table(result):
    """One row per planned resource, with its outcome once carried out."""
    outcomes = {r["resource"]: r for r in result.get("results", [])}
    rows = [OrderedDict([("Kind", p["kind"]), ("Name", p["name"]), ("Operations", " then ".join(p["operations"])),
                         ("Status", outcomes.get(p["resource"], {}).get("status", "planned")),
                         ("Reason", p["reason"])]) for p in result.get("plan", [])]
    return rows or [OrderedDict([("Kind", ""), ("Name", ""), ("Operations", ""), ("Status", ""),
                                 ("Reason", result.get("message", ""))])]
