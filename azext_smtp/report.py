"""Shapes analysis results into the stable `az smtp` output contract (JSON keys are a scripting interface)."""
from typing import List

from .actions import describe
from .core.checks import VmAnalysis
from .core.editions import Edition
from .core.exemption import vnet_followup
from .core.model import Inventory
from .core.offer import Offer
from .core.policy import Policy


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
        "powerState": vm.power_state,
        "timeCreated": vm.time_created.isoformat() if vm.time_created else None,
        "egress": analysis.egress,
        "actions": analysis.actions,
        "reasons": analysis.reasons,
        "evidence": analysis.evidence,
        "checks": analysis.checks,
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


def vnet_entries(inv: Inventory, policy: Policy) -> List[dict]:
    """Every VNet; after an exemption, those with delegated subnets say whether the temporary subnet is due."""
    entries = []
    in_scope = [v for v in inv.vnets.values()
                if not inv.resource_group or (v.resource_group or "").lower() == inv.resource_group.lower()]
    for vnet in in_scope:
        follow = vnet_followup(vnet, inv, policy.exempted_at) if policy.status == "exempted" else None
        entries.append({
            "id": vnet.id, "name": vnet.name, "resourceGroup": vnet.resource_group,
            "subscriptionId": inv.subscription.id,
            "addressSpace": list(vnet.address_space),
            "delegatedSubnets": [{"name": s.name, "id": s.id, "serviceNames": list(s.delegations)}
                                 for s in (follow.delegated if follow else [])],
            "actions": ["add-remove-temp-subnet"] if follow and follow.needed else [],
            "tempSubnetPrefix": follow.temp_prefix if follow and follow.needed else None,
            "reasons": [follow.reason] if follow else [],
        })
    return entries


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
