"""What changed between two `check` results: the resources whose verdict changed, appeared or went away."""
from typing import List

from .judged import kind_of, resources, status

# How bad a status is: a move to a higher rank is a regression (allowed < suppressed < unknown < blocked).
RANK = {"allowed": 0, "suppressed": 1, "unknown": 2, "blocked": 3}
CHANGES = ("regression", "new", "gone", "improvement", "changed")


def _change(old, new) -> str:
    if old is None:
        return "new"
    if new is None:
        return "gone"
    was, now = RANK[status(old)], RANK[status(new)]
    return "regression" if now > was else "improvement" if now < was else "changed"


def diff(old: dict, new: dict) -> List[dict]:
    """One entry per resource whose status or blockedBy differs (by resource id, case-insensitive), regressions
    first. `regression` is true for a move to a worse status and for a new resource that is blocked or unknown."""
    before = {e["id"].lower(): e for e in resources(old)}
    after = {e["id"].lower(): e for e in resources(new)}
    changes = []
    for key in list(after) + [k for k in before if k not in after]:
        was, now = before.get(key), after.get(key)
        if was and now and status(was) == status(now) and was.get("blockedBy") == now.get("blockedBy"):
            continue
        either = now or was
        change = _change(was, now)
        changes.append({
            "id": either["id"], "name": either["name"], "kind": kind_of(either),
            "resourceGroup": either.get("resourceGroup"), "subscriptionId": either.get("subscriptionId"),
            "change": change,
            "regression": change == "regression" or (change == "new" and RANK[status(now)] >= RANK["unknown"]),
            "old": status(was) if was else None, "new": status(now) if now else None,
            "oldBlockedBy": was.get("blockedBy") if was else None,
            "newBlockedBy": now.get("blockedBy") if now else None,
            "reasons": (now or {}).get("reasons") or [],
        })
    return sorted(changes, key=lambda c: (not c["regression"], CHANGES.index(c["change"])))
