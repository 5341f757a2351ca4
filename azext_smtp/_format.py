"""Table transformers: rows from the report's dicts, fitted to a 120-column terminal.

Long sentences stay whole in JSON; here they are wrapped (explain-vm's Detail) or cut with an
ellipsis, in the order each table gives up room.
"""
from collections import OrderedDict

from azext_smtp.core.i18n import DEFAULT_LANGUAGE, message, say

WIDTH = 120
GAP = 2  # knack prints tables with tabulate's "simple" format: two spaces between columns,
PAD = 2  # and every column at least two wider than its header
ELLIPSIS = "..."
_SPOKEN = {"language": DEFAULT_LANGUAGE}


def use_language(language):
    """The language the command's tables speak (custom.py sets it with the result's; knack hands a transformer
    only the result)."""
    _SPOKEN["language"] = language or DEFAULT_LANGUAGE


def _say(key, language=None, **args):
    return say(message(f"table.{key}", **args), language or _SPOKEN["language"])


def _headed(rows, language):
    """The rows with their column headers in `language` (built with the English ones)."""
    return [OrderedDict((_say("header." + col, language), value) for col, value in row.items()) for row in rows]


def _cols(pairs, language):
    return [(_say("header." + col, language), width) for col, width in pairs]


def _text(value) -> str:
    return "" if value is None else str(value)


def _cleaned(rows):
    """Every cell stripped of control characters and escape sequences (sanitize.py): remote text never drives the
    terminal, and a line break in it never fakes a row."""
    from .sanitize import clean
    return [OrderedDict((col, clean(value)) for col, value in row.items()) for row in rows]


def _widths(rows):
    return OrderedDict((col, max([len(col) + PAD] + [max(map(len, _text(r[col]).split("\n"))) for r in rows]))
                       for col in rows[0])


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - len(ELLIPSIS)].rstrip() + ELLIPSIS


def _room(widths, shrinkable, width):
    """Each column's width once the `shrinkable` ones gave up room in order, and how far the table still overflows."""
    widths = OrderedDict(widths)
    excess = sum(widths.values()) + GAP * (len(widths) - 1) - width
    for col, floor in shrinkable:
        if col in widths:
            give = max(0, min(excess, widths[col] - max(floor, len(col) + PAD)))
            widths[col] -= give
            excess -= give
    return widths, excess


def fit(rows, shrinkable, width=WIDTH, droppable=()):
    """Cut cells with an ellipsis until every line fits `width` characters.

    `shrinkable` lists (column, narrowest width) in the order columns give up room: what users
    copy from a table (VM names, action ids) comes last or never. When cutting is not enough (a long
    action id beside the Kind column), the `droppable` columns go, in order, until the table fits."""
    if not rows:
        return rows
    rows = _cleaned(rows)
    widths, excess = _room(_widths(rows), shrinkable, width)
    for dropped in droppable:
        if excess <= 0:
            break
        rows = [OrderedDict((col, value) for col, value in row.items() if col != dropped) for row in rows]
        widths, excess = _room(_widths(rows), shrinkable, width)
    for row in rows:
        for col, _ in shrinkable:
            if col in row:
                row[col] = _cut(_text(row[col]), widths[col])
    return rows


def wrap(rows, column, width=WIDTH, fixed=None):
    """Wrap `column` so that the table fits `width`; `fixed` wraps other columns to given widths first."""
    import textwrap

    def fold(row, col, room):
        row[col] = "\n".join(textwrap.wrap(_text(row[col]), room)) or ""
    if not rows:
        return rows
    rows = _cleaned(rows)
    for col, room in (fixed or {}).items():
        for row in rows:
            fold(row, col, room)
    others = sum(w for c, w in _widths(rows).items() if c != column) + GAP * (len(rows[0]) - 1)
    for row in rows:
        fold(row, column, max(width - others, 20))
    return rows


def _row(sub, name_col, name, kind, group, *, verdict="", blocked="", action=""):
    """A check row; `kind` is None for a VM-only table (no Kind column)."""
    row = OrderedDict([("Subscription", sub.get("displayName") or sub.get("subscriptionId")),
                       ("Offer", sub.get("offer", {}).get("family")), ("Policy", sub.get("policy", {}).get("status")),
                       (name_col, name)])
    if kind is not None:
        row["Kind"] = kind
    row.update([("Group", group), ("Verdict", verdict), ("BlockedBy", blocked), ("NextAction", action)])
    return row


def _verdict(entry):
    """The verdict, or `suppressed` while a baseline entry accepts it (--baseline)."""
    return "suppressed" if (entry.get("suppression") or {}).get("status") == "active" else entry["verdict"]


def check_table(result, language=None):
    """One row per VM; apps and other PaaS follow, and then a Kind column says which is which."""
    subs = {s["subscriptionId"]: s for s in result.get("subscriptions", [])}
    judged = [(e, e.get("kind")) for e in result.get("vms", []) + result.get("apps", [])]
    judged += [(e, e["service"]) for e in result.get("others", [])]
    mixed = bool(result.get("apps") or result.get("others"))
    name_col = "Name" if mixed else "VM"
    rows = [_row(subs.get(e["subscriptionId"], {"subscriptionId": e["subscriptionId"]}), name_col, e["name"],
                 kind if mixed else None, e["resourceGroup"], verdict=_verdict(e), blocked=", ".join(e["blockedBy"]),
                 action=e["actions"][0] if e["actions"] else "") for e, kind in judged]
    seen = {e["subscriptionId"] for e, _ in judged}
    for sub_id, sub in subs.items():
        if sub_id not in seen:
            actions = sub["policy"]["actions"]
            rows.append(_row(sub, name_col, _say("no-vms", language), "" if mixed else None,
                             sub.get("resourceGroup") or "", action=actions[0] if actions else ""))
    return fit(_headed(rows, language), _cols([
        ("Subscription", 16), ("Offer", 12), ("Group", 10), ("BlockedBy", 12), ("Kind", 11), ("Subscription", 10),
        ("Offer", 10), (name_col, 12), (name_col, 11), ("Group", 7), ("Offer", 7), ("Kind", 8)], language),
        droppable=[_say("header.Policy", language)])


def rules_table(result, language=None):
    rows = [OrderedDict([("Id", r["id"]), ("Kind", r["kind"]), ("Families", ", ".join(r.get("families") or [])),
                         ("Status", r.get("status") or r.get("blocksAs") or ""), ("Title", r["title"])])
            for r in result]
    return fit(_headed(rows, language), _cols([("Title", 38), ("Families", 18), ("Title", 20), ("Id", 20)], language))


def _explain_rows(result, language):
    rows = [OrderedDict([("Step", str(i)), ("Check", st["check"]), ("Result", st["result"]),
                         ("Detail", st["detail"])])
            for i, st in enumerate(result.get("steps", []), 1)]
    nxt = result.get("nextAction")
    last = _say("next", language, text=nxt["text"]) if nxt else _no_action(result["verdict"], language)
    rows.append(OrderedDict([("Step", "=>"), ("Check", _say("verdict", language)), ("Result", result["verdict"]),
                             ("Detail", last)]))
    return _headed(rows, language)


def _no_action(verdict: str, language) -> str:
    """The verdict row without a next action: nothing to do only when nothing is open."""
    return _say("nothing" if verdict == "allowed" else "no-action", language)


def explain_table(result, language=None):
    """One row per step, then the verdict and the one next action that matters most; for several VMs
    (a list), the same rows one VM after the other, its name on its first row."""
    detail = _say("header.Detail", language)
    if not isinstance(result, list):
        return wrap(_explain_rows(result, language), detail)
    vm_col = _say("header.VM", language)
    rows = [OrderedDict([(vm_col, vm["name"] if i == 0 else ""), *row.items()])
            for vm in result for i, row in enumerate(_explain_rows(vm, language))]
    return wrap(fit(rows, [(vm_col, 16)]), detail)


def completion_table(result, language=None):
    """One row per planned resource, with its outcome once carried out, then where the run stands (dry run or
    what was done), so that the table alone says whether anything changed."""
    outcomes = {r["resource"]: r for r in result.get("results", [])}
    rows = [OrderedDict([("Kind", p["kind"]), ("Name", p["name"]),
                         ("Operations", _say("then", language, operations=p["operations"])),
                         ("Status", outcomes.get(p["resource"], {}).get("status", p.get("status", "planned"))),
                         ("Reason", p["reason"])]) for p in result.get("plan", [])]
    rows.append(OrderedDict([("Kind", "=>"), ("Name", ""), ("Operations", ""),
                             ("Status", _say("dry-run", language) if result.get("dryRun") else
                              _say("done", language) if result.get("results") else ""),
                             ("Reason", result.get("message", ""))]))
    return wrap(_headed(rows, language), _say("header.Reason", language),
                fixed={_say("header.Operations", language): 24})


def probe_table(result, language=None):
    """One row per port tried from inside the VM, then check's verdict and whether the probe bears it out."""
    rows = [OrderedDict([("Target", p["target"]), ("Port", str(p["port"])), ("Result", p["result"]),
                         ("Detail", p["detail"])]) for p in result.get("probes", [])]
    agreement = result["agreement"]
    rows.append(OrderedDict([("Target", "=> " + _say("verdict", language)), ("Port", ""), ("Result", result["verdict"]),
                             ("Detail", f"{agreement['status']}: {agreement['detail']}")]))
    return wrap(_headed(rows, language), _say("header.Detail", language), fixed={_say("header.Target", language): 30})


def diff_table(changes, language=None):
    """One row per resource whose verdict changed between two `check` results, regressions first."""
    rows = [OrderedDict([("Change", _say("worse", language, change=c["change"])
                          if c["regression"] and c["change"] == "new" else c["change"]),
                         ("Name", c["name"]), ("Kind", c["kind"]), ("Group", c["resourceGroup"]),
                         ("Was", c["old"] or "-"), ("Now", c["new"] or "-"),
                         ("BlockedBy", ", ".join(c["newBlockedBy"] or []))]) for c in changes]
    return fit(_headed(rows, language), _cols([("Group", 12), ("Name", 16)], language))
