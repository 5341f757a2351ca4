"""One self-contained HTML report of a `check` result: the summary by subscription and verdict, then a table of every
judged resource with search and filters, and per resource its path drawn as inline SVG. The page loads nothing (a
Content-Security-Policy of default-src 'none' says so to the browser); links to Microsoft's docs are plain links.
Every remote string is written escaped: HTML-escaped here, as JSON text the script reads with textContent."""
import json
import re
from html import escape
from importlib import resources as package_files

from azext_smtp.core.i18n import fmt, link

from .judged import (STATUSES, catalog_actions, clean, counts, kind_of, moment, resources, speaker, status,
                     subscription_name, subscriptions)

# The page's own words (report.html's @@key@@), and those its script shows (data.words), by message id report.<key>
PAGE = ("html.resources", "html.open", "html.search", "html.search-hint", "html.all", "html.noscript",
        "col.Subscription", "col.Group", "col.Name", "col.Kind", "col.Verdict", "col.BlockedBy", "col.Reason",
        "result.pass", "result.fail", "result.unknown", "result.info", "result.none")
WORDS = ("never", "unnamed", *(f"status.{s}" for s in STATUSES),
         *(f"result.{r}" for r in ("pass", "fail", "unknown", "info", "none")),
         *(f"hop.{h}" for h in ("App", "VNet integration", "Route all", "Subnet NSG", "Route", "Outbound TCP 25", "VM",
                                "Instance", "NIC NSG", "Azure Firewall", "Outbound", "Internet :25", "platform")),
         *(f"js.{j}" for j in ("path", "then", "decides-mark", "blocks-here", "decides", "why", "evidence", "checks",
                               "next", "other", "accepted", "expired", "acceptance", "more", "showing",
                               "showing-matching")))


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


def _data(result: dict, said, language: str) -> str:
    from azext_smtp.core.catalog import load_catalog
    subs = subscriptions(result)
    ids = list(subs) + [e["subscriptionId"] for e in resources(result) if e.get("subscriptionId") not in subs]
    data = {"subs": {clean(sid): subscription_name(subs, sid) for sid in dict.fromkeys(ids)},
            "actions": {k: {"text": clean(a["text"]), "command": clean(a["command"])}
                        for k, a in catalog_actions(language).items()},
            "blocksAs": {c.id: c.blocks_as for c in load_catalog().checks.values()},
            "words": {key: said(key) for key in WORDS},
            "rows": [_row(e) for e in resources(result)]}
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    # Inside <script>: no "</script>" or "<!--" can close or confuse it; JSON.parse reads the escapes back.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _summary(result: dict, meta: dict, said, language: str) -> str:
    subs = subscriptions(result)
    total, per = counts(result)
    judged = sum(total.values())
    cards = "".join(f'<div class="card" data-count="{s}"><b>{fmt(total[s], language)}</b>'
                    f'{_e(said("status." + s))}</div>' for s in STATUSES)
    scope = result.get("scope") or {}
    engines = sorted({clean(s.get("engine")) for s in subs.values() if s.get("engine")})
    group = said("html.scope-group", group=clean(scope["resourceGroup"])) if scope.get("resourceGroup") else ""
    facts = [("Generated", _e(said("html.generated", at=moment(meta.get("generatedAt")),
                                   by=clean(meta.get("generatedBy")), host=clean(meta.get("hostname"))))),
             ("From", _e(meta.get("source"))),
             ("Scope", _e(said("html.scope", count=len(scope.get("subscriptions") or subs), group=group))),
             ("Engine", _e(", ".join(engines) or said("html.not-recorded"))),
             ("Versions", _e(f"az smtp {meta.get('extensionVersion')}, az {meta.get('azVersion')}")),
             ("Edition", _e(result.get("rulesEdition")))]
    dl = "".join(f"<dt>{_e(said('html.' + k))}</dt><dd>{v}</dd>" for k, v in facts)
    sub_rows = []
    for sid, sub in subs.items():
        offer, policy = sub.get("offer") or {}, sub.get("policy") or {}
        sub_rows.append([f"{_e(subscription_name(subs, sid))}<br><code>{_e(sid)}</code>",
                         _e(offer.get("familyName") or offer.get("family")),
                         _e(said("html.settled", confidence=clean(offer.get("confidence")),
                                 by=clean(offer.get("settledBy")) or said("nothing"))),
                         f"{_e(policy.get('ruleId'))}: {_e(policy.get('status'))}",
                         *(str(per.get(sid, {}).get(s, 0)) for s in STATUSES)])
    html = [f'<p class="meta">{_e(said("html.judged", count=judged))}</p>',
            f'<div class="cards" aria-label="{_e(said("html.by-verdict"))}">{cards}</div>', f"<dl>{dl}</dl>",
            f'<h2>{_e(said("html.by-subscription"))}</h2>',
            _table([said("col." + c) for c in ("Subscription", "Offer", "Settled", "Rule")] +
                   [said("status." + s) for s in STATUSES], sub_rows)]
    gaps = [[_e(subscription_name(subs, sid)), _e(g.get("what")), _e(g.get("reason")),
             f"<code>{_e(g.get('command'))}</code>"] for sid, sub in subs.items() for g in sub.get("unknowns") or []]
    if gaps:
        html += [f"<h2>{_e(said('html.unread'))}</h2>",
                 _table([said("col." + c) for c in ("Subscription", "What", "Why", "Settles")], gaps)]
    return "\n".join(html)


def _after(result: dict, said, language: str) -> str:
    """The VNet follow-ups, the baseline's loose ends, and the rule edition with its sources. Sentences that hold
    markup get their arguments escaped (and marked up) here; their templates hold no markup (test_i18n)."""
    subs = subscriptions(result)
    html = []
    vnets = [v for v in result.get("vnets") or [] if v.get("actions") or v.get("reasons")]
    if vnets:
        html += [f"<h2>{_e(said('html.vnets'))}</h2>", _table(
            [said("col." + c) for c in ("Subscription", "VNet", "Group", "Actions", "TempSubnet", "Why")],
            [[_e(subscription_name(subs, v.get("subscriptionId"))), _e(v.get("name")), _e(v.get("resourceGroup")),
              _e(", ".join(v.get("actions") or [])), _e(v.get("tempSubnetPrefix")),
              _e("; ".join(v.get("reasons") or []))]
             for v in vnets])]
    baseline = result.get("baseline")
    if baseline:
        html += [f"<h2>{_e(said('html.baseline'))}</h2>",
                 "<p>" + said("baseline", file=_e(baseline["file"]), entries=baseline["entries"],
                              suppressed=baseline["suppressed"]) + "</p>"]
        items = ["<li>" + said("baseline.expired", date=_e(e["expires"]), resource=f"<code>{_e(e['resource'])}</code>",
                               findings=e["findings"]) + "</li>" for e in baseline["expired"]]
        items += ["<li>" + said("baseline.unmatched-why", resource=f"<code>{_e(e['resource'])}</code>",
                                reason=_e(e["reason"])) + "</li>" for e in baseline["unmatched"]]
        html += [f"<ul>{''.join(items)}</ul>"] if items else []
    sources = sorted(link(source, language) for source in
                     {(s.get("policy") or {}).get("source") for s in subs.values()} - {None, ""})
    html += [f"<h2>{_e(said('html.sources'))}</h2>",
             "<p>" + said("html.edition", edition=_e(result.get("rulesEdition")),
                          command="<code>az smtp rules</code>") + "</p>",
             "<ul>" + "".join(f"<li>{_link(s)}</li>" for s in sources) + "</ul>"]
    return "\n".join(html)


def render(result: dict, meta: dict, language: str = "en") -> str:
    """`meta`: generatedAt, generatedBy, hostname, source, extensionVersion, azVersion. The page speaks `language`
    (en, tr, de): <html lang>, headings, labels, status words, the path pictures' words and doc links; the filters'
    values and the rows' data attributes stay the ids."""
    said = speaker(language)
    template = package_files.files("azext_smtp.render").joinpath("report.html").read_text(encoding="utf-8")
    parts = {"@@LANG@@": language, "@@TITLE@@": _e(said("html.title")),
             "@@SUMMARY@@": _summary(result, meta, said, language), "@@AFTER@@": _after(result, said, language),
             "@@DATA@@": _data(result, said, language),
             **{f"@@{key}@@": _e(said(key)) for key in PAGE}}
    return re.sub("|".join(map(re.escape, parts)), lambda m: parts[m.group(0)], template)  # one pass: none read twice
