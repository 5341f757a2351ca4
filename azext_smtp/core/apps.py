"""Verdicts for App Service apps (web apps, function apps, slots) and for the other PaaS that cannot send on TCP 25.

An app reaches the internet on TCP 25 only from a VNet: regional integration with route-all, or an App Service
Environment v3. From its subnet on, the checks are the VM's (judge.subnet_path), so both read the same way.
"""
import ipaddress
from dataclasses import dataclass
from typing import List, Optional

from . import app_checks as a
from . import checks as c
from .catalog import load_catalog
from .checks import CheckResult
from .ids import name_of
from .judge import Outcome, SubscriptionVerdict, subnet_path
from .model import App, Inventory, IpConfig, PaasResource, Subnet, key
from .outbound import Egress
from .policy import Policy
from .vocabulary import Result


@dataclass
class AppVerdict(Outcome):
    app: App
    results: List[CheckResult]
    egress: Optional[str] = None
    subnet_id: Optional[str] = None  # the integration or App Service Environment subnet judged


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
        return Egress("nat-gateway", f"the subnet uses NAT gateway {name_of(subnet.nat_gateway_id)}",
                      subnet.nat_gateway_id)
    owner = "the App Service Environment's" if via == "ase" else "the app's"
    return Egress("app-service", f"{owner} own outbound addresses (no NAT gateway on subnet {subnet.name})", subnet.id)


def judge_app(app: App, inv: Inventory, policy: Policy, destination=None) -> AppVerdict:
    """Platform rule, VNet placement, route-all (regional integration), then the subnet's path as for a VM."""
    results = [a.app_platform_check(policy)]
    placement = a.placement_check(app, inv, policy)
    results.append(placement.result)
    if placement.subnet_id is None:
        return AppVerdict(app, results, "none" if placement.result.result == Result.FAIL else "unknown")
    if placement.via == "integration":
        results.append(a.route_all_check(app))
    subnet = inv.subnets.get(key(placement.subnet_id))
    if subnet is None:
        missing = c.missing_subnet_check(IpConfig(name_of(placement.subnet_id), placement.subnet_id), inv)
        return AppVerdict(app, results + [missing], "unknown", placement.subnet_id)
    ipc = app_source(subnet)
    path, egress = subnet_path(app, ipc, subnet, inv, policy, destination=destination,
                               egress_of=lambda: app_egress(subnet, placement.via))
    return AppVerdict(app, results + path, egress, placement.subnet_id)


def judge_paas(verdict: SubscriptionVerdict, destination=None) -> SubscriptionVerdict:
    """Add the apps' and the other PaaS resources' verdicts to a subscription's."""
    inv, policy = verdict.inventory, verdict.policy
    catalog = load_catalog()
    services = {t.lower(): name for t, name in catalog.other_paas.items()}
    verdict.apps = [judge_app(app, inv, policy, destination) for app in inv.apps]
    verdict.others = [PaasVerdict(r, services[r.type.lower()], [
        a.paas_check(r, services[r.type.lower()], policy, catalog.other_paas_source)]) for r in inv.other_paas]
    return verdict
