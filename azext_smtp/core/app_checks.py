"""The checks only apps and other PaaS have, one pure function each, returning CheckResults with catalog ids.

App Service sends on TCP 25 only from a VNet (regional integration with route-all, or an App Service
Environment v3); every other PaaS cannot. The subscription's rule applies to apps as to VMs.
"""
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from .checks import FAIL, PASS, UNKNOWN, CheckResult
from .ids import name_of
from .model import App, Inventory, PaasResource, Vnet, key
from .policy import Policy
from .vocabulary import ActionId, CheckId, RuleStatus

# Plans whose apps cannot use regional VNet integration (SKU tier as ARM reports it -> plan name):
# https://learn.microsoft.com/azure/app-service/overview-vnet-integration (Basic and up, Elastic Premium, Flex
# Consumption) and https://learn.microsoft.com/azure/azure-functions/functions-networking-options (not Consumption).
NO_INTEGRATION_TIERS = {"dynamic": "Consumption", "free": "Free", "shared": "Shared"}
RELAY = ActionId.USE_AUTHENTICATED_RELAY
# Field reports (MicrosoftDocs/azure-docs PR#86901, #88843, #97186): likely, so said as reported, never as allowed.
UNSUPPORTED = "App Service supports TCP 25 only through VNet integration or an App Service Environment v3; such " \
              "apps have been reported reaching port 25 through App Service's shared outbound addresses, which " \
              "works but is not supported and may stop."
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
    return f"{rule.id}: an exemption covers VM traffic routed directly to the internet; whether it reaches App " \
           "Service is not documented"


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
    rule = policy.rule_id or "no single rule"
    evidence = [f"rule {rule}: {policy.status}"]
    whose = ""
    if context and context.foreign:
        offer = policy.offer.basis if policy.offer else "offer not read"
        whose = f"The VNet's subscription {context.subscription_id} decides (the app is integrated across " \
                "subscriptions). "
        evidence.append(f"VNet subscription {context.subscription_id}: {offer}")

    def result(outcome, detail, actions=()):
        return CheckResult(CheckId.PLATFORM_PORT25, outcome, whose + detail, evidence, list(actions), policy.rule_id,
                           "rule")
    if policy.status == RuleStatus.NOT_BLOCKED:
        old = _old_vnet(policy, context)
        if old:
            return result(UNKNOWN, f"Rule {rule}: outbound TCP 25 is not blocked for this offer, but {old}",
                          [ActionId.ADD_REMOVE_TEMP_SUBNET, ActionId.TEST_PORT25])
        return result(PASS, f"Rule {rule}: outbound TCP 25 is not blocked for this offer.")
    if policy.status == RuleStatus.BLOCKED:
        return result(FAIL, f"Rule {rule}: the platform blocks outbound TCP 25 for this offer, whatever the app's "
                            "network path.", policy.actions)
    if policy.status == RuleStatus.EXEMPTIBLE:
        return result(FAIL, f"Rule {rule}: blocked by default; a self-service exemption is available "
                            f"({_scope(policy)}).", policy.actions)
    if policy.status == RuleStatus.EXEMPTED:
        return result(UNKNOWN, f"Rule {rule}: the subscription is exempted ({_scope(policy)}).", [ActionId.TEST_PORT25])
    return result(UNKNOWN, "The subscription's offer is not settled (see offer.evidence), so the platform rule is "
                           "unknown.", policy.actions)


def _old_vnet(policy: Policy, context: Optional[VnetContext]) -> Optional[str]:
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
    since = "1 August 2022"
    when = f"VNet {name} was created {created:%Y-%m-%d}, before {since}" if created else \
        f"the creation time of VNet {name} is unknown ({context.created_unread})"
    return f"{when}; such a VNet picks up the subscription's setting only after a temporary change (add a subnet " \
           "and remove it again), and whether one was made cannot be seen."


def placement_check(app: App, inv: Inventory, policy: Policy) -> Placement:
    """Regional VNet integration or an App Service Environment v3; neither: TCP 25 is not supported."""
    service = policy.edition.service_rule("app-service")
    rule_id = service.id if service else None
    prefix = f"{rule_id}: " if rule_id else ""

    def result(outcome, detail, evidence, actions=()):
        return CheckResult(CheckId.APP_VNET, outcome, prefix + detail, [e for e in evidence if e], list(actions),
                           rule_id)
    if app.hosting_environment_id:
        return _ase_placement(app, inv, result)
    if app.subnet_id:
        return Placement(result(PASS, f"Regional VNet integration with subnet {name_of(app.subnet_id)}: its routes, "
                                      f"NSG and outbound method apply.{_kind_note(app)}", [app.subnet_id]),
                         app.subnet_id, "integration")
    plan = inv.app_plans.get(key(app.plan_id)) if app.plan_id else None
    tier = NO_INTEGRATION_TIERS.get((plan.sku_tier or "").lower()) if plan else None
    if tier:
        return Placement(result(FAIL, f"Unsupported by Azure: the app runs on {tier} plan {plan.name} (SKU "
                                      f"{plan.sku_name}), which cannot be integrated with a VNet. {UNSUPPORTED}",
                                [plan.id, f"SKU {plan.sku_name} ({plan.sku_tier})"],
                                [RELAY, ActionId.ADD_VNET_INTEGRATION]))
    return Placement(result(FAIL, f"Unsupported by Azure: no VNet integration and no App Service Environment. "
                                  f"{UNSUPPORTED}",
                            [app.id, "virtualNetworkSubnetId: none", "hostingEnvironmentProfile: none"],
                            [RELAY, ActionId.ADD_VNET_INTEGRATION]))


def _kind_note(app: App) -> str:
    """Logic Apps Standard integrate as function apps do (overview-vnet-integration: "App Service apps, function apps
    and Logic apps"); that port 25 then behaves as for a function app is taken from the same page's routing note."""
    if "workflowapp" not in (app.site_kind or "").lower():
        return ""
    return f" A Logic App Standard (kind {app.site_kind}): judged as a function app, whose VNet integration it uses."


def _ase_placement(app: App, inv: Inventory, result) -> Placement:
    env_id = app.hosting_environment_id
    env = inv.hosting_environments.get(key(env_id))
    if env is None:
        why = inv.unread_reason("hosting_environments")
        return Placement(result(UNKNOWN, f"App Service Environment {name_of(env_id)} could not be read: {why}.",
                                [env_id]))
    if (env.kind or "").lower() != "asev3":
        return Placement(result(UNKNOWN, f"App Service Environment {env.name} is {env.kind or 'of unreported kind'}; "
                                         "only v3 is documented to send on TCP 25.", [env.id], [RELAY]))
    if not env.subnet_id:
        return Placement(result(UNKNOWN, f"App Service Environment v3 {env.name} reports no subnet.", [env.id]))
    return Placement(result(PASS, f"Runs in App Service Environment v3 {env.name} on subnet "
                                  f"{name_of(env.subnet_id)}: its routes, NSG and outbound method apply."
                                  f"{_kind_note(app)}",
                            [env.id, env.subnet_id]), env.subnet_id, "ase")


def route_all_check(app: App) -> CheckResult:
    """With regional integration, internet traffic enters the VNet only with route-all."""
    if app.route_all:
        return CheckResult(CheckId.APP_ROUTE_ALL, PASS, f"All outbound traffic is routed into the VNet "
                           f"({app.route_all_basis}).", [app.route_all_basis])
    command = settle_route_all_command(app)
    return CheckResult(CheckId.APP_ROUTE_ALL, UNKNOWN,
                       f"The site's properties do not route all traffic into the VNet ({app.route_all_basis}): "
                       "without route-all only private-range traffic enters it and TCP 25 to the internet is not "
                       "supported, unless the older app setting WEBSITE_VNET_ROUTE_ALL=1 is set, which Reader cannot "
                       f"read. Settle with: {command}", [app.route_all_basis, command],
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
    named = f"{rule.id}: " if rule else ""
    return CheckResult(CheckId.PAAS_SUPPORT, FAIL, f"{named}{service} ({resource.type}) cannot send on TCP 25: sending "
                       "email on port 25 is not supported from Azure PaaS resources other than "
                       "App Service and Azure Functions.",
                       [resource.id, source], [RELAY], rule.id if rule else None)
