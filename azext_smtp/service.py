"""Orchestration: collect each subscription, apply the rules, build the report."""
from typing import Iterable, Optional

from . import collector, report
from .analyzer import analyze_vm
from .offer import classify
from .policy import subscription_policy
from .rules import CURRENT_EDITION, load_edition


def judge(inv, edition):
    """Pure part of `check` for one inventory: offer, subscription policy, VM analyses."""
    offer = classify(inv.subscription.quota_id, inv.subscription.billing)
    flags = {n.id: n.allow_port25_out for n in inv.nics.values()}
    policy = subscription_policy(offer, edition, flags)
    return offer, policy, [analyze_vm(vm, inv, policy) for vm in inv.vms]


def run_check(clients, subscription_ids: Iterable[str], resource_group: Optional[str] = None,
              edition_name: str = CURRENT_EDITION) -> dict:
    edition = load_edition(edition_name)
    result = {"rulesEdition": edition.edition, "subscriptions": [], "vms": [], "vnets": []}
    for sub_id in subscription_ids:
        inv = collector.collect(clients, sub_id, resource_group)
        offer, policy, analyses = judge(inv, edition)
        result["subscriptions"].append(report.subscription_entry(inv, offer, policy))
        result["vms"] += [report.vm_entry(a) for a in analyses]
        result["vnets"] += report.vnet_entries(inv)
    return result
