"""Reads one subscription (optionally one resource group) into an Inventory.

Bulk list calls only: the number of ARM requests grows with pages, never with VMs.
A read that fails becomes a Gap (what, why, how to settle it), never a silent default.
"""
from datetime import date, datetime, timedelta, timezone
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from threading import Lock
from typing import Callable, Dict, List, Optional, Tuple
from urllib.parse import quote

from . import apps, graph, pager, parse, policies
from ..core.ids import group_of
from ..core.catalog import load_catalog
from ..core.model import ActivityLog, Gap, Inventory, Subscription, Usage, key
from ..core.offer import decide

BILLING_API_VERSION = "2024-04-01"
# Reads in flight: the lists of one subscription side by side, and several subscriptions at once. ARM refills
# 25 reads/s per subscription and principal (bucket 250), so 8 lists of one subscription stay well inside it;
# SUBSCRIPTION_WORKERS x LIST_WORKERS caps a whole run at 32 requests in flight.
LIST_WORKERS = 8
SUBSCRIPTION_WORKERS = 4
# A list the caller may not read subscription-wide is read group by group, this many groups at once, in the
# thread that waited for the list (a subscription's run then has at most LIST_WORKERS x GROUP_WORKERS in flight).
GROUP_WORKERS = 4
USAGE_API_VERSION = "2023-05-01"
ACTIVITY_API_VERSION = "2015-04-01"  # what azure-mgmt-monitor's activity_logs.list sends
ACTIVITY_LOG_RETENTION = timedelta(days=90)  # how far back the activity log can be read


class ScopeNotFound(Exception):
    """The subscription or resource group asked for does not exist (or is invisible to the caller)."""


def _reason(err) -> str:
    from azure.core.exceptions import HttpResponseError
    if not isinstance(err, HttpResponseError):  # no answer at all: timeout, connection reset, DNS
        return f"no answer ({type(err).__name__})"
    code = getattr(getattr(err, "error", None), "code", None) or getattr(err, "reason", None) or type(err).__name__
    return f"{getattr(err, 'status_code', None) or ''} {code}".strip()


def _read(gaps: List[Gap], what: str, command: str, fn: Callable):
    """Run one read; on an HTTP failure, a page loop or no answer (timeout) record a Gap and return None."""
    from azure.core.exceptions import AzureError
    try:
        return fn()
    except AzureError as err:
        status = getattr(err, "status_code", None)
        if status == 404 and "ResourceGroupNotFound" in str(err):
            raise ScopeNotFound(str(err.message if hasattr(err, "message") else err)) from err
        gaps.append(Gap(what, _reason(err), command, status))
        return None


def _counted(items: list, on_items: Optional[Callable[[int], None]]) -> list:
    if on_items:
        on_items(len(items))
    return items


def _listing(client, url: str, api_version: str, on_items: Optional[Callable[[int], None]] = None,
             **params) -> Callable[[], list]:
    """A raw list read (JSON items, no SDK models) through `client`'s pipeline; `on_items` hears how many."""
    return lambda: _counted(list(pager.pages(client, url, api_version, params)), on_items)


def read_subscription(arm, subscription_id: str, gaps: List[Gap]) -> Subscription:
    """The subscription's quotaId and spendingLimit, its billing property and, while the offer is still open,
    its usage details; failures are recorded as gaps. `arm` is the client whose pipeline carries every read of
    the subscription (one TLS context and one token, not one per SDK client)."""
    body = _read(gaps, "subscription", f"az account show --subscription {subscription_id}",
                 lambda: pager.get(arm, f"/subscriptions/{subscription_id}", pager.SUBSCRIPTION_API_VERSION))
    sub = parse.subscription(body) if body is not None else Subscription(subscription_id)
    sub.id = sub.id or subscription_id
    billing_id = f"/subscriptions/{subscription_id}/providers/Microsoft.Billing/billingProperty/default"
    prop = _read(gaps, "billing property",
                 f'az rest --method get --url "{billing_id}?api-version={BILLING_API_VERSION}" '
                 "(needs a billing reader role on the billing account)",
                 lambda: pager.get(arm, billing_id, BILLING_API_VERSION))
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
    authenticated ARM pipeline (the network client's `send_request`); errors are evidence, not gaps, when
    their code says something about the agreement."""
    from azure.core.exceptions import HttpResponseError
    url = f"/subscriptions/{sub.id}/providers/Microsoft.Consumption/usageDetails"
    start, end = _previous_month(datetime.now(timezone.utc).date())
    command = f'az rest --method get --url "{url}?api-version={USAGE_API_VERSION}&$top=1"'
    for period, extra in (("current", {}), ("previous", {"startDate": start.isoformat(), "endDate": end.isoformat()})):
        try:
            body = pager.get(arm, url, USAGE_API_VERSION, {"$top": "1", **extra})
        except HttpResponseError as err:
            code = pager.error_code(err)
            if code in load_catalog().offers.usage_errors:
                return Usage("error", error_code=code, period=period)
            gaps.append(Gap("usage details", f"{err.status_code} {code}" if code else _reason(err), command,
                            err.status_code))
            return None
        found = parse.usage(body, period)
        if found:
            return found
    return Usage("empty")


def _scale_sets(gaps: List[Gap], sub_id: str, network, listed_sets, on_items=None):
    """Uniform scale sets with their instances and NICs, which the flat VM and NIC lists leave out: read per set."""
    found = []
    for scale_set in listed_sets(gaps):
        if ((scale_set.get("properties") or {}).get("orchestrationMode") or "Uniform").lower() != "uniform":
            continue
        rg, name = group_of(scale_set["id"]), scale_set["name"]
        scope = f"--subscription {sub_id} -g {rg}"
        url = pager.scope_url(sub_id, rg, f"Microsoft.Compute/virtualMachineScaleSets/{quote(name, safe='')}")
        vms = _read(gaps, f"instances of scale set {name}", f"az vmss list-instances {scope} -n {name}",
                    _listing(network, f"{url}/virtualMachines", pager.COMPUTE_API_VERSION, on_items,
                             **{"$expand": "instanceView"}))
        nics = _read(gaps, "network interfaces", f"az vmss nic list {scope} --vmss-name {name}",
                     _listing(network, f"{url}/networkInterfaces", pager.VMSS_NIC_API_VERSION, on_items))
        found.append((scale_set, vms or [], nics or []))
    return found


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _activity(gaps: List[Gap], arm, sub_id: str, resource_group: Optional[str], since: datetime):
    """Succeeded operations since the exemption (one paged list call, raw through `arm`'s pipeline and
    pager.pages' guards like every list; the log keeps 90 days)."""
    until = datetime.now(timezone.utc)
    since = max(since, until - ACTIVITY_LOG_RETENTION + timedelta(hours=1))
    # UTC with Z: a raw '+' in the query string would be read back as a space
    query = f"eventTimestamp ge '{_utc(since)}' and eventTimestamp le '{_utc(until)}'"
    if resource_group:
        query += f" and resourceGroupName eq '{resource_group}'"
    events = _read(gaps, "activity log", f"az monitor activity-log list --subscription {sub_id} --start-time "
                   f"{since.isoformat()}" + (f" -g {resource_group}" if resource_group else ""),
                   _listing(arm, f"/subscriptions/{sub_id}/providers/Microsoft.Insights/eventtypes/management/values",
                            ACTIVITY_API_VERSION, **{"$filter": query,
                                                     "$select": "eventTimestamp,operationName,resourceId,status"}))
    if events is None:
        return None
    return ActivityLog(since, until, [e for e in map(parse.activity_event, events) if e])


def in_parallel(reads: List[Callable[[List[Gap]], object]], workers: int) -> List[Tuple[object, List[Gap]]]:
    """Run independent reads side by side; each page chain stays a chain inside its read.

    Results and gaps come back in the order the reads were given, so the output never depends on timing.
    Retries stay azure-core's (per request, honouring Retry-After): the pool adds none."""
    def run(read):
        gaps = []
        return read(gaps), gaps
    if workers <= 1 or len(reads) <= 1:
        return [run(r) for r in reads]
    with ThreadPoolExecutor(max_workers=min(workers, len(reads)), thread_name_prefix="azsmtp-read") as pool:
        futures = [pool.submit(run, r) for r in reads]
        return [f.result() for f in futures]


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
    scope = f"--subscription {subscription_id}" + (f" -g {resource_group}" if resource_group else "")
    network = clients.network(subscription_id)  # its pipeline carries every list (send_request)

    groups = _visible_groups(network, subscription_id)

    queried = graph.queried_types() if rows is not None else ()

    def from_graph(provider_type):
        return rows is not None and provider_type.lower() in queried

    def listed(what, command, provider_type, api_version=pager.NETWORK_API_VERSION, shared=False, **params):
        """One list over the scope. Read subscription-wide (always for `shared` network resources a VM may use
        from another group: hub VNets, shared NSGs and route tables); when that is forbidden, group by group.
        Lists Resource Graph already read (`rows`) are taken from there."""
        if from_graph(provider_type):
            return lambda gaps: _counted(rows.get(provider_type.lower(), []), on_items)

        def read_in(group):
            return _listing(network, pager.scope_url(subscription_id, group, provider_type), api_version, on_items,
                            **params)

        def read(gaps):
            if resource_group and not shared:
                return _read(gaps, what, f"{command} {scope}", read_in(resource_group)) or []
            forbidden = []
            items = _read(forbidden, what, f"{command} --subscription {subscription_id}", read_in(None))
            if items is not None or forbidden[0].status not in (401, 403):
                gaps += forbidden
                return items or []
            return _group_by_group(gaps, forbidden[0], [resource_group] if resource_group else groups,
                                   lambda group_gaps, g: _read(group_gaps, f"{what} in resource group {g}",
                                                               f"{command} --subscription {subscription_id} -g {g}",
                                                               read_in(g)))
        return read

    compute = pager.COMPUTE_API_VERSION
    reads = [
        lambda gaps: read_subscription(network, subscription_id, gaps),
        listed("virtual machines", "az vm list", "Microsoft.Compute/virtualMachines", compute,
               **{"$expand": "instanceView"}),  # power state
        listed("network interfaces", "az network nic list", "Microsoft.Network/networkInterfaces"),
        lambda gaps: _scale_sets(gaps, subscription_id, network, listed(
            "virtual machine scale sets", "az vmss list", "Microsoft.Compute/virtualMachineScaleSets", compute),
            on_items),
        listed("virtual networks", "az network vnet list", "Microsoft.Network/virtualNetworks", shared=True),
        listed("network security groups", "az network nsg list", "Microsoft.Network/networkSecurityGroups",
               shared=True),
        listed("route tables", "az network route-table list", "Microsoft.Network/routeTables", shared=True),
        listed("public IP addresses", "az network public-ip list", "Microsoft.Network/publicIPAddresses",
               shared=True),
        listed("NAT gateways", "az network nat gateway list", "Microsoft.Network/natGateways", shared=True),
        listed("load balancers", "az network lb list", "Microsoft.Network/loadBalancers", shared=True),
        listed("Azure Firewalls", "az network firewall list", "Microsoft.Network/azureFirewalls", shared=True),
    ]
    reads += apps.reads(network, subscription_id, resource_group, read=_read, listing=_listing, listed=listed,
                        shared=partial(listed, shared=True), graph=rows is not None)
    if exempted_at:
        reads.append(lambda gaps: _activity(gaps, network, subscription_id, resource_group, exempted_at))
    results = in_parallel(reads, LIST_WORKERS)
    inv = _inventory(results, resource_group)
    policies.read_into(inv, network, subscription_id)  # Firewall Policies and IP groups, when a firewall uses them
    return inv


def _visible_groups(client, subscription_id: str) -> Callable[[], Tuple[Optional[List[str]], Optional[Gap]]]:
    """The resource groups the caller can see (listed once per subscription, on first need): (names, None),
    or (None, the gap) when they cannot be listed either."""
    lock, found = Lock(), []

    def groups():
        with lock:
            if not found:
                gaps = []
                items = _read(gaps, "resource groups", f"az group list --subscription {subscription_id}",
                              _listing(client, f"/subscriptions/{subscription_id}/resourcegroups",
                                       pager.RESOURCES_API_VERSION))
                found.append(([g["name"] for g in items], None) if items is not None else (None, gaps[0]))
            return found[0]
    return groups


def _group_by_group(gaps: List[Gap], forbidden: Gap, groups, read_group: Callable) -> list:
    """The items of a list read in each group (`groups`: a list of names, or the `_visible_groups` reader) after
    the subscription-wide list was refused; the refusal and every group that fails too are gaps."""
    if callable(groups):
        names, failed = groups()
        if names is None:
            gaps.append(Gap(forbidden.what, f"{forbidden.reason} on the subscription-wide list, and the resource "
                                            f"groups could not be listed ({failed.reason})", forbidden.command,
                            forbidden.status))
            return []
        read = f"read group by group in the {len(names)} resource group(s) you can see (others are not covered)"
    else:
        names = groups
        read = f"only resource group {names[0]} was read"
    gaps.append(Gap(forbidden.what, f"{forbidden.reason} on the subscription-wide list; {read}", forbidden.command,
                    forbidden.status))

    def read_one(group_gaps, group):
        try:
            return read_group(group_gaps, group)
        except ScopeNotFound:  # deleted since it was listed: it holds nothing any more
            return []
    results = in_parallel([lambda group_gaps, g=g: read_one(group_gaps, g) for g in names], GROUP_WORKERS)
    gaps += [g for _, group_gaps in results for g in group_gaps]
    return [item for items, _ in results for item in items or []]


def _inventory(results, resource_group: Optional[str]) -> Inventory:
    """Parse what the reads returned into the plain model, in a fixed order (gaps in the order of the reads)."""
    (sub, _), (vms, _), (nics, _), (scale_sets, _), (vnets, _), (nsgs, _), (tables, _), (pips, _), (nats, _), \
        (lbs, _), (firewalls, _) = results[:11]
    inv = Inventory(sub, resource_group, gaps=[g for _, gaps in results for g in gaps])
    inv.vms = [parse.vm(v) for v in vms]
    inv.nics = {key(n["id"]): parse.nic(n) for n in nics}
    for scale_set, instances, set_nics in scale_sets:
        inv.vms += [parse.vm(v, scale_set["id"]) for v in instances]
        inv.nics.update((key(n["id"]), parse.nic(n)) for n in set_nics)
    for v in vnets:
        inv.vnets[key(v["id"])] = parse.vnet(v)
        inv.subnets.update((key(sn.id), sn) for sn in parse.subnets(v))
    inv.nsgs = {key(g["id"]): parse.nsg(g) for g in nsgs}
    inv.route_tables = {key(t["id"]): parse.route_table(t) for t in tables}
    inv.public_ips = {key(p["id"]): parse.public_ip(p) for p in pips}
    inv.nat_gateways = {key(n["id"]): n.get("name") for n in nats}
    inv.load_balancers = {key(lb["id"]): parse.load_balancer(lb) for lb in lbs}
    inv.firewalls = {key(fw["id"]): parse.firewall(fw) for fw in firewalls}
    apps.fill(inv, results[11:11 + apps.READS])
    if len(results) > 11 + apps.READS:
        inv.activity = results[11 + apps.READS][0]
    return inv


PERMISSIONS_API_VERSION = "2022-04-01"


def read_permissions(arm, resource_id: str) -> Optional[List[dict]]:
    """What the caller may do on `resource_id` (one entry per role: actions, notActions), or None when ARM does
    not say (the write then tells by succeeding or failing)."""
    from azure.core.exceptions import HttpResponseError
    try:
        return list(pager.pages(arm, f"{resource_id}/providers/Microsoft.Authorization/permissions",
                                PERMISSIONS_API_VERSION))
    except HttpResponseError:
        return None
