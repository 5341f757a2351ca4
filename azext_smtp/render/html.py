"""One self-contained HTML report of a `check` result: the summary by subscription and verdict, then a table of every
judged resource with search and filters, and per resource its path drawn as inline SVG. The page loads nothing (a
Content-Security-Policy of default-src 'none' says so to the browser); links to Microsoft's docs are plain links.
Every remote string is written escaped: HTML-escaped here, as JSON text the script reads with textContent."""
import json
import re
from html import escape
from importlib import resources as package_files

from .judged import (STATUSES, catalog_actions, clean, counts, kind_of, resources, status, subscription_name,
                     subscriptions)


def _e(text) -> str:
    return escape(clean(text), quote=True)


def _link(url) -> str:
    url = clean(url)
    return f'<a href="{_e(url)}">{_e(url)}</a>' if url.startswith("https://") else _e(url)


def _table(header, rows) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _deciding(entry) -> str:
    """The name of what decides, from the first resource id in the evidence (the NSG, firewall or subnet)."""
    ids = [e for e in entry.get("evidence") or [] if str(e).startswith("/subscriptions/")]
    return clean(ids[0].rstrip("/").split("/")[-1]) if ids and entry.get("verdict") == "blocked" else ""


def _row(entry) -> dict:
    """What the page's script needs of an entry, under short keys (a 10,000-VM report stays a few MB)."""
    return {"i": clean(entry.get("id")), "n": clean(entry.get("name")), "g": clean(entry.get("resourceGroup")),
            "s": clean(entry.get("subscriptionId")), "k": clean(kind_of(entry)),
            "t": "other" if "service" in entry else "app" if "siteKind" in entry else "vm",
            "v": clean(entry.get("verdict")), "st": status(entry),
            "b": [clean(b) for b in entry.get("blockedBy") or []],
            "c": {clean(k): clean(v) for k, v in (entry.get("checks") or {}).items()},
            "r": [clean(r) for r in entry.get("reasons") or []], "e": [clean(e) for e in entry.get("evidence") or []],
            "a": [clean(a) for a in entry.get("actions") or []], "eg": clean(entry.get("egress")),
            "x": {k: clean(v) if v is not None else None for k, v in entry["suppression"].items()}
            if entry.get("suppression") else None, "deciding": _deciding(entry)}


def _data(result: dict) -> str:
    from azext_smtp.core.catalog import load_catalog
    subs = subscriptions(result)
    ids = list(subs) + [e["subscriptionId"] for e in resources(result) if e.get("subscriptionId") not in subs]
    data = {"subs": {clean(sid): subscription_name(subs, sid) for sid in dict.fromkeys(ids)},
            "actions": {k: {"text": clean(a["text"]), "command": clean(a["command"])}
                        for k, a in catalog_actions().items()},
            "blocksAs": {c.id: c.blocks_as for c in load_catalog().checks.values()},
            "rows": [_row(e) for e in resources(result)]}
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    # Inside <script>: no "</script>" or "<!--" can close or confuse it; JSON.parse reads the escapes back.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _summary(result: dict, meta: dict) -> str:
    subs = subscriptions(result)
    total, per = counts(result)
    judged = sum(total.values())
    cards = "".join(f'<div class="card" data-count="{s}"><b>{total[s]}</b>{s}</div>' for s in STATUSES)
    scope = result.get("scope") or {}
    engines = sorted({clean(s.get("engine")) for s in subs.values() if s.get("engine")})
    facts = [("Generated", f"{_e(meta.get('generatedAt'))} by {_e(meta.get('generatedBy'))} on "
                           f"{_e(meta.get('hostname'))}"),
             ("From", _e(meta.get("source"))),
             ("Scope", _e(f"{len(scope.get('subscriptions') or subs)} subscription(s)" +
                          (f", resource group {scope['resourceGroup']}" if scope.get("resourceGroup") else ""))),
             ("Engine", _e(", ".join(engines) or "not recorded")),
             ("Versions", _e(f"az smtp {meta.get('extensionVersion')}, az {meta.get('azVersion')}")),
             ("Rules edition", _e(result.get("rulesEdition")))]
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    sub_rows = []
    for sid, sub in subs.items():
        offer, policy = sub.get("offer") or {}, sub.get("policy") or {}
        sub_rows.append([f"{_e(subscription_name(subs, sid))}<br><code>{_e(sid)}</code>",
                         _e(offer.get("familyName") or offer.get("family")),
                         _e(f"{offer.get('confidence')}, settled by {offer.get('settledBy') or 'nothing'}"),
                         f"{_e(policy.get('ruleId'))}: {_e(policy.get('status'))}",
                         *(str(per.get(sid, {}).get(s, 0)) for s in STATUSES)])
    html = [f'<p class="meta">{judged} resource(s) judged for outbound TCP 25.</p>',
            f'<div class="cards" aria-label="Resources by verdict">{cards}</div>', f"<dl>{dl}</dl>",
            '<h2>By subscription</h2>',
            _table(["Subscription", "Offer", "How the offer was settled", "Rule", *STATUSES], sub_rows)]
    gaps = [[_e(subscription_name(subs, sid)), _e(g.get("what")), _e(g.get("reason")),
             f"<code>{_e(g.get('command'))}</code>"] for sid, sub in subs.items() for g in sub.get("unknowns") or []]
    if gaps:
        html += ["<h2>What could not be read</h2>",
                 _table(["Subscription", "What", "Why", "Command that settles it"], gaps)]
    return "\n".join(html)


def _after(result: dict) -> str:
    """The VNet follow-ups, the baseline's loose ends, and the rule edition with its sources."""
    subs = subscriptions(result)
    html = []
    vnets = [v for v in result.get("vnets") or [] if v.get("actions") or v.get("reasons")]
    if vnets:
        html += ["<h2>VNet follow-ups</h2>", _table(
            ["Subscription", "VNet", "Group", "Actions", "Temporary subnet", "Why"],
            [[_e(subscription_name(subs, v.get("subscriptionId"))), _e(v.get("name")), _e(v.get("resourceGroup")),
              _e(", ".join(v.get("actions") or [])), _e(v.get("tempSubnetPrefix")),
              _e("; ".join(v.get("reasons") or []))]
             for v in vnets])]
    baseline = result.get("baseline")
    if baseline:
        html += ["<h2>Baseline</h2>",
                 f"<p>{_e(baseline['file'])}: {baseline['entries']} entries, {baseline['suppressed']} finding(s) "
                 "suppressed.</p>"]
        items = [f"<li>Expired on {_e(e['expires'])}, counts again: <code>{_e(e['resource'])}</code> "
                 f"({e['findings']} finding(s)).</li>" for e in baseline["expired"]]
        items += [f"<li>Matches no finding: <code>{_e(e['resource'])}</code> ({_e(e['reason'])}).</li>"
                  for e in baseline["unmatched"]]
        html += [f"<ul>{''.join(items)}</ul>"] if items else []
    sources = sorted({(s.get("policy") or {}).get("source") for s in subs.values()} - {None})
    html += ["<h2>Rules and sources</h2>",
             f"<p>Rules edition {_e(result.get('rulesEdition'))} of Microsoft's article; see "
             "<code>az smtp rules</code> for every rule, check and action.</p>",
             "<ul>" + "".join(f"<li>{_link(s)}</li>" for s in sources) + "</ul>"]
    return "\n".join(html)


def render(result: dict, meta: dict) -> str:
    """`meta`: generatedAt, generatedBy, hostname, source, extensionVersion, azVersion."""
    template = package_files.files("azext_smtp.render").joinpath("report.html").read_text(encoding="utf-8")
    title = "az smtp report: outbound TCP 25"
    parts = {"@@TITLE@@": _e(title), "@@SUMMARY@@": _summary(result, meta), "@@AFTER@@": _after(result),
             "@@DATA@@": _data(result)}
    return re.sub("|".join(parts), lambda m: parts[m.group(0)], template)  # one pass: no text is read twice
