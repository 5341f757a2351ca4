"""JUnit XML of a `check` result for CI test tabs (Azure Pipelines' PublishTestResults, GitHub test reporters):
one test suite per subscription, one test case per judged resource. Blocked is a failure with the reason and the
next action, unknown is skipped with what is unknown, allowed passes, and a finding the baseline accepts passes
too, its reason in the suite's system-out (the Ant JUnit schema Azure Pipelines reads gives a test case no room
for text unless it fails, errs or is skipped)."""
import xml.etree.ElementTree as ET

from .judged import catalog_actions, clean, kind_of, next_action, resources, status, subscriptions


def _details(entry, actions) -> str:
    text, command = next_action(entry, actions)
    lines = [f"{kind_of(entry)} {entry.get('id')}", *(f"Reason: {r}" for r in entry.get("reasons") or [])]
    lines += [f"Evidence: {e}" for e in entry.get("evidence") or []]
    lines += [f"Next action: {text}"] if text else []
    lines += [f"Command: {command}"] if command else []
    expired = entry.get("suppression")
    if expired:  # only an expired acceptance reaches a failure or a skip
        lines.append(f"Accepted in the baseline until {expired['expires']} ({expired['reason']}): expired, "
                     "so it counts again.")
    return clean("\n".join(lines))


def _suite(index, sub, entries, meta, actions):
    name = clean(sub.get("displayName") or sub["subscriptionId"]) or "subscription"
    failures = sum(1 for e in entries if status(e) == "blocked")
    skipped = sum(1 for e in entries if status(e) == "unknown")
    suite = ET.Element("testsuite", {
        "name": name, "package": "az smtp", "id": str(index), "timestamp": meta["timestamp"],
        "hostname": clean(meta.get("hostname")) or "localhost", "tests": str(len(entries)),
        "failures": str(failures), "errors": "0", "skipped": str(skipped), "time": "0"})
    props = ET.SubElement(suite, "properties")
    for key, value in (("subscriptionId", sub.get("subscriptionId")),
                       ("offer", (sub.get("offer") or {}).get("family")),
                       ("policy", (sub.get("policy") or {}).get("status")),
                       ("rulesEdition", meta.get("rulesEdition")), ("extensionVersion", meta.get("extensionVersion"))):
        ET.SubElement(props, "property", {"name": key, "value": clean(value)})
    out = []
    for entry in entries:
        case = ET.SubElement(suite, "testcase", {"classname": name, "time": "0",
                                                 "name": clean(f"{entry.get('resourceGroup')}/{entry.get('name')}")})
        first = clean((entry.get("reasons") or [""])[0])
        if status(entry) == "blocked":
            failure = ET.SubElement(case, "failure", {"type": clean(", ".join(entry.get("blockedBy") or [])) or
                                                      "blocked", "message": first or "blocked"})
            failure.text = _details(entry, actions)
        elif status(entry) == "unknown":
            skip = ET.SubElement(case, "skipped", {"message": first or "verdict unknown"})
            skip.text = _details(entry, actions)
        elif status(entry) == "suppressed":
            accepted = entry["suppression"]
            out.append(clean(f"SUPPRESSED {entry.get('resourceGroup')}/{entry.get('name')} ({entry.get('verdict')}): "
                             f"{accepted['reason']} (accepted by {accepted['acceptedBy'] or 'unnamed'}, expires "
                             f"{accepted['expires'] or 'never'})"))
    ET.SubElement(suite, "system-out").text = "\n".join(out)
    ET.SubElement(suite, "system-err").text = ""
    return suite


def render(result: dict, meta: dict, language: str = "en") -> str:
    """`meta`: timestamp (YYYY-MM-DDTHH:MM:SS, no zone, as the schema wants it), hostname, rulesEdition,
    extensionVersion. `language` says the catalog's next actions in en, tr or de; the reasons are the result's own
    texts; the labels (Reason:, Evidence:, SUPPRESSED) stay English, as CI log searches and parsers expect."""
    subs = subscriptions(result)
    by_sub = {}
    for entry in resources(result):
        by_sub.setdefault(entry.get("subscriptionId"), []).append(entry)
    root = ET.Element("testsuites")
    actions = catalog_actions(language)
    for index, sid in enumerate(list(subs) + [s for s in by_sub if s not in subs]):
        root.append(_suite(index, subs.get(sid) or {"subscriptionId": sid}, by_sub.get(sid, []), meta, actions))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
