"""Shapes analysis results into the stable `az smtp` output contract (JSON keys are a scripting interface)."""
from typing import List

from .actions import describe
from .analyzer import VmAnalysis
from .model import Inventory
from .offer import Offer
from .policy import Policy
from .rules import Edition


def subscription_entry(inv: Inventory, offer: Offer, policy: Policy) -> dict:
    sub = inv.subscription
    return {
        "subscriptionId": sub.id,
        "displayName": sub.display_name,
        "state": sub.state,
        "resourceGroup": inv.resource_group,
        "offer": offer.to_dict(),
        "policy": policy.to_dict(),
        "unknowns": [g.to_dict() for g in inv.gaps],
    }


def vm_entry(analysis: VmAnalysis) -> dict:
    vm = analysis.vm
    return {
        "id": vm.id,
        "name": vm.name,
        "resourceGroup": vm.resource_group,
        "subscriptionId": vm.subscription_id,
        "kind": "scale-set-instance" if vm.scale_set_id else "vm",
        "scaleSet": vm.scale_set_id,
        "verdict": analysis.verdict,
        "blockedBy": analysis.blocked_by,
        "port25Flag": analysis.port25_flag,
        "egress": analysis.egress,
        "actions": analysis.actions,
        "reasons": analysis.reasons,
    }


def explanation(inv: Inventory, offer: Offer, policy: Policy, analysis: VmAnalysis) -> dict:
    """`explain-vm`: the VM entry of `check` plus its ordered steps and the one next action that matters most."""
    actions = analysis.actions
    return {
        **vm_entry(analysis),
        "subscription": subscription_entry(inv, offer, policy),
        "steps": [s.to_dict() for s in analysis.steps],
        "nextAction": describe(actions[0]) if actions else None,
    }


def vnet_entries(inv: Inventory) -> List[dict]:
    return [{"id": v.id, "name": v.name, "resourceGroup": v.resource_group, "subscriptionId": inv.subscription.id,
             "actions": []} for v in inv.vnets.values()]


def rule_entries(edition: Edition) -> List[dict]:
    common = {"edition": edition.edition, "published": edition.published, "reviewed": edition.reviewed,
              "source": edition.source}
    offers = [{"id": r.id, "kind": "offer", "title": r.title, "families": list(r.families), "status": r.status,
               "scope": r.scope, "wayOut": r.way_out, "actions": list(r.actions), **common}
              for r in edition.offer_rules]
    follow_ups = [{"id": r.id, "kind": "after-exemption", "title": r.title, "families": [], "status": None,
                   "scope": None, "wayOut": None, "actions": [r.action] if r.action else [], **common}
                  for r in edition.after_exemption]
    return offers + follow_ups
