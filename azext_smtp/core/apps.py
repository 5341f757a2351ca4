"""Verdicts for App Service apps (web apps, function apps, slots) and for the other PaaS that cannot send on TCP 25.

An app reaches the internet on TCP 25 only from a VNet: regional integration with route-all, or an App Service
Environment v3. From its subnet on, the checks are the VM's (judge.subnet_path), so both read the same way.
"""
import ipaddress
from dataclasses import dataclass
from typing import Dict, List, Optional

from . import app_checks as a
from . import checks as c
from .catalog import load_catalog
from .checks import CheckResult
from .exemption import VnetFollowUp, free_prefix
from .i18n import message
from .ids import name_of, subscription_of
from .judge import Outcome, SubscriptionVerdict, subnet_path
from .model import App, Inventory, IpConfig, PaasResource, Subnet, Subscription, key
from .offer import decide
from .outbound import Egress
from .policy import Policy, subscription_policy
from .vocabulary import ActionId, CheckId, Result


@dataclass
class AppVerdict(Outcome):
    app: App
    results: List[CheckResult]
    egress: Optional[str] = None
    subnet_id: Optional[str] = None  # the integration or App Service Environment subnet judged
    vnet_subscription_id: Optional[str] = None  # whose setting decides: the subnet's VNet's subscription


@dataclass
class PaasVerdict(Outcome):
    resource: PaasResource
    service: str
    results: List[CheckResult]


def app_source(subnet: Subnet) -> IpConfig:
    """Instances take any address of the subnet: rules are judged for its first usable one (Azure keeps four)."""
    address = None
    if subnet.prefixes:
        try:
            net = ipaddress.ip_network(subnet.prefixes[0], strict=False)
            address = str(net.network_address + 4) if net.version == 4 and net.num_addresses > 4 else None
        except ValueError:
            address = None
    return IpConfig(name_of(subnet.id), subnet.id, address)


def app_egress(subnet: Subnet, via: str) -> Egress:
    """A NAT gateway on the subnet, else the outbound addresses App Service (or the environment) owns."""
    if subnet.nat_gateway_id:
        return Egress("nat-gateway", message("egress.nat-gateway", name=name_of(subnet.nat_gateway_id)),
                      subnet.nat_gateway_id)
    return Egress("app-service", message("egress.ase-own" if via == "ase" else "egress.app-own", subnet=subnet.name),
                  subnet.id)


@dataclass
class VnetSide:
    """The subscription of the VNet an app's traffic enters, whose setting decides port 25 for the app
    (integration across subscriptions is allowed): its policy and the inventory its network was read into (the
    app's own when that subscription is not in the run's scope: its subnets were not read)."""
    subscription_id: str
    policy: Policy
    network: Inventory


def vnet_side(subnet_id: str, inv: Inventory, policy: Policy,
              judged: Optional[Dict[str, SubscriptionVerdict]] = None) -> VnetSide:
    """The VNet's subscription: the app's own, another one judged in this run (`judged`: lower-cased id ->
    verdict), or one read only for its offer (Inventory.vnet_subscriptions), judged here by the same edition."""
    sub_id = subscription_of(subnet_id) or inv.subscription.id
    if sub_id.lower() == (inv.subscription.id or "").lower():
        return VnetSide(sub_id, policy, inv)
    other = (judged or {}).get(sub_id.lower())
    if other is not None:
        return VnetSide(sub_id, other.policy, other.inventory)
    read = inv.vnet_subscriptions.get(sub_id.lower())
    offer = decide(read if read is not None else Subscription(sub_id))
    return VnetSide(sub_id, subscription_policy(offer, policy.edition, {}), inv)


def judge_app(app: App, inv: Inventory, policy: Policy, destination=None,
              judged: Optional[Dict[str, SubscriptionVerdict]] = None) -> AppVerdict:
    """VNet placement, the platform rule of the VNet's subscription, route-all (regional integration), then the
    subnet's path as for a VM. `judged`: the run's other subscriptions by lower-cased id (vnet_side)."""
    placement = a.placement_check(app, inv, policy)
    if placement.subnet_id is None:
        results = [a.app_platform_check(policy), placement.result]
        return AppVerdict(app, results, "none" if placement.result.result == Result.FAIL else "unknown")
    side = vnet_side(placement.subnet_id, inv, policy, judged)
    vnet_id = placement.subnet_id.split("/subnets/")[0]
    results = [a.app_platform_check(side.policy, a.VnetContext(
        side.subscription_id, side.subscription_id.lower() != (app.subscription_id or "").lower(),
        side.network.vnets.get(key(vnet_id)), vnet_id, _created_unread(side, inv))), placement.result]
    if placement.via == "integration":
        results.append(a.route_all_check(app))
    subnet = side.network.subnets.get(key(placement.subnet_id))
    if subnet is None:
        missing = c.missing_subnet_check(IpConfig(name_of(placement.subnet_id), placement.subnet_id), side.network)
        return AppVerdict(app, results + [missing], "unknown", placement.subnet_id, side.subscription_id)
    ipc = app_source(subnet)
    path, egress = subnet_path(app, ipc, subnet, side.network, side.policy, destination=destination,
                               egress_of=lambda: app_egress(subnet, placement.via))
    return AppVerdict(app, results + path, egress, placement.subnet_id, side.subscription_id)


def _created_unread(side: VnetSide, inv: Inventory) -> str:
    """Why the VNet's creation time is not known."""
    if side.network is inv and side.subscription_id.lower() != (inv.subscription.id or "").lower():
        return message("app.created.out-of-scope", subscription=side.subscription_id)
    gap = side.network.gap_for("vnet_created")
    return message("app.created.failed", reason=gap.reason, command=gap.command) if gap else \
        message("app.created.not-read")


def old_vnet_followups(verdicts: List[SubscriptionVerdict]) -> None:
    """An app's VNet that may predate the subscription's setting gets the add-and-remove temporary subnet step
    on its own subscription's VNet verdict (what `complete-exemption` plans), when that subscription was judged."""
    by_vnet = {key(v.vnet.id): v for verdict in verdicts for v in verdict.vnets}
    holder = {key(v.vnet.id): verdict.inventory for verdict in verdicts for v in verdict.vnets}
    for verdict in verdicts:
        for app in verdict.apps:
            platform = app.result_of(CheckId.PLATFORM_PORT25)
            if ActionId.ADD_REMOVE_TEMP_SUBNET not in platform.actions:
                continue
            vnet_key = key(app.subnet_id.split("/subnets/")[0])
            target = by_vnet.get(vnet_key)
            if target is None or target.follow_up is not None:
                continue
            network = holder[vnet_key]
            subnets = [network.subnets[key(s)] for s in target.vnet.subnet_ids if key(s) in network.subnets]
            prefix = free_prefix(target.vnet.address_space, [p for s in subnets for p in s.prefixes])
            target.follow_up = VnetFollowUp(target.vnet, [], True, platform.detail, prefix)


def judge_paas(verdict: SubscriptionVerdict, destination=None,
               judged: Optional[Dict[str, SubscriptionVerdict]] = None) -> SubscriptionVerdict:
    """Add the apps' and the other PaaS resources' verdicts to a subscription's; `judged`: the run's
    subscriptions by lower-cased id, whose VNets its apps may integrate with."""
    inv, policy = verdict.inventory, verdict.policy
    catalog = load_catalog()
    services = {t.lower(): name for t, name in catalog.other_paas.items()}
    verdict.apps = [judge_app(app, inv, policy, destination, judged) for app in inv.apps]
    verdict.others = [PaasVerdict(r, services[r.type.lower()], [
        a.paas_check(r, services[r.type.lower()], policy, catalog.other_paas_source)]) for r in inv.other_paas]
    return verdict
