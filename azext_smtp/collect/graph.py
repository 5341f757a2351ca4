"""Azure Resource Graph: the resource lists of every subscription of a run in one paged query.

A Graph row carries the same `id`, `name`, `kind` and `properties` as an ARM list item, so parse.py reads it
unchanged (reader.collect with `rows`): VMs, network, apps with their slots, plans and ASEs, and the other PaaS.
The instances of uniform scale sets and their NICs are not in the `Resources` table but in `ComputeResources`
(types COMPUTE_TYPES, same `properties`), queried for the subscriptions of a batch that have a uniform scale set.
The web configuration of sites and slots (route-all) is in `AppServiceResources` (APP_CONFIG_TYPES), queried once
every batch is in, only for the subscriptions with an integrated app whose row does not say route-all.
What Graph does not hold is still read with ARM per subscription: the subscription (offer), its billing property
and usage details, the activity log. A VM's power state, scale-set instances' included, is in Graph's
`properties.extended.instanceView.powerState` (parse.vm reads it).
"""
import math
import re
import threading
import time
from typing import Dict, Iterable, Iterator, List, Optional

from . import api_versions, pager, parse
from ..core.catalog import load_catalog
from ..core.i18n import message
from ..errors import GraphRefused

RESOURCES_URL = "/providers/Microsoft.ResourceGraph/resources"
PAGE_ROWS = 1000  # the largest page Graph serves ($top)
SUBSCRIPTION_BATCH = 1000  # subscriptions named in one query
CHAINS = 4  # page chains side by side (one per batch of subscriptions): a quota's 15 queries go out in ~1 s
MIN_BATCH = 10  # subscriptions per batch at least: a few subscriptions' rows fit a page or two, one chain is enough
# The types whose lists Graph replaces (Graph's Resources table holds each with ARM's `properties`, see
# https://learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources). In a resource
# group's scope: the VMs, NICs, scale sets, apps, slots and other PaaS of the group, and the network, plans and
# App Service Environments they may use from anywhere in the subscription (as reader.collect reads them).
GROUP_TYPES = ("microsoft.compute/virtualmachines", "microsoft.network/networkinterfaces",
               "microsoft.compute/virtualmachinescalesets", "microsoft.web/sites", "microsoft.web/sites/slots")
NETWORK_TYPES = ("microsoft.network/virtualnetworks", "microsoft.network/networksecuritygroups",
                 "microsoft.network/routetables", "microsoft.network/loadbalancers",
                 "microsoft.network/azurefirewalls", "microsoft.web/serverfarms", "microsoft.web/hostingenvironments",
                 "microsoft.containerservice/managedclusters")  # AKS: the cluster of a node pool's scale set
# Uniform scale-set instances and their NICs (the `ComputeResources` table, see the supported-tables reference above
# and its sample "Virtual Machine Scale Set Uniform orchestration").
SCALE_SET_VMS = "microsoft.compute/virtualmachinescalesets/virtualmachines"
SCALE_SET_NICS = "microsoft.compute/virtualmachinescalesets/virtualmachines/networkinterfaces"
COMPUTE_TYPES = (SCALE_SET_VMS, SCALE_SET_NICS)
# The columns parse.py reads (and `type`, `subscriptionId` to split the rows): a column a parser starts reading is
# added here, or the engines differ (tests/scenario/test_engines.py compares both on every estate).
COLUMNS = "id, name, type, kind, subscriptionId, properties, sku, tags"  # tags: a scale set's aks-managed-poolName
# A VM's NICs in its own row (resources_query): the column holding them, the key the join matches on, and what of
# each NIC is packed (parse.nic reads its id, name and properties). The query's shape follows Microsoft's samples:
# "List virtual machines with their network interface and public IP" (`join kind=leftouter (Resources | where type
# =~ 'microsoft.network/networkinterfaces' | project ...) on nicId`) and "List all extensions installed on a virtual
# machine" (`join kind=leftouter (...) on ...` with `summarize ... make_list(...)`); Resource Graph allows 3 joins
# and 3 union legs a query, and the `id` column must be projected for $skipToken paging
# (https://learn.microsoft.com/azure/governance/resource-graph/concepts/query-language,
# .../concepts/work-with-data#paging-results): every row here has its own `id`.
NIC_TYPE = "microsoft.network/networkinterfaces"
NICS, JOIN_KEY = "nics", "vmKey"
NIC_PACK = "'id', id, 'name', name, 'properties', properties"
# The web configuration of sites and slots (route-all's `vnetRouteAllEnabled`) is not in `Resources` rows but in the
# `AppServiceResources` table. The supported-tables reference above lists its types as `microsoft.web/sites/config/web`
# and `microsoft.web/sites/slots/config/web`; Microsoft's sample query "List Azure App Service TLS version"
# (`AppServiceResources | where type =~ 'microsoft.web/sites/config' | project id, name, properties.MinTlsVersion`)
# filters on `microsoft.web/sites/config` and reads PascalCase properties: both spellings are asked for, and the
# properties are read case-insensitively (parse.config_route_all).
APP_CONFIG_TYPES = ("microsoft.web/sites/config", "microsoft.web/sites/slots/config",
                    "microsoft.web/sites/config/web", "microsoft.web/sites/slots/config/web")
APP_CONFIG = "app_config"  # the key a subscription's Pending rows hand the AppServiceResources rows under
APP_CONFIG_COLUMNS = "id, type, subscriptionId, properties"
SITE_TYPES = ("microsoft.web/sites", "microsoft.web/sites/slots")
SUBSCRIPTIONS_QUERY = ("ResourceContainers | where type =~ 'microsoft.resources/subscriptions' "
                       "| project id, subscriptionId, name, properties")  # `id`: past 1,000 rows Graph pages by it
RESETS_AFTER = re.compile(r"(\d+):(\d+):(\d+(?:\.\d+)?)")


def _literal(text: str) -> str:
    """A KQL string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _types(types: Iterable[str]) -> str:
    return ", ".join(map(_literal, types))


def group_types() -> tuple:
    """The types read in a group's scope: GROUP_TYPES and the catalog's other PaaS (ARM's /resources list)."""
    return GROUP_TYPES + tuple(t.lower() for t in load_catalog().other_paas)


def queried_types() -> tuple:
    """Every type the query reads (reader.collect lists every other type with ARM: policies, ...)."""
    return group_types() + NETWORK_TYPES


def resources_query(resource_group: Optional[str] = None) -> str:
    """The one `Resources` query: every type reader.collect lists, the group's own types limited to the group.

    Over whole subscriptions a VM's NICs come in its row (NIC_JOIN): NICs attached to a VM (`properties.virtualMachine`,
    always a VM of the NIC's own subscription) are gathered per VM (`summarize make_list(pack(...)) by` the VM's
    lower-cased id) and joined to the rows (`join kind=leftouter` on the row's lower-cased id: only VM rows match),
    and the NICs of no VM (private endpoints, load balancer back ends, spare NICs) follow as rows of their own
    (`union`). A tenant's rows are then about one per VM instead of two. With a resource group the NICs stay rows of
    their own: a NIC of the group may belong to a VM of another group, which the group's rows do not hold."""
    if resource_group:
        where = (f"type in~ ({_types(NETWORK_TYPES)}) or (type in~ ({_types(group_types())}) "
                 f"and resourceGroup =~ {_literal(resource_group)})")
        return f"Resources | where {where} | project {COLUMNS}"
    others = tuple(t for t in queried_types() if t != NIC_TYPE)
    return (f"Resources | where type in~ ({_types(others)}) | extend {JOIN_KEY} = tolower(id) "
            f"| join kind=leftouter (Resources | where type =~ {_literal(NIC_TYPE)} and "
            f"isnotempty(properties.virtualMachine.id) "
            f"| extend {JOIN_KEY} = tolower(tostring(properties.virtualMachine.id)) "
            f"| summarize {NICS} = make_list(pack({NIC_PACK})) by {JOIN_KEY}) on {JOIN_KEY} "
            f"| union (Resources | where type =~ {_literal(NIC_TYPE)} and isempty(properties.virtualMachine.id)) "
            f"| project {COLUMNS}, {NICS}")


def compute_query(resource_group: Optional[str] = None) -> str:
    """The `ComputeResources` query: uniform scale-set instances and their NICs (of the group, with one)."""
    where = f"type in~ ({_types(COMPUTE_TYPES)})" + \
        (f" and resourceGroup =~ {_literal(resource_group)}" if resource_group else "")
    return f"ComputeResources | where {where} | project {COLUMNS}"


def app_config_query(resource_group: Optional[str] = None) -> str:
    """The `AppServiceResources` query: the web configuration rows of sites and slots (of the group, with one)."""
    where = f"type in~ ({_types(APP_CONFIG_TYPES)})" + \
        (f" and resourceGroup =~ {_literal(resource_group)}" if resource_group else "")
    return f"AppServiceResources | where {where} | project {APP_CONFIG_COLUMNS}"


def needs_app_config(rows: Dict[str, list]) -> bool:
    """Whether a subscription's rows hold an integrated site or slot whose row does not say route-all."""
    return any(parse.config_needed(row) for t in SITE_TYPES for row in rows.get(t, []))


def uniform(scale_set: dict) -> bool:
    """Whether a scale set is in Uniform orchestration (its instances and NICs are then not in the flat lists)."""
    return ((scale_set.get("properties") or {}).get("orchestrationMode") or "Uniform").lower() == "uniform"


def split(rows: Iterable[dict], subscription_ids: Iterable[str]) -> Dict[str, Dict[str, list]]:
    """Rows per subscription (as given), then per lower-cased type, in the order Graph sent them. The NICs a VM's row
    carries (NICS, see resources_query) become NIC rows of the VM's subscription, as if Graph had sent them alone."""
    by_sub: Dict[str, Dict[str, list]] = {s: {} for s in subscription_ids}
    lower = {s.lower(): s for s in by_sub}
    for row in rows:
        sub = lower.get((row.get("subscriptionId") or "").lower())
        if sub is None:
            continue
        nics = row.pop(NICS, None)
        by_sub[sub].setdefault((row.get("type") or "").lower(), []).append(row)
        for nic in nics or ():
            by_sub[sub].setdefault(NIC_TYPE, []).append(
                {**nic, "type": NIC_TYPE, "subscriptionId": row.get("subscriptionId")})
    return by_sub


def truncated():
    """Graph cut the result instead of paging it (`resultTruncated`: a query it cannot page): an HttpResponseError, so
    the run falls back to ARM's lists (engine.collect) rather than judging part of the rows."""
    from azure.core.exceptions import HttpResponseError
    err = HttpResponseError(message="result truncated")
    err.reason = "result truncated"
    return err


def _seconds(text: Optional[str]) -> float:
    """`x-ms-user-quota-resets-after` (hh:mm:ss) in seconds; 0 when absent or unreadable."""
    m = RESETS_AFTER.fullmatch((text or "").strip())
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)) if m else 0.0


class Session:
    """Graph queries through one client, kept inside the caller's quota.

    Graph tells each answer's remaining quota (`x-ms-user-quota-remaining`) and when it refills
    (`x-ms-user-quota-resets-after`): at 0 the next queries wait for the refill instead of drawing 429s. A 429 that
    still comes (queries in flight, another tool of the same user) is retried by azure-core after its Retry-After
    (clients.RETRIES). Thread-safe: page chains of several subscription batches share one quota."""

    def __init__(self, client, sleep=time.sleep, clock=time.monotonic):
        # Raw JSON through the client's pipeline as pager.py reads ARM (no SDK models: 1,000-row pages). The
        # generated ResourceGraphClient 8 names its `send_request` `_send_request` and documents that use.
        self.send = getattr(client, "send_request", None) or client._send_request  # pylint: disable=protected-access
        self.sleep, self.clock = sleep, clock
        self.lock = threading.Lock()
        self.remaining: Optional[int] = None  # queries left until reset_at; None: not known (a fresh quota)
        self.reset_at = 0.0
        self.in_flight = 0

    def _acquire(self):
        """Wait until the quota has a query left that the queries in flight have not taken."""
        while True:
            with self.lock:
                now = self.clock()
                if self.remaining is not None and now >= self.reset_at:
                    self.remaining = None
                if self.remaining is None or self.remaining > self.in_flight:
                    self.in_flight += 1
                    return
                wait = self.reset_at - now
            self.sleep(wait)

    def _release(self, headers):
        remaining = headers.get("x-ms-user-quota-remaining")
        with self.lock:
            self.in_flight -= 1
            if remaining is None or not remaining.strip().isdigit():
                return
            now, left = self.clock(), int(remaining)
            if self.remaining is None or now >= self.reset_at or left < self.remaining:
                self.remaining = left
                self.reset_at = now + _seconds(headers.get("x-ms-user-quota-resets-after"))

    def _send(self, body: dict) -> dict:
        from azure.core.rest import HttpRequest
        self._acquire()
        headers = {}
        try:
            response = pager.sent(
                self.send, HttpRequest("POST", RESOURCES_URL, params={"api-version": api_versions.GRAPH}, json=body))
            headers = response.headers
        finally:
            self._release(headers)
        return pager.answer(response)

    def rows(self, query: str, subscriptions: Optional[List[str]] = None,
             management_groups: Optional[List[str]] = None) -> Iterator[dict]:
        """Every row of `query`, page after page (`$skipToken`), as plain dicts (objectArray)."""
        options = {"resultFormat": "objectArray", "$top": PAGE_ROWS}
        scope = {"subscriptions": subscriptions} if subscriptions else {"managementGroups": management_groups}
        seen = set()
        while True:
            page = self._send({**scope, "query": query, "options": options})
            if str(page.get("resultTruncated")).lower() == "true":  # rows left that no $skipToken reaches
                raise truncated()
            yield from page.get("data") or []
            token = page.get("$skipToken")
            if not token:
                return
            if token in seen or len(seen) >= pager.MAX_PAGES:  # a loop: Graph is then refused like any failure
                raise pager.page_loop()
            seen.add(token)
            options = {**options, "$skipToken": token}

    def resources(self, subscription_ids: List[str], resource_group: Optional[str]) -> Dict[str, Dict[str, list]]:
        """The rows of `resources_query` for these subscriptions, then of `compute_query` for those of them with a
        uniform scale set, split per subscription and type."""
        found = split(self.rows(resources_query(resource_group), subscription_ids), subscription_ids)
        with_sets = [s for s in subscription_ids
                     if any(map(uniform, found[s].get("microsoft.compute/virtualmachinescalesets", [])))]
        if with_sets:
            for sub, rows in split(self.rows(compute_query(resource_group), with_sets), with_sets).items():
                found[sub].update(rows)
        return found

    def app_configs(self, batch_rows: Iterable, resource_group: Optional[str]) -> Dict[str, list]:
        """The `app_config_query` rows per subscription, once the `resources` of every batch (futures) are in: one
        query (SUBSCRIPTION_BATCH subscriptions a page chain) over the subscriptions with an integrated app whose
        row does not say route-all, and none when there is no such app (each query counts against Graph's quota)."""
        found: Dict[str, Dict[str, list]] = {}
        for batch in batch_rows:
            found.update(batch.result())
        wanted = [s for s, rows in found.items() if needs_app_config(rows)]
        configs: Dict[str, list] = {s: [] for s in wanted}
        for i in range(0, len(wanted), SUBSCRIPTION_BATCH):
            chunk = wanted[i:i + SUBSCRIPTION_BATCH]
            for sub, rows in split(self.rows(app_config_query(resource_group), chunk), chunk).items():
                configs[sub] = [row for of_type in rows.values() for row in of_type]
        return configs

    def management_group_subscriptions(self, group: str) -> List[str]:
        """Ids of the enabled subscriptions under a management group (and the groups below it)."""
        return [r["subscriptionId"] for r in self.rows(SUBSCRIPTIONS_QUERY, management_groups=[group])
                if ((r.get("properties") or {}).get("state") or "Enabled").lower() == "enabled"]


def batches(subscription_ids: List[str]) -> List[List[str]]:
    """Subscriptions in up to CHAINS batches (MIN_BATCH to SUBSCRIPTION_BATCH each): one page chain per batch, the
    chains side by side."""
    size = min(SUBSCRIPTION_BATCH, max(MIN_BATCH, math.ceil(len(subscription_ids) / CHAINS)))
    return [subscription_ids[i:i + size] for i in range(0, len(subscription_ids), size)]


class Pending:  # pylint: disable=too-few-public-methods
    """A subscription's rows while its batch's query runs: reader.collect reads the subscription, billing and usage
    meanwhile, and waits here only for the lists."""

    def __init__(self, future, subscription_id: str, app_configs=None):
        self.future, self.subscription_id, self.app_configs = future, subscription_id, app_configs

    def get(self, key: str, default=None):
        """The rows of a lower-cased type, or for APP_CONFIG the subscription's AppServiceResources rows."""
        from azure.core.exceptions import AzureError, HttpResponseError
        if key == APP_CONFIG:
            try:  # a refused or failed query: every app's /config/web is read with ARM instead
                return self.app_configs.result().get(self.subscription_id, default) if self.app_configs else default
            except AzureError:
                return default
        try:
            rows = self.future.result()
        except HttpResponseError as err:
            code = pager.error_code(err)
            said = f"{err.status_code or err.reason}{' ' + code if code else ''}"
            raise GraphRefused(message("graph.refused", said=said)) from err
        return rows[self.subscription_id].get(key, default)
