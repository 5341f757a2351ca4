"""Orchestration: collect each subscription, apply the rules, build the report."""
from datetime import datetime
from typing import Iterable, Optional

from . import report
from .collect import reader
from .core.checks import analyze_vm
from .core.editions import CURRENT_EDITION, load_edition
from .core.offer import classify
from .core.policy import subscription_policy


class VmNotFound(Exception):
    """The VM asked for is not in the subscription (or not visible to the caller)."""


def judge(inv, edition, destination=None, exempted_at=None):
    """Pure part of `check` for one inventory: offer, subscription policy, VM analyses."""
    offer = classify(inv.subscription.quota_id, inv.subscription.billing)
    flags = {n.id: n.allow_port25_out for n in inv.nics.values()}
    policy = subscription_policy(offer, edition, flags, exempted_at)
    return offer, policy, [analyze_vm(vm, inv, policy, destination) for vm in inv.vms]


def run_check(clients, subscription_ids: Iterable[str], resource_group: Optional[str] = None,
              edition_name: str = CURRENT_EDITION, destination: Optional[str] = None,
              exempted_at: Optional[datetime] = None) -> dict:
    edition = load_edition(edition_name)
    result = {"rulesEdition": edition.edition, "subscriptions": [], "vms": [], "vnets": []}
    for sub_id in subscription_ids:
        inv = reader.collect(clients, sub_id, resource_group, exempted_at)
        offer, policy, analyses = judge(inv, edition, destination, exempted_at)
        result["subscriptions"].append(report.subscription_entry(inv, offer, policy))
        result["vms"] += [report.vm_entry(a) for a in analyses]
        result["vnets"] += report.vnet_entries(inv, policy)
    return result


def explain_vm(clients, subscription_id: str, vm_id: Optional[str] = None, resource_group: Optional[str] = None,
               name: Optional[str] = None, edition_name: str = CURRENT_EDITION,
               destination: Optional[str] = None, exempted_at: Optional[datetime] = None) -> dict:
    """Every check for one VM or scale-set instance (by id, or by group and name), in order.

    It reads the whole subscription like `check`, so its verdict is the one `check` gives.
    """
    inv = reader.collect(clients, subscription_id, exempted_at=exempted_at)
    offer, policy, analyses = judge(inv, load_edition(edition_name), destination, exempted_at)

    def wanted(vm):
        if vm_id:
            return vm.id.lower() == vm_id.lower()
        return vm.name.lower() == name.lower() and (vm.resource_group or "").lower() == resource_group.lower()
    analysis = next((a for a in analyses if wanted(a.vm)), None)
    if analysis is None:
        raise VmNotFound(vm_id or f"{name} in resource group {resource_group}")
    return report.explanation(inv, offer, policy, analysis)
