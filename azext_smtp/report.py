"""The output contract: the only place domain objects become JSON (keys are a scripting interface).

`check`, `explain-vm`, `rules` and `complete-exemption` are shaped here; `_format.py` only turns
these dicts into table rows.
"""
from typing import List, Optional

from .core.apps import AppVerdict, PaasVerdict
from .core.catalog import Action, Catalog, Check, load_catalog
from .core.checks import CheckResult
from .core.editions import Edition
from .core.i18n import message, say
from .core.judge import SubscriptionVerdict, VmVerdict, VnetVerdict
from .core.model import Gap, Inventory
from .core.offer import Offer, OfferEvidence
from .core.plan import PlanItem
from .core.policy import Policy
from .core.vocabulary import ActionId

RULE_KINDS = ("rule", "check", "action")


def localized(result, language: Optional[str]):
    """A command's result with every text said in `language` (en, tr, de): titles, reasons, details, next actions,
    warnings and doc links change; keys, ids, verdicts and other enum values never do (scripts keep working)."""
    return say(result, language or "en")


def _time(moment) -> Optional[str]:
    return moment.isoformat() if moment else None


def gap_entry(gap: Gap) -> dict:
    return {"what": gap.what, "reason": gap.reason, "status": gap.status, "command": gap.command}


def offer_entry(offer: Offer) -> dict:
    billing = offer.billing
    return {
        "family": offer.family,
        "familyName": load_catalog().offers.family_names.get(offer.family, offer.family),
        "quotaId": offer.quota_id,
        "agreementType": billing.agreement_type if billing else None,
        "accountType": billing.account_type if billing else None,
        "accountSubType": billing.account_sub_type if billing else None,
        "workloadType": billing.workload_type if billing else None,
        "confidence": offer.confidence,
        "candidates": list(offer.candidates),
        "basis": offer.basis,
        "settledBy": offer.settled_by,
        "evidence": [_offer_evidence_entry(e) for e in offer.evidence],
        "conflicts": [_offer_evidence_entry(e) for e in offer.conflicts],
    }


def _offer_evidence_entry(evidence: OfferEvidence) -> dict:
    return {"source": evidence.source, "says": list(evidence.families), "strength": evidence.strength,
            "detail": evidence.detail}


def policy_entry(policy: Policy) -> dict:
    return {
        "status": policy.status,
        "ruleId": policy.rule_id,
        "edition": policy.edition.edition,
        "source": policy.edition.source,
        "wayOut": policy.way_out,
        "actions": list(policy.actions),
        "candidateRules": dict(policy.candidate_rules),
        "exemptedAt": _time(policy.exempted_at),
        "exemptionInferred": policy.exemption_inferred,
        "evidence": [{"kind": e.kind, "detail": e.detail, "resource": e.resource} for e in policy.evidence],
    }


def subscription_entry(verdict: SubscriptionVerdict) -> dict:
    inv = verdict.inventory
    return {
        "subscriptionId": inv.subscription.id,
        "displayName": inv.subscription.display_name,
        "state": inv.subscription.state,
        "resourceGroup": inv.resource_group,
        "offer": offer_entry(verdict.offer),
        "policy": policy_entry(verdict.policy),
        "unknowns": [gap_entry(g) for g in inv.gaps],
        "warnings": verdict.warnings,
    }


def engine_entry(inv: Inventory) -> dict:
    """What read the subscription's resource lists (`check` only: explain-vm always reads with ARM)."""
    return {"engine": inv.engine, "engineNote": inv.engine_note}


def _identity(resource) -> dict:
    """Which resource an entry (VM, app, other PaaS) is about, under the same keys."""
    return {"id": resource.id, "name": resource.name, "resourceGroup": resource.resource_group,
            "subscriptionId": resource.subscription_id}


def _outcome(verdict) -> dict:
    """What every judged resource's entry (VM, app, other PaaS) says of its verdict, under the same keys."""
    return {"verdict": verdict.verdict, "blockedBy": verdict.blocked_by, "actions": verdict.actions,
            "reasons": verdict.reasons, "evidence": verdict.evidence,
            "checks": {str(r.check): r.result for r in verdict.results}}


def vm_entry(verdict: VmVerdict) -> dict:
    vm = verdict.vm
    return {
        **_identity(vm),
        "kind": vm.kind,
        "scaleSet": vm.scale_set_id,
        "platformBasis": verdict.results[0].basis,
        "port25Flag": verdict.port25_flag,
        "powerState": vm.power_state,
        "timeCreated": _time(vm.time_created),
        "egress": verdict.egress,
        **_outcome(verdict),
    }


def app_entry(verdict: AppVerdict) -> dict:
    """An app or slot, keyed like a VM entry where the meaning is the same."""
    app = verdict.app
    return {
        **_identity(app),
        "kind": app.kind,
        "siteKind": app.site_kind,
        "site": app.site_id,
        "plan": app.plan_id,
        "hostingEnvironment": app.hosting_environment_id,
        "subnet": verdict.subnet_id,
        "vnetSubscription": verdict.vnet_subscription_id,  # whose setting decides port 25 for the app
        "routeAll": app.route_all,
        "egress": verdict.egress,
        **_outcome(verdict),
    }


def other_entry(verdict: PaasVerdict) -> dict:
    res = verdict.resource
    return {**_identity(res), "type": res.type, "service": verdict.service, **_outcome(verdict)}


def vnet_entry(subscription_id: str, verdict: VnetVerdict) -> dict:
    vnet, follow = verdict.vnet, verdict.follow_up
    return {
        "id": vnet.id, "name": vnet.name, "resourceGroup": vnet.resource_group,
        "subscriptionId": subscription_id,
        "addressSpace": list(vnet.address_space),
        "delegatedSubnets": [{"name": s.name, "id": s.id, "serviceNames": list(s.delegations)}
                             for s in (follow.delegated if follow else [])],
        "actions": [ActionId.ADD_REMOVE_TEMP_SUBNET] if verdict.needs_temp_subnet else [],
        "tempSubnetPrefix": follow.temp_prefix if verdict.needs_temp_subnet else None,
        "reasons": [follow.reason] if follow else [],
    }


def scope_entry(subscription_ids: List[str], resource_group: Optional[str], group_from: Optional[str]) -> dict:
    """What was judged: the subscriptions, the resource group (None: all) and where the group came from
    (`argument`, or `default` when it is az's configured default group)."""
    return {"subscriptions": list(subscription_ids), "resourceGroup": resource_group,
            "resourceGroupFrom": group_from if resource_group else None}


def check_output(edition: Edition, verdicts: List[SubscriptionVerdict], scope: dict) -> dict:
    """`az smtp check`."""
    return {
        "rulesEdition": edition.edition,
        "scope": scope,
        "subscriptions": [{**subscription_entry(v), **engine_entry(v.inventory)} for v in verdicts],
        "vms": [vm_entry(vm) for v in verdicts for vm in v.vms],
        "vnets": [vnet_entry(v.inventory.subscription.id, n) for v in verdicts for n in v.vnets],
        "apps": [app_entry(a) for v in verdicts for a in v.apps],
        "others": [other_entry(o) for v in verdicts for o in v.others],
    }


def action_entry(action: Action) -> dict:
    return {"id": action.id, "kind": "action", "title": action.title, "text": action.text, "source": action.source,
            "command": action.command}


def _result_entry(result: CheckResult, policy: Policy, catalog: Catalog) -> dict:
    check = catalog.check(result.check)
    edition = policy.edition
    source = message("step.source.rule", source=edition.source, edition=edition.edition) if result.rule_id \
        else check.source
    return {"check": result.check, "title": check.title, "result": result.result, "detail": result.detail,
            "evidence": list(result.evidence), "ruleId": result.rule_id, "source": source}


def explanation(subscription: SubscriptionVerdict, verdict: VmVerdict) -> dict:
    """`explain-vm`: the VM entry of `check` plus its ordered steps and the one next action that matters most."""
    return _steps(subscription, verdict, vm_entry(verdict))


def app_explanation(subscription: SubscriptionVerdict, verdict: AppVerdict) -> dict:
    """`explain-app`: the app entry of `check` plus its ordered steps and the one next action that matters most."""
    return _steps(subscription, verdict, app_entry(verdict))


def _steps(subscription: SubscriptionVerdict, verdict, entry: dict) -> dict:
    catalog = load_catalog()
    actions = verdict.actions
    return {
        **entry,
        "subscription": subscription_entry(subscription),
        "steps": [_result_entry(r, subscription.policy, catalog) for r in verdict.results],
        "nextAction": action_entry(catalog.action(actions[0])) if actions else None,
    }


def _check_entry(check: Check) -> dict:
    return {"id": check.id, "kind": "check", "title": check.title, "examines": check.examines,
            "blocksAs": check.blocks_as, "source": check.source, "remediation": check.remediation}


def _rule_entries(edition: Edition) -> List[dict]:
    common = {"edition": edition.edition, "published": edition.published, "reviewed": edition.reviewed,
              "source": edition.source, "sourceCommit": edition.commit}
    offers = [{"id": r.id, "kind": "offer", "title": r.title, "families": list(r.families), "status": r.status,
               "scope": r.scope, "wayOut": r.way_out, "actions": list(r.actions), **common}
              for r in edition.offer_rules]
    follow_ups = [{"id": r.id, "kind": kind, "title": r.title, "families": [], "status": None,
                   "scope": None, "wayOut": None, "actions": [r.action] if r.action else [], **common}
                  for kind, rules in (("after-exemption", edition.after_exemption), ("service", edition.service_rules))
                  for r in rules]
    return offers + follow_ups


def rules_output(edition: Edition, kind: Optional[str] = None) -> List[dict]:
    """`az smtp rules`: the edition's documented rules, then the catalog's checks and actions."""
    catalog = load_catalog()
    entries = {"rule": _rule_entries(edition),
               "check": [_check_entry(c) for c in catalog.checks.values()],
               "action": [action_entry(a) for a in catalog.actions.values()]}
    return [e for k in RULE_KINDS if kind in (None, k) for e in entries[k]]


def plan_entry(item: PlanItem) -> dict:
    return {"resource": item.resource, "name": item.name, "kind": item.kind, "operations": list(item.operations),
            "reason": item.reason, "tempPrefix": item.temp_prefix, "status": item.status}


def completion_output(summary) -> dict:
    """`az smtp complete-exemption`: the plan, what was carried out, and one sentence saying where it stands."""
    return {"dryRun": summary.dry_run, "exemptedAt": _time(summary.exempted_at), "policy": summary.policy_status,
            "plan": [plan_entry(p) for p in summary.plan],
            "results": [{"resource": o.item.resource, "name": o.item.name, "kind": o.item.kind, "status": o.status,
                         "error": o.error,
                         "steps": [{"operation": st.operation, "status": st.status, "error": st.error}
                                   for st in o.steps],
                         "leftIn": o.left, "finishWith": o.command} for o in summary.outcomes],
            "warnings": list(summary.warnings),
            "message": summary.message}


def probe_output(verdict: VmVerdict, command_id: str, script: List[str], results: list, agreement) -> dict:
    """`az smtp probe`: check's verdict for the VM beside what TCP connections from inside it did."""
    vm = verdict.vm
    return {
        "vm": {"id": vm.id, "name": vm.name, "resourceGroup": vm.resource_group, "subscriptionId": vm.subscription_id,
               "kind": vm.kind, "osType": vm.os_type, "powerState": vm.power_state},
        "verdict": verdict.verdict,
        "blockedBy": verdict.blocked_by,
        "reasons": verdict.reasons,
        "runCommand": {"commandId": command_id, "script": script},
        "probes": [{"target": r.target, "port": r.port, "result": r.result, "detail": r.detail} for r in results],
        "agreement": {"status": agreement.status, "detail": agreement.detail},
    }
