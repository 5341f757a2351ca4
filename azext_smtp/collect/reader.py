"""Reads one subscription (optionally one resource group) into an Inventory.

Bulk list calls only: the number of ARM requests grows with pages, never with VMs.
A read that fails becomes a Gap (what, why, how to settle it), never a silent default.
"""
from datetime import date, datetime, timedelta, timezone
from typing import Callable, List, Optional

from . import parse
from ..core.ids import group_of
from ..core.catalog import load_catalog
from ..core.model import ActivityLog, Gap, Inventory, Subscription, Usage, key
from ..core.offer import decide

BILLING_API_VERSION = "2024-04-01"
USAGE_API_VERSION = "2023-05-01"
ACTIVITY_LOG_RETENTION = timedelta(days=90)  # how far back the activity log can be read


class ScopeNotFound(Exception):
    """The subscription or resource group asked for does not exist (or is invisible to the caller)."""


def _reason(err) -> str:
    code = getattr(getattr(err, "error", None), "code", None) or getattr(err, "reason", None) or type(err).__name__
    return f"{getattr(err, 'status_code', None) or ''} {code}".strip()


def _read(gaps: List[Gap], what: str, command: str, fn: Callable):
    """Run one read; on an HTTP failure record a Gap and return None."""
    from azure.core.exceptions import HttpResponseError
    try:
        return fn()
    except HttpResponseError as err:
        if err.status_code == 404 and "ResourceGroupNotFound" in str(err):
            raise ScopeNotFound(str(err.message if hasattr(err, "message") else err)) from err
        gaps.append(Gap(what, _reason(err), command, err.status_code))
        return None


def _scoped(ops, resource_group: Optional[str], **kwargs):
    """`list(rg)` when a resource group is given, else the subscription-wide `list_all()`."""
    return (lambda: list(ops.list(resource_group, **kwargs))) if resource_group else \
        (lambda: list(ops.list_all(**kwargs)))


def read_subscription(clients, subscription_id: str) -> Subscription:
    """The subscription's quotaId and billing property; failures are recorded as gaps."""
    gaps = []
    model = _read(gaps, "subscription", f"az account show --subscription {subscription_id}",
                  lambda: clients.subscriptions().subscriptions.get(subscription_id))
    sub = parse.subscription(model) if model is not None else Subscription(subscription_id)
    sub.id = sub.id or subscription_id
    sub.gaps = gaps
    billing_id = f"/subscriptions/{subscription_id}/providers/Microsoft.Billing/billingProperty/default"
    prop = _read(sub.gaps, "billing property",
                 f'az rest --method get --url "{billing_id}?api-version={BILLING_API_VERSION}" '
                 "(needs a billing reader role on the billing account)",
                 lambda: clients.resources(subscription_id).resources.get_by_id(billing_id, BILLING_API_VERSION))
    if prop is not None:
        sub.billing = parse.billing(prop.properties or {})
    if decide(sub).confidence != "confirmed":
        sub.usage = read_usage(clients, sub)
    return sub


def _previous_month(today: date):
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def read_usage(clients, sub: Subscription) -> Optional[Usage]:
    """The first usage-detail record of the current billing period, else of the previous month (Reader can read it).

    Azure-mgmt-consumption in az 2.91 speaks older api-versions, so this is a raw GET through the same
    authenticated ARM pipeline (the network client's `send_request`); errors are evidence, not gaps, when
    their code says something about the agreement."""
    from azure.core.exceptions import HttpResponseError
    from azure.core.rest import HttpRequest
    url = f"/subscriptions/{sub.id}/providers/Microsoft.Consumption/usageDetails"
    start, end = _previous_month(datetime.now(timezone.utc).date())
    command = f'az rest --method get --url "{url}?api-version={USAGE_API_VERSION}&$top=1"'
    for period, extra in (("current", {}), ("previous", {"startDate": start.isoformat(), "endDate": end.isoformat()})):
        request = HttpRequest("GET", url, params={"api-version": USAGE_API_VERSION, "$top": "1", **extra})
        try:
            response = clients.network(sub.id).send_request(request)
            body = response.json() if response.content else None
        except (HttpResponseError, ValueError) as err:
            sub.gaps.append(Gap("usage details", _reason(err), command, getattr(err, "status_code", None)))
            return None
        found = parse.usage(response.status_code, body, period)
        if found and found.kind == "error" and found.error_code not in load_catalog().offers.usage_errors:
            sub.gaps.append(Gap("usage details", f"{response.status_code} {found.error_code}", command,
                                response.status_code))
            return None
        if found:
            return found
    return Usage("empty")


def _scale_set_instances(inv: Inventory, compute, network, scale_set):
    """Instances and NICs of a uniform scale set: absent from the flat VM and NIC lists, read per scale set."""
    rg = group_of(scale_set.id)
    scope = f"--subscription {inv.subscription.id} -g {rg}"
    vms = _read(inv.gaps, f"instances of scale set {scale_set.name}",
                f"az vmss list-instances {scope} -n {scale_set.name}",
                lambda: list(compute.virtual_machine_scale_set_vms.list(rg, scale_set.name, expand="instanceView")))
    inv.vms += [parse.vm(v, scale_set.id) for v in vms or []]
    nics = _read(inv.gaps, "network interfaces", f"az vmss nic list {scope} --vmss-name {scale_set.name}",
                 lambda: list(network.network_interfaces.list_virtual_machine_scale_set_network_interfaces(
                     rg, scale_set.name)))
    for n in nics or []:
        inv.nics[key(n.id)] = parse.nic(n)


def read_activity(inv: Inventory, monitor, since: datetime, until: datetime):
    """Succeeded operations in [since, until] (one paged list call; the log keeps 90 days)."""
    since = max(since, until - ACTIVITY_LOG_RETENTION + timedelta(hours=1))
    query = f"eventTimestamp ge '{since.isoformat()}' and eventTimestamp le '{until.isoformat()}'"
    if inv.resource_group:
        query += f" and resourceGroupName eq '{inv.resource_group}'"
    events = _read(inv.gaps, "activity log",
                   f'az monitor activity-log list --subscription {inv.subscription.id} --start-time '
                   f'{since.isoformat()}' + (f" -g {inv.resource_group}" if inv.resource_group else ""),
                   lambda: list(monitor.activity_logs.list(
                       filter=query, select="eventTimestamp,operationName,resourceId,status")))
    if events is not None:
        inv.activity = ActivityLog(since, until, [e for e in map(parse.activity_event, events) if e])


def collect(clients, subscription_id: str, resource_group: Optional[str] = None,
            exempted_at: Optional[datetime] = None) -> Inventory:
    """Everything `az smtp` judges for one subscription.

    One list call per resource type (plus its pages), and two per uniform scale set: the
    request count grows with pages and scale sets, never with VMs. With a resource group,
    VMs and NICs are read from it, the network they use from the whole subscription.
    """
    inv = Inventory(read_subscription(clients, subscription_id), resource_group)
    inv.gaps.extend(inv.subscription.gaps)
    scope = f"--subscription {subscription_id}" + (f" -g {resource_group}" if resource_group else "")
    compute = clients.compute(subscription_id)
    network = clients.network(subscription_id)

    def listed(what, command, ops):
        return _read(inv.gaps, what, f"{command} {scope}", _scoped(ops, resource_group)) or []

    def shared(what, command, ops):
        """Network resources a VM may use from another group (hub VNets, shared NSGs and route tables):
        read subscription-wide, and only the group's own when that is forbidden."""
        if not resource_group:
            return listed(what, command, ops)
        forbidden = []
        items = _read(forbidden, what, f"{command} --subscription {subscription_id}", _scoped(ops, None))
        if items is not None:
            return items
        gap = forbidden[0]
        inv.gaps.append(Gap(what, f"{gap.reason} on the subscription-wide list; only resource group "
                                  f"{resource_group} was read", gap.command, gap.status))
        return listed(what, command, ops) if gap.status in (401, 403) else []

    vm_list = _scoped(compute.virtual_machines, resource_group, expand="instanceView")  # power state in the list
    inv.vms = [parse.vm(v) for v in _read(inv.gaps, "virtual machines", f"az vm list {scope}", vm_list) or []]
    for n in listed("network interfaces", "az network nic list", network.network_interfaces):
        inv.nics[key(n.id)] = parse.nic(n)
    for ss in listed("virtual machine scale sets", "az vmss list", compute.virtual_machine_scale_sets):
        if (ss.orchestration_mode or "Uniform").lower() == "uniform":
            _scale_set_instances(inv, compute, network, ss)
    for v in shared("virtual networks", "az network vnet list", network.virtual_networks):
        inv.vnets[key(v.id)] = parse.vnet(v)
        for sn in v.subnets or []:
            inv.subnets[key(sn.id)] = parse.subnet(sn, v.id)
    for g in shared("network security groups", "az network nsg list", network.network_security_groups):
        inv.nsgs[key(g.id)] = parse.nsg(g)
    for t in shared("route tables", "az network route-table list", network.route_tables):
        inv.route_tables[key(t.id)] = parse.route_table(t)
    for p in shared("public IP addresses", "az network public-ip list", network.public_ip_addresses):
        inv.public_ips[key(p.id)] = p.ip_address
    for n in shared("NAT gateways", "az network nat gateway list", network.nat_gateways):
        inv.nat_gateways[key(n.id)] = n.name
    for lb in shared("load balancers", "az network lb list", network.load_balancers):
        inv.load_balancers[key(lb.id)] = parse.load_balancer(lb)
    for fw in shared("Azure Firewalls", "az network firewall list", network.azure_firewalls):
        inv.firewalls[key(fw.id)] = parse.firewall(fw)
    if exempted_at:
        read_activity(inv, clients.monitor(subscription_id), exempted_at, datetime.now(timezone.utc))
    return inv
