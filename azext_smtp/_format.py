"""Table transformers: rows from the report's dicts, fitted to a 120-column terminal.

Long sentences stay whole in JSON; here they are wrapped (explain-vm's Detail) or cut with an
ellipsis, in the order each table gives up room.
"""
from collections import OrderedDict

WIDTH = 120
GAP = 2  # knack prints tables with tabulate's "simple" format: two spaces between columns,
PAD = 2  # and every column at least two wider than its header
ELLIPSIS = "..."


def _text(value) -> str:
    return "" if value is None else str(value)


def _widths(rows):
    return OrderedDict((col, max([len(col) + PAD] + [max(map(len, _text(r[col]).split("\n"))) for r in rows]))
                       for col in rows[0])


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - len(ELLIPSIS)].rstrip() + ELLIPSIS


def fit(rows, shrinkable, width=WIDTH):
    """Cut cells with an ellipsis until every line fits `width` characters.

    `shrinkable` lists (column, narrowest width) in the order columns give up room: what users
    copy from a table (VM names) comes last."""
    if not rows:
        return rows
    widths = _widths(rows)
    excess = sum(widths.values()) + GAP * (len(widths) - 1) - width
    for col, floor in shrinkable:
        give = max(0, min(excess, widths[col] - max(floor, len(col) + PAD)))
        widths[col] -= give
        excess -= give
    for row in rows:
        for col, _ in shrinkable:
            row[col] = _cut(_text(row[col]), widths[col])
    return rows


def wrap(rows, column, width=WIDTH, fixed=None):
    """Wrap `column` so that the table fits `width`; `fixed` wraps other columns to given widths first."""
    import textwrap

    def fold(row, col, room):
        row[col] = "\n".join(textwrap.wrap(_text(row[col]), room)) or ""
    if not rows:
        return rows
    for col, room in (fixed or {}).items():
        for row in rows:
            fold(row, col, room)
    others = sum(w for c, w in _widths(rows).items() if c != column) + GAP * (len(rows[0]) - 1)
    for row in rows:
        fold(row, column, max(width - others, 20))
    return rows


def check_table(result):
    subs = {s["subscriptionId"]: s for s in result.get("subscriptions", [])}
    rows = []
    for vm in result.get("vms", []):
        sub = subs.get(vm["subscriptionId"], {})
        rows.append(OrderedDict([
            ("Subscription", sub.get("displayName") or vm["subscriptionId"]),
            ("Offer", sub.get("offer", {}).get("family")),
            ("Policy", sub.get("policy", {}).get("status")),
            ("VM", vm["name"]),
            ("Group", vm["resourceGroup"]),
            ("Verdict", vm["verdict"]),
            ("BlockedBy", ", ".join(vm["blockedBy"])),
            ("NextAction", vm["actions"][0] if vm["actions"] else ""),
        ]))
    judged = {vm["subscriptionId"] for vm in result.get("vms", [])}
    for sub_id, sub in subs.items():
        if sub_id not in judged:
            policy = sub["policy"]
            rows.append(OrderedDict([
                ("Subscription", sub.get("displayName") or sub_id), ("Offer", sub["offer"]["family"]),
                ("Policy", policy["status"]), ("VM", "(no VMs)"), ("Group", sub.get("resourceGroup") or ""),
                ("Verdict", ""), ("BlockedBy", ""), ("NextAction", policy["actions"][0] if policy["actions"] else "")]))
    return fit(rows, [("Subscription", 16), ("Offer", 12), ("Group", 10), ("BlockedBy", 12), ("Subscription", 10),
                      ("Offer", 10), ("VM", 12)])


def rules_table(result):
    rows = [OrderedDict([("Id", r["id"]), ("Kind", r["kind"]), ("Families", ", ".join(r.get("families") or [])),
                         ("Status", r.get("status") or r.get("blocksAs") or ""), ("Title", r["title"])])
            for r in result]
    return fit(rows, [("Title", 38), ("Families", 18), ("Title", 20), ("Id", 20)])


def _explain_rows(result):
    rows = [OrderedDict([("Step", str(i)), ("Check", st["check"]), ("Result", st["result"]),
                         ("Detail", st["detail"])])
            for i, st in enumerate(result.get("steps", []), 1)]
    nxt = result.get("nextAction")
    rows.append(OrderedDict([("Step", "=>"), ("Check", "verdict"), ("Result", result["verdict"]),
                             ("Detail", f"Next: {nxt['text']}" if nxt else "Nothing to do.")]))
    return rows


def explain_table(result):
    """One row per step, then the verdict and the one next action that matters most; for several VMs
    (a list), the same rows one VM after the other, its name on its first row."""
    if not isinstance(result, list):
        return wrap(_explain_rows(result), "Detail")
    rows = [OrderedDict([("VM", vm["name"] if i == 0 else ""), *row.items()])
            for vm in result for i, row in enumerate(_explain_rows(vm))]
    return wrap(fit(rows, [("VM", 16)]), "Detail")


def completion_table(result):
    """One row per planned resource, with its outcome once carried out."""
    outcomes = {r["resource"]: r for r in result.get("results", [])}
    rows = [OrderedDict([("Kind", p["kind"]), ("Name", p["name"]), ("Operations", " then ".join(p["operations"])),
                         ("Status", outcomes.get(p["resource"], {}).get("status", "planned")),
                         ("Reason", p["reason"])]) for p in result.get("plan", [])]
    rows = rows or [OrderedDict([("Kind", ""), ("Name", ""), ("Operations", ""), ("Status", ""),
                                 ("Reason", result.get("message", ""))])]
    return wrap(rows, "Reason", fixed={"Operations": 24})


def probe_table(result):
    """One row per port tried from inside the VM, then check's verdict and whether the probe bears it out."""
    rows = [OrderedDict([("Target", p["target"]), ("Port", str(p["port"])), ("Result", p["result"]),
                         ("Detail", p["detail"])]) for p in result.get("probes", [])]
    agreement = result["agreement"]
    rows.append(OrderedDict([("Target", "=> verdict"), ("Port", ""), ("Result", result["verdict"]),
                             ("Detail", f"{agreement['status']}: {agreement['detail']}")]))
    return wrap(rows, "Detail", fixed={"Target": 30})
