"""The checks only apps and other PaaS have, one pure function each, returning CheckResults with catalog ids.

App Service sends on TCP 25 only from a VNet (regional integration with route-all, or an App Service
Environment v3); every other PaaS cannot. The subscription's rule applies to apps as to VMs.
"""
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from .checks import FAIL, PASS, UNKNOWN, CheckResult
from .i18n import Text, message
from .ids import name_of
from .model import App, Inventory, PaasResource, Vnet, key
from .policy import Policy
from .vocabulary import ActionId, CheckId, RuleStatus

# Plans whose apps cannot use regional VNet integration (SKU tier as ARM reports it -> plan name):
# https://learn.microsoft.com/azure/app-service/overview-vnet-integration (Basic and up, Elastic Premium, Flex
# Consumption) and https://learn.microsoft.com/azure/azure-functions/functions-networking-options (not Consumption).
NO_INTEGRATION_TIERS = {"dynamic": "Consumption", "free": "Free", "shared": "Shared"}
RELAY = ActionId.USE_AUTHENTICATED_RELAY
# Field reports (MicrosoftDocs/azure-docs PR#86901, #88843, #97186): likely, so said as reported, never as allowed
# (message app.unsupported).
# VNets (and subnets) created before this date pick up their subscription's port-25 setting only after a temporary
# change (a subnet added, an NSG associated, a service endpoint): overview-vnet-integration.md "Application routing"
# (MicrosoftDocs/azure-docs @3b9d7e48) and app-service/environment/networking.md. It matters where the setting lets
# port 25 through: Enterprise Agreement and MCA-E subscriptions.
VNET_SETTING_SINCE = datetime(2022, 8, 1, tzinfo=timezone.utc)
OLD_VNET_FAMILIES = ("ea", "mca-e")


@dataclass
class Placement:
    """Where an app's outbound traffic enters a VNet: the check's result and, when it does, the subnet and how."""
    result: CheckResult
    subnet_id: Optional[str] = None
    via: Optional[str] = None  # integration | ase


def _scope(policy: Policy) -> str:
    rule = policy.edition.after_exemption_rule("direct-routes-only")
    return message("app.scope", rule=rule.id)


@dataclass
class VnetContext:
    """The VNet an app's traffic enters, for the platform step: its subscription (whose setting decides), whether
    that is another subscription than the app's, the VNet as read (None: not read) and why its creation time
    is unknown when it is."""
    subscription_id: str
    foreign: bool
    vnet: Optional[Vnet]
    vnet_id: str
    created_unread: str = ""


def app_platform_check(policy: Policy, context: Optional[VnetContext] = None) -> CheckResult:
    """The documented rule of the subscription whose setting decides (`context`: the VNet's, for an app that enters
    one; else the app's own): it limits apps as it limits VMs (apps have no allowPort25Out flag)."""
    rule = policy.rule_id or message("check.platform.no-rule")
    evidence = [f"rule {rule}: {policy.status}"]
    foreign = bool(context and context.foreign)
    if foreign:
        offer = policy.offer.basis if policy.offer else "offer not read"
        evidence.append(f"VNet subscription {context.subscription_id}: {offer}")

    def result(outcome, detail, actions=()):
        said = message("app.foreign-vnet", subscription=context.subscription_id, detail=detail) if foreign else detail
        return CheckResult(CheckId.PLATFORM_PORT25, outcome, said, evidence, list(actions), policy.rule_id, "rule")
    if policy.status == RuleStatus.NOT_BLOCKED:
        old = _old_vnet(policy, context)
        if old:
            return result(UNKNOWN, message("app.platform.old-vnet", rule=rule, old=old),
                          [ActionId.ADD_REMOVE_TEMP_SUBNET, ActionId.TEST_PORT25])
        return result(PASS, message("check.platform.not-blocked", rule=rule))
    if policy.status == RuleStatus.BLOCKED:
        return result(FAIL, message("app.platform.blocked", rule=rule), policy.actions)
    if policy.status == RuleStatus.EXEMPTIBLE:
        return result(FAIL, message("app.platform.exemptible", rule=rule, scope=_scope(policy)), policy.actions)
    if policy.status == RuleStatus.EXEMPTED:
        return result(UNKNOWN, message("app.platform.exempted", rule=rule, scope=_scope(policy)),
                      [ActionId.TEST_PORT25])
    return result(UNKNOWN, message("app.platform.unsettled"), policy.actions)


def _old_vnet(policy: Policy, context: Optional[VnetContext]) -> Optional[Text]:
    """Why an Enterprise Agreement or MCA-E VNet may still block: created before VNET_SETTING_SINCE (or when is
    unknown), it picks the subscription's setting up only after a temporary change. None when it is newer."""
    offer = policy.offer
    families = offer.candidates if offer and offer.family not in offer.candidates and offer.candidates else \
        [offer.family if offer else None]
    if context is None or not set(families) & set(OLD_VNET_FAMILIES):
        return None
    name = context.vnet.name if context.vnet else name_of(context.vnet_id)
    created = context.vnet.created if context.vnet else None
    if created is not None and created >= VNET_SETTING_SINCE:
        return None
    when = message("app.old-vnet.created", vnet=name, created=f"{created:%Y-%m-%d}") if created else \
        message("app.old-vnet.unknown", vnet=name, why=context.created_unread)
    return message("app.old-vnet", when=when)


def placement_check(app: App, inv: Inventory, policy: Policy) -> Placement:
    """Regional VNet integration or an App Service Environment v3; neither: TCP 25 is not supported."""
    service = policy.edition.service_rule("app-service")
    rule_id = service.id if service else None

    def result(outcome, detail, evidence, actions=()):
        return CheckResult(CheckId.APP_VNET, outcome, message("app.ruled", rule=rule_id, detail=detail) if rule_id
                           else detail, [e for e in evidence if e], list(actions), rule_id)
    if app.hosting_environment_id:
        return _ase_placement(app, inv, result)
    if app.subnet_id:
        return Placement(result(PASS, message("app.integration", subnet=name_of(app.subnet_id), note=_kind_note(app)),
                                [app.subnet_id]),
                         app.subnet_id, "integration")
    plan = inv.app_plans.get(key(app.plan_id)) if app.plan_id else None
    tier = NO_INTEGRATION_TIERS.get((plan.sku_tier or "").lower()) if plan else None
    if tier:
        return Placement(result(FAIL, message("app.plan-tier", tier=tier, plan=plan.name, sku=plan.sku_name,
                                              unsupported=message("app.unsupported")),
                                [plan.id, f"SKU {plan.sku_name} ({plan.sku_tier})"],
                                [RELAY, ActionId.ADD_VNET_INTEGRATION]))
    return Placement(result(FAIL, message("app.no-vnet", unsupported=message("app.unsupported")),
                            [app.id, "virtualNetworkSubnetId: none", "hostingEnvironmentProfile: none"],
                            [RELAY, ActionId.ADD_VNET_INTEGRATION]))


def _kind_note(app: App) -> List[Text]:
    """Logic Apps Standard integrate as function apps do (overview-vnet-integration: "App Service apps, function apps
    and Logic apps"); that port 25 then behaves as for a function app is taken from the same page's routing note."""
    if "workflowapp" not in (app.site_kind or "").lower():
        return []
    return [message("app.logic-app", kind=app.site_kind)]


def _ase_placement(app: App, inv: Inventory, result) -> Placement:
    env_id = app.hosting_environment_id
    env = inv.hosting_environments.get(key(env_id))
    if env is None:
        why = inv.unread_reason("hosting_environments")
        return Placement(result(UNKNOWN, message("app.ase-unread", ase=name_of(env_id), why=why), [env_id]))
    if (env.kind or "").lower() != "asev3":
        kind = env.kind or message("app.ase-kind-unreported")
        return Placement(result(UNKNOWN, message("app.ase-not-v3", ase=env.name, kind=kind), [env.id], [RELAY]))
    if not env.subnet_id:
        return Placement(result(UNKNOWN, message("app.ase-no-subnet", ase=env.name), [env.id]))
    return Placement(result(PASS, message("app.ase", ase=env.name, subnet=name_of(env.subnet_id),
                                          note=_kind_note(app)),
                            [env.id, env.subnet_id]), env.subnet_id, "ase")


def route_all_check(app: App) -> CheckResult:
    """With regional integration, internet traffic enters the VNet only with route-all."""
    if app.route_all:
        return CheckResult(CheckId.APP_ROUTE_ALL, PASS, message("app.route-all", basis=app.route_all_basis),
                           [app.route_all_basis])
    command = settle_route_all_command(app)
    return CheckResult(CheckId.APP_ROUTE_ALL, UNKNOWN,
                       message("app.route-all-unknown", basis=app.route_all_basis, command=command),
                       [app.route_all_basis, command],
                       [ActionId.CHECK_APP_ROUTE_ALL, ActionId.ENABLE_ROUTE_ALL])


def settle_route_all_command(app: App) -> str:
    """`az webapp|functionapp|logicapp config appsettings list` for the app or slot."""
    site_kind = (app.site_kind or "").lower()
    group = "logicapp" if "workflowapp" in site_kind else "functionapp" if "functionapp" in site_kind else "webapp"
    site, _, slot = app.name.partition("/")
    return (f"az {group} config appsettings list --subscription {app.subscription_id} -g {app.resource_group} "
            f"-n {site}" + (f" --slot {slot}" if slot else "") + " --query \"[?name=='WEBSITE_VNET_ROUTE_ALL']\"")


def paas_check(resource: PaasResource, service: str, policy: Policy, source: str) -> CheckResult:
    """Other PaaS: sending on TCP 25 is not supported, whatever the offer."""
    rule = policy.edition.service_rule("other-paas")
    said = message("paas.unsupported", service=service, type=resource.type)
    return CheckResult(CheckId.PAAS_SUPPORT, FAIL, message("app.ruled", rule=rule.id, detail=said) if rule else said,
                       [resource.id, source], [RELAY], rule.id if rule else None)
