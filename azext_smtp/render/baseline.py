"""Accepted findings (a baseline): a JSON or YAML file of resource ids or id globs, each with the reason it is
accepted, an optional expiry and who accepted it. A blocked or unknown resource it covers stays in the output,
marked `suppression` (active, or expired once the date has passed, when it counts again)."""
import fnmatch
import re
from datetime import date, datetime
from typing import Iterable, List, NamedTuple, Optional

from .judged import resources

FINDINGS = ("blocked", "unknown")
KEYS = {"resource", "reason", "expires", "acceptedBy"}
_SUBSCRIPTION_GLOB = re.compile(r"^[0-9a-fA-F-]{36}/")
HEADER = """\
# Accepted port-25 findings for `az smtp check|explain-vm|report --baseline FILE`.
# Each entry: resource (a resource id, or a glob: /subscriptions/SUB/* or
# /subscriptions/SUB/resourceGroups/GROUP-GLOB/*), reason (why it is accepted), and optionally
# expires (YYYY-MM-DD: from the day after, the finding counts again) and acceptedBy.
# Remove the entries you do not accept; an entry that matches no finding is reported.
"""


class BaselineError(ValueError):
    """The baseline file cannot be used: what is wrong and where."""


class Accepted(NamedTuple):
    resource: str
    reason: str
    expires: Optional[date]
    accepted_by: Optional[str]

    def matches(self, resource_id: str) -> bool:
        pattern = self.resource.lower()
        if _SUBSCRIPTION_GLOB.match(pattern):  # SUBSCRIPTION_ID/* for /subscriptions/SUBSCRIPTION_ID/*
            pattern = "/subscriptions/" + pattern
        return fnmatch.fnmatchcase((resource_id or "").lower(), pattern)

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires


def _date(value, where: str) -> Optional[date]:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise BaselineError(f"{where}: expires '{value}' is not a date (YYYY-MM-DD).") from err


def _entry(item, where: str) -> Accepted:
    if not isinstance(item, dict):
        raise BaselineError(f"{where} is not a mapping with resource and reason.")
    unknown = sorted(set(item) - KEYS)
    if unknown:
        raise BaselineError(f"{where}: unknown key(s) {', '.join(map(str, unknown))} (known: "
                            f"{', '.join(sorted(KEYS))}).")
    for key in ("resource", "reason"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise BaselineError(f"{where}: '{key}' is missing or empty.")
    by = item.get("acceptedBy")
    return Accepted(item["resource"].strip(), item["reason"].strip(), _date(item.get("expires"), where),
                    None if by is None else str(by))


def parse(text: str) -> List[Accepted]:
    """The entries of a baseline file's text (YAML, of which JSON is a subset): a mapping with `accepted`, or the
    list of entries itself."""
    import yaml
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise BaselineError(f"not valid YAML or JSON: {err}".replace("\n", " ")) from err
    if isinstance(data, dict):
        if set(data) - {"accepted"}:
            raise BaselineError(f"unknown top-level key(s) {', '.join(sorted(map(str, set(data) - {'accepted'})))}"
                                " (expected: accepted).")
        data = data.get("accepted")
    if data is None:
        return []
    if not isinstance(data, list):
        raise BaselineError("'accepted' must be a list of entries.")
    return [_entry(item, f"entry {i}") for i, item in enumerate(data, 1)]


def _suppression(accepted: Accepted, today: date) -> dict:
    return {"status": "expired" if accepted.expired(today) else "active", "reason": accepted.reason,
            "expires": accepted.expires.isoformat() if accepted.expires else None,
            "acceptedBy": accepted.accepted_by, "entry": accepted.resource}


def mark(entries: Iterable[dict], accepted: List[Accepted], today: date) -> List[int]:
    """Mark each blocked or unknown entry the first matching accepted entry covers; how many findings each covers."""
    used = [0] * len(accepted)
    for entry in entries:
        if entry.get("verdict") not in FINDINGS:
            continue
        index = next((i for i, a in enumerate(accepted) if a.matches(entry.get("id"))), None)
        if index is not None:
            entry["suppression"] = _suppression(accepted[index], today)
            used[index] += 1
    return used


def apply(result: dict, accepted: List[Accepted], today: date, file: str) -> dict:
    """Mark a `check` result's findings and add `baseline`: the file, the active suppressions, the expired entries
    (whose findings count again) and the entries that match no finding."""
    used = mark(resources(result), accepted, today)
    result["baseline"] = {
        "file": file,
        "entries": len(accepted),
        "suppressed": sum(1 for e in resources(result) if (e.get("suppression") or {}).get("status") == "active"),
        "expired": [{"resource": a.resource, "expires": a.expires.isoformat(), "reason": a.reason, "findings": n}
                    for a, n in zip(accepted, used) if n and a.expired(today)],
        "unmatched": [{"resource": a.resource, "reason": a.reason} for a, n in zip(accepted, used) if not n],
    }
    return result


def create(result: dict, accepted_by: Optional[str], today: date) -> str:
    """A baseline (YAML) accepting today's blocked and unknown findings, for a team to edit."""
    import yaml
    entries = [{"resource": e["id"],
                "reason": f"{e['verdict']} on {today.isoformat()}: {(e.get('reasons') or ['no reason given'])[0]}",
                **({"acceptedBy": accepted_by} if accepted_by else {})}
               for e in resources(result) if e.get("verdict") in FINDINGS]
    return HEADER + yaml.safe_dump({"accepted": entries}, sort_keys=False, allow_unicode=True, width=100)
