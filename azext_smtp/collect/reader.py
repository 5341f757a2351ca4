"""Reads one subscription (optionally one resource group) into an Inventory.

Bulk list calls only: the number of ARM requests grows with pages, never with VMs.
A read that fails becomes a Gap (what, why, how to settle it), never a silent default.
"""
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Dict, List, Optional
from urllib.parse import quote

from . import api_versions, apps, graph, pager, parse, policies
from .lists import Lists
from .reads import LIST_WORKERS, in_parallel, listing, read, reason
from ..core.app_checks import OLD_VNET_FAMILIES
from ..core.ids import group_of, subscription_of
from ..core.catalog import load_catalog
from ..core.i18n import message
from ..core.model import ActivityLog, Gap, Inventory, Subscription, Usage, key, label
from ..core.offer import decide

ACTIVITY_LOG_RETENTION = timedelta(days=90)  # how far back the activity log can be read


def read_subscription(arm, subscription_id: str, gaps: List[Gap]) -> Subscription:
    """The subscription's quotaId and spendingLimit, its billing property and, while the offer is still open,
    its usage details; failures are recorded as gaps. `arm` is the client whose pipeline carries every read of
    the subscription (one TLS context and one token, not one per SDK client)."""
    body = read(gaps, "subscription", label("subscription"), f"az account show --subscription {subscription_id}",
                lambda: pager.get(arm, f"/subscriptions/{subscription_id}", api_versions.SUBSCRIPTION))
    sub = parse.subscription(body) if body is not None else Subscription(subscription_id)
    sub.id = sub.id or subscription_id
    billing_id = f"/subscriptions/{subscription_id}/providers/Microsoft.Billing/billingProperty/default"
    prop = read(gaps, "billing", label("billing"),
                message("read.billing-command",
                        command=f'az rest --method get --url "{billing_id}?api-version={api_versions.BILLING}"'),
                lambda: pager.get(arm, billing_id, api_versions.BILLING))
    if prop is not None:
        sub.billing = parse.billing(prop.get("properties") or {})
    if decide(sub).confidence != "confirmed":
        sub.usage = read_usage(arm, sub, gaps)
    return sub


def _previous_month(today: date):
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def read_usage(arm, sub: Subscription, gaps: List[Gap]) -> Optional[Usage]:
    """The first usage-detail record of the current billing period, else of the previous month (Reader can read it).

    Azure-mgmt-consumption in az 2.91 speaks older api-versions, so this is a raw GET through the same
    authenticated ARM pipeline (clients.arm); errors are evidence, not gaps, when
    their code says something about the agreement."""
    from azure.core.exceptions import HttpResponseError
    url = f"/subscriptions/{sub.id}/providers/Microsoft.Consumption/usageDetails"
    start, end = _previous_month(datetime.now(timezone.utc).date())
    command = f'az rest --method get --url "{url}?api-version={api_versions.USAGE}&$top=1"'
    for period, extra in (("current", {}), ("previous", {"startDate": start.isoformat(), "endDate": end.isoformat()})):
        try:
            body = pager.get(arm, url, api_versions.USAGE, {"$top": "1", **extra})
        except HttpResponseError as err:
            code = pager.error_code(err)
            if code in load_catalog().offers.usage_errors:
                return Usage("error", error_code=code, period=period)
            gaps.append(Gap("usage", label("usage"), f"{err.status_code} {code}" if code else reason(err), command,
                            err.status_code))
            return None
        found = parse.usage(body, period)
        if found:
            return found
    return Usage("empty")


def _scale_sets(gaps: List[Gap], lists: Lists, on_items=None):
    """Uniform scale sets with their instances and NICs, which the flat VM and NIC lists leave out: from Graph's
    `ComputeResources` rows, else read per set. Instances and NICs of a set come in resource id order either way."""
    sub_id, arm = lists.subscription_id, lists.arm
    found = []
    sets = [s for s in lists.listed("scale_sets", "az vmss list", "Microsoft.Compute/virtualMachineScaleSets",
                                    api_versions.COMPUTE)(gaps) if graph.uniform(s)]
    clusters = clusters_of(lists, gaps) if any(map(parse.pool_name, sets)) else []
    for scale_set in sets:
        pool = parse.node_pool(scale_set, clusters)
        if lists.graph:
            found.append((scale_set, *(_of_set(lists.rows.get(t, []), scale_set["id"]) for t in graph.COMPUTE_TYPES),
                          pool))
            continue
        rg, name = group_of(scale_set["id"]), scale_set["name"]
        scope = f"--subscription {sub_id} -g {rg}"
        url = pager.scope_url(sub_id, rg, f"Microsoft.Compute/virtualMachineScaleSets/{quote(name, safe='')}")
        vms = read(gaps, "scale_set_instances", message("read.of", what=label("scale_set_instances"), name=name),
                   f"az vmss list-instances {scope} -n {name}",
                   listing(arm, f"{url}/virtualMachines", api_versions.COMPUTE, on_items,
                           **{"$expand": "instanceView"}))
        nics = read(gaps, "nics", label("nics"), f"az vmss nic list {scope} --vmss-name {name}",
                    listing(arm, f"{url}/networkInterfaces", api_versions.VMSS_NIC, on_items))
        found.append((scale_set, _of_set(vms or [], scale_set["id"]), _of_set(nics or [], scale_set["id"]), pool))
    return found


def clusters_of(lists: Lists, gaps: List[Gap]) -> list:
    """The subscription's AKS clusters (whose `nodeResourceGroup` names the cluster of a node pool's scale set):
    read only when a scale set carries the aks-managed-poolName tag; from Graph's rows with that engine."""
    return lists.shared("clusters", "az aks list", "Microsoft.ContainerService/managedClusters", api_versions.AKS)(gaps)


def _of_set(items: list, scale_set_id: str) -> list:
    """The items (instances or their NICs, ids under `scale_set_id`/virtualMachines/) of one scale set, by id."""
    prefix = key(scale_set_id) + "/virtualmachines/"
    return sorted((i for i in items if key(i["id"]).startswith(prefix)), key=lambda i: key(i["id"]))


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def activity(gaps: List[Gap], arm, sub_id: str, resource_group: Optional[str], since: datetime):
    """Succeeded operations since the exemption (one paged list call, raw through `arm`'s pipeline and
    pager.pages' guards like every list; the log keeps 90 days)."""
    until = datetime.now(timezone.utc)
    since = max(since, until - ACTIVITY_LOG_RETENTION + timedelta(hours=1))
    # UTC with Z: a raw '+' in the query string would be read back as a space
    query = f"eventTimestamp ge '{_utc(since)}' and eventTimestamp le '{_utc(until)}'"
    if resource_group:
        query += f" and resourceGroupName eq '{resource_group}'"
    events = read(gaps, "activity", label("activity"), f"az monitor activity-log list --subscription {sub_id} "
                  f"--start-time {since.isoformat()}" + (f" -g {resource_group}" if resource_group else ""),
                  listing(arm, f"/subscriptions/{sub_id}/providers/Microsoft.Insights/eventtypes/management/values",
                          api_versions.ACTIVITY, **{"$filter": query,
                                                    "$select": "eventTimestamp,operationName,resourceId,status"}))
    if events is None:
        return None
    return ActivityLog(since, until, [e for e in map(parse.activity_event, events) if e])


def collect(clients, subscription_id: str, resource_group: Optional[str] = None,
            exempted_at: Optional[datetime] = None, rows: Optional[Dict[str, list]] = None, *,
            on_items: Optional[Callable[[int], None]] = None) -> Inventory:
    """Everything `az smtp` judges for one subscription; `on_items(n)` hears the size of each list read (progress).

    One list call per resource type (plus its pages), and two per uniform scale set: the request count
    grows with pages and scale sets, never with VMs. The lists are read side by side (LIST_WORKERS). With a
    resource group, VMs and NICs are read from it, the network they use from the whole subscription.
    `rows` (lower-cased type -> items, see graph.py) are lists already read by Resource Graph: they replace
    the list calls; the rest is still read here.
    """
    arm = clients.arm(subscription_id)  # its pipeline carries every read (send_request)
    lists = Lists(arm, subscription_id, resource_group, rows, on_items)
    compute = api_versions.COMPUTE
    reads = {  # name (a model.READS key) -> read; _inventory and apps.fill take each result by its name
        "subscription": lambda gaps: read_subscription(arm, subscription_id, gaps),
        "vms": lists.listed("vms", "az vm list", "Microsoft.Compute/virtualMachines", compute,
                            **{"$expand": "instanceView"}),  # power state
        "nics": lists.listed("nics", "az network nic list", "Microsoft.Network/networkInterfaces"),
        "scale_sets": lambda gaps: _scale_sets(gaps, lists, on_items),
        "vnets": lists.shared("vnets", "az network vnet list", "Microsoft.Network/virtualNetworks"),
        "nsgs": lists.shared("nsgs", "az network nsg list", "Microsoft.Network/networkSecurityGroups"),
        "route_tables": lists.shared("route_tables", "az network route-table list", "Microsoft.Network/routeTables"),
        "load_balancers": lists.shared("load_balancers", "az network lb list", "Microsoft.Network/loadBalancers"),
        "firewalls": lists.shared("firewalls", "az network firewall list", "Microsoft.Network/azureFirewalls"),
        **apps.reads(lists),
    }
    if exempted_at:
        reads["activity"] = lambda gaps: activity(gaps, arm, subscription_id, resource_group, exempted_at)
    results = in_parallel(list(reads.values()), LIST_WORKERS)
    inv = _inventory(dict(zip(reads, (found for found, _ in results))), resource_group)
    inv.gaps = [g for _, gaps in results for g in gaps]
    policies.read_into(inv, arm, subscription_id)  # Firewall Policies and IP groups, when a firewall uses them
    return inv


def _inventory(found: Dict[str, object], resource_group: Optional[str]) -> Inventory:
    """Parse what the reads returned (by the name of each read) into the plain model."""
    inv = Inventory(found["subscription"], resource_group)
    inv.vms = [parse.vm(v) for v in found["vms"]]
    inv.nics = {key(n["id"]): parse.nic(n) for n in found["nics"]}
    for scale_set, instances, set_nics, pool in found["scale_sets"]:
        for body in instances:
            inv.vms.append(parse.vm(body, scale_set["id"]))
            inv.vms[-1].node_pool = pool
        inv.nics.update((key(n["id"]), parse.nic(n)) for n in set_nics)
    for v in found["vnets"]:
        inv.vnets[key(v["id"])] = parse.vnet(v)
        inv.subnets.update((key(sn.id), sn) for sn in parse.subnets(v))
    inv.nsgs = {key(g["id"]): parse.nsg(g) for g in found["nsgs"]}
    inv.route_tables = {key(t["id"]): parse.route_table(t) for t in found["route_tables"]}
    inv.load_balancers = {key(lb["id"]): parse.load_balancer(lb) for lb in found["load_balancers"]}
    inv.firewalls = {key(fw["id"]): parse.firewall(fw) for fw in found["firewalls"]}
    apps.fill(inv, found)
    inv.activity = found.get("activity")
    return inv


def _entered_vnets(inv: Inventory) -> List[str]:
    """The VNets (lower-cased ids) the inventory's apps send from: integration and App Service Environment subnets."""
    subnets = [a.subnet_id for a in inv.apps] + [e.subnet_id for e in inv.hosting_environments.values()]
    return [key(s.split("/subnets/")[0]) for s in subnets if s]


def _may_be_enterprise(sub: Subscription) -> bool:
    offer = decide(sub)
    return bool({offer.family, *offer.candidates} & set(OLD_VNET_FAMILIES))


def read_vnet_sides(clients, inventories: List[Inventory]) -> None:
    """What judging apps by their VNet's subscription needs besides the lists: the subscription (its GET and
    offer evidence, read_subscription) of VNets outside the run's scope, into Inventory.vnet_subscriptions of
    each inventory whose apps use them; and the creation time of the VNets apps use in a subscription that may be
    Enterprise Agreement or MCA-E (one /resources list with $expand=createdTime per such subscription)."""
    in_scope = {(inv.subscription.id or "").lower(): inv for inv in inventories}
    entered = {vnet for inv in inventories for vnet in _entered_vnets(inv)}
    users: Dict[str, List[Inventory]] = {}
    for inv in inventories:
        for sub_id in {subscription_of(v).lower() for v in _entered_vnets(inv)} - set(in_scope):
            users.setdefault(sub_id, []).append(inv)
    foreign = sorted(users)
    created = [inv for inv in inventories if _may_be_enterprise(inv.subscription)
               and any(key(v) in entered for v in inv.vnets)]
    reads = [lambda gaps, s=s: read_subscription(clients.arm(s), s, gaps) for s in foreign] + \
        [lambda gaps, inv=inv: _vnet_created(clients.arm(inv.subscription.id), inv, gaps) for inv in created]
    results = in_parallel(reads, LIST_WORKERS)
    for sub_id, (sub, gaps) in zip(foreign, results):
        for inv in users[sub_id]:
            inv.vnet_subscriptions[sub_id] = sub
            inv.gaps += [Gap("vnet_subscription", message("read.vnet-subscription", what=g.what, subscription=sub_id),
                             g.reason, g.command, g.status) for g in gaps]
    for inv, (_, gaps) in zip(created, results[len(foreign):]):
        inv.gaps += gaps


def _vnet_created(arm, inv: Inventory, gaps: List[Gap]) -> None:
    """Each VNet's createdTime from the subscription's /resources list (the VNet lists do not carry it)."""
    sub_id = inv.subscription.id
    url = f"/subscriptions/{sub_id}/resources"
    vnet_type = "Microsoft.Network/virtualNetworks"
    items = read(gaps, "vnet_created", label("vnet_created"),
                 f"az resource list --subscription {sub_id} --resource-type {vnet_type} "
                 "--query \"[].{id:id, createdTime:createdTime}\"",
                 listing(arm, url, api_versions.RESOURCES, **{"$filter": f"resourceType eq '{vnet_type}'",
                                                              "$expand": "createdTime"}))
    for item in items or []:
        vnet = inv.vnets.get(key(item.get("id")))
        if vnet is not None:
            vnet.created = parse.created(item)


def read_permissions(arm, resource_id: str) -> Optional[List[dict]]:
    """What the caller may do on `resource_id` (one entry per role: actions, notActions), or None when ARM does
    not say (the write then tells by succeeding or failing)."""
    from azure.core.exceptions import HttpResponseError
    try:
        return list(pager.pages(arm, f"{resource_id}/providers/Microsoft.Authorization/permissions",
                                api_versions.PERMISSIONS))
    except HttpResponseError:
        return None
