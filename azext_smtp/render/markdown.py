"""A Markdown summary of a `check` result for GitHub's job summary ($GITHUB_STEP_SUMMARY, at most 1 MiB): the
counts by subscription and status, then the blocked, unknown and suppressed resources with their reason and next
action, in plain link-free tables capped at ROWS rows each (the rest is counted, and the report says so)."""
import re

from .judged import (STATUSES, catalog_actions, clean, counts, kind_of, moment, next_action, resources, speaker,
                     status, subscription_name, subscriptions)

ROWS = 500  # per table: 3 tables x 500 rows x ~600 bytes stays well under GitHub's 1 MiB
CELL = 300  # characters of a reason or an action in a cell
_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_AUTOLINK = re.compile(r"(?i)(:)(//)|(www)(\.)|(@)(\w)")  # what GitHub would turn into a link: URLs, www., e-mail


def cell(text, limit=CELL) -> str:
    """A remote string fit for a table cell: one line, control characters dropped, cut to `limit`, Markdown
    specials escaped, < > & as entities, and a zero-width space where GitHub would start an autolink (so that
    nothing becomes a link, a tag or a new column)."""
    text = " ".join(clean(text).split())
    text = text if len(text) <= limit else text[:limit - 3].rstrip() + "..."
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _AUTOLINK.sub(lambda m: "\u200b".join(g for g in m.groups() if g), text)
    return _SPECIAL.sub(r"\\\1", text)


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _capped(said, title, entries, header, row):
    lines = ["", f"### {title} ({len(entries)})", ""]
    lines += _table(header, [row(e) for e in entries[:ROWS]])
    if len(entries) > ROWS:
        lines += ["", said("md.more", more=len(entries) - ROWS, rows=ROWS)]
    return lines


def _cols(said, *names):
    return [cell(said("col." + name)) for name in names]


def render(result: dict, meta: dict, language: str = "en") -> str:
    """The summary in `language` (en, tr, de): headings, labels and status words; ids, names and the check's own
    texts (said in the language when `report` ran the check) are left as they are."""
    said = speaker(language)
    subs = subscriptions(result)
    total, per = counts(result)
    actions = catalog_actions(language)
    judged = list(resources(result))
    lines = ["## " + said("md.title"), "",
             said("md.summary", edition=cell(result.get("rulesEdition")), subscriptions=len(subs),
                  resources=len(judged), counts=[said("count", count=total[s], status=said("status." + s))
                                                 for s in STATUSES]),
             "", said("md.generated", at=moment(cell(meta.get("generatedAt"))), by=cell(meta.get("generatedBy")),
                      version=cell(meta.get("extensionVersion")), az=cell(meta.get("azVersion")),
                      source=cell(meta.get("source"))), ""]
    sub_rows = [[cell(subscription_name(subs, sid)), cell((sub.get("offer") or {}).get("family")),
                 cell((sub.get("policy") or {}).get("status")), *(str(per.get(sid, {}).get(s, 0)) for s in STATUSES)]
                for sid, sub in subs.items()]
    lines += _table(_cols(said, "Subscription", "Offer", "Policy") +
                    [cell(said("status-title." + s)) for s in STATUSES], sub_rows[:ROWS])
    if len(sub_rows) > ROWS:
        lines += ["", said("md.more-subscriptions", more=len(sub_rows) - ROWS)]

    def row(entry):
        text, command = next_action(entry, actions)
        return [cell(subscription_name(subs, entry.get("subscriptionId"))), cell(entry.get("resourceGroup")),
                cell(entry.get("name")), cell(kind_of(entry)), cell(", ".join(entry.get("blockedBy") or [])),
                cell("; ".join(entry.get("reasons") or [])), cell(text), cell(command)]
    header = _cols(said, "Subscription", "Group", "Resource", "Kind", "BlockedBy", "Reason", "NextAction", "Command")
    for wanted in ("blocked", "unknown"):
        found = [e for e in judged if status(e) == wanted]
        if found:
            lines += _capped(said, cell(said("status-title." + wanted)), found, header, row)
    accepted = [e for e in judged if status(e) == "suppressed"]
    if accepted:
        lines += _capped(said, cell(said("md.suppressed")), accepted,
                         _cols(said, "Subscription", "Group", "Resource", "Verdict", "ReasonAccepted", "Expires",
                               "AcceptedBy"),
                         lambda e: [cell(subscription_name(subs, e.get("subscriptionId"))),
                                    cell(e.get("resourceGroup")), cell(e.get("name")), cell(e.get("verdict")),
                                    cell(e["suppression"]["reason"]),
                                    cell(e["suppression"]["expires"] or said("never")),
                                    cell(e["suppression"]["acceptedBy"])])
    lines += _baseline_lines(said, result.get("baseline"))
    return "\n".join(lines) + "\n"


def _baseline_lines(said, baseline):
    if not baseline:
        return []
    lines = ["", said("baseline", file=cell(baseline["file"]), entries=baseline["entries"],
                      suppressed=baseline["suppressed"])]
    lines += ["- " + said("baseline.expired", date=cell(e["expires"]), resource=cell(e["resource"]),
                          findings=e["findings"]) for e in baseline["expired"][:ROWS]]
    lines += ["- " + said("baseline.unmatched", resource=cell(e["resource"])) for e in baseline["unmatched"][:ROWS]]
    return lines
