"""What every renderer reads from a `check` result: its judged resources (VMs and scale-set instances, apps, other
PaaS) with their subscription, and each one's status once a baseline has been applied."""
import re
from collections import Counter
from typing import Iterator, List, Tuple

KEYS = ("vms", "apps", "others")
STATUSES = ("blocked", "unknown", "suppressed", "allowed")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text) -> str:
    """A remote string (a resource name, a tag, a message) without control characters; '' for None."""
    return _CONTROL.sub("", "" if text is None else str(text))


def resources(result: dict) -> Iterator[dict]:
    """Every judged entry of the result, VMs first, then apps, then other PaaS."""
    for key in KEYS:
        yield from result.get(key) or []


def kind_of(entry: dict) -> str:
    return entry.get("service") or entry.get("kind") or "resource"


def suppressed(entry: dict) -> bool:
    """Whether an accepted finding in the baseline (not expired) covers the entry."""
    return (entry.get("suppression") or {}).get("status") == "active"


def status(entry: dict) -> str:
    """blocked, unknown or allowed as judged, or suppressed when an active baseline entry accepts the finding."""
    return "suppressed" if suppressed(entry) else entry.get("verdict") or "unknown"


def subscriptions(result: dict) -> dict:
    """The result's subscriptions by id."""
    return {s["subscriptionId"]: s for s in result.get("subscriptions") or []}


def subscription_name(subs: dict, subscription_id: str) -> str:
    sub = subs.get(subscription_id) or {}
    return clean(sub.get("displayName") or subscription_id)


def counts(result: dict) -> Tuple[Counter, dict]:
    """How many resources have each status, overall and per subscription id."""
    total, per = Counter(), {}
    for entry in resources(result):
        total[status(entry)] += 1
        per.setdefault(entry.get("subscriptionId"), Counter())[status(entry)] += 1
    return total, per


def next_action(entry: dict, actions: dict) -> Tuple[str, str]:
    """The first action of the entry as (text, command) from the catalog's actions by id."""
    ids: List[str] = entry.get("actions") or []
    if not ids:
        return "", ""
    action = actions.get(ids[0]) or {}
    return action.get("text") or ids[0], action.get("command") or ""


def speaker(language: str):
    """`said(key, **args)`: the report's sentence `report.<key>` in `language` (en, tr, de); its arguments are
    formatted the language's way (lists, numbers, moments)."""
    from azext_smtp.core.i18n import message, say

    def said(key: str, **args) -> str:
        return say(message(f"report.{key}", **args), language)
    return said


def moment(iso):
    """An ISO 8601 time (meta's generatedAt) as a datetime, for a sentence to write the language's way."""
    from datetime import datetime
    try:
        return datetime.fromisoformat(str(iso))
    except ValueError:
        return clean(iso)


def catalog_actions(language: str = "en") -> dict:
    """The catalog's actions by id, shaped as `az smtp rules --kind action` shows them."""
    from azext_smtp.core.catalog import load_catalog
    from azext_smtp.report import action_entry
    from azext_smtp.core.i18n import say
    return {a.id: say(action_entry(a), language) for a in load_catalog().actions.values()}
