"""Reads App Service (sites, their slots, plans, App Service Environments) and the other PaaS that run user code.

One subscription-wide list per type, one slot list per site, and one filtered /resources list for every other
PaaS type (ARM's `$filter=resourceType eq 'A' or resourceType eq 'B'`). Failures become gaps like every read.
"""
from typing import Callable, List, Optional
from urllib.parse import quote

from . import parse
from ..core.catalog import load_catalog
from ..core.ids import group_of
from ..core.model import Gap, Inventory, key

WEB_API_VERSION = "2024-11-01"  # reports outboundVnetRouting (applicationTraffic, allTraffic)
RESOURCES_API_VERSION = "2021-04-01"
READS = 4  # how many entries reads() returns: fill() takes their results in the same order


def paas_filter() -> str:
    """`resourceType eq '...' or ...` over the catalog's other PaaS types."""
    return " or ".join(f"resourceType eq '{t}'" for t in load_catalog().other_paas)


def reads(network, subscription_id: str, resource_group: Optional[str], *, read: Callable, listing: Callable,
          listed: Callable, shared: Callable) -> List[Callable]:
    """The four reads, for reader.collect to run side by side with its own: `read`, `listing`, `listed` and
    `shared` are reader's (a Gap on failure; a raw list; a list over the scope; a subscription-wide list)."""
    scope = f"--subscription {subscription_id}" + (f" -g {resource_group}" if resource_group else "")

    def sites(gaps: List[Gap]):
        found = []
        for site in listed("web apps", "az webapp list", "Microsoft.Web/sites", WEB_API_VERSION)(gaps):
            command = f"az webapp deployment slot list --subscription {subscription_id} -g " \
                      f"{group_of(site['id'])} -n {site['name']}"
            slots = read(gaps, f"deployment slots of {site['name']}", command,
                         listing(network, f"{site['id']}/slots", WEB_API_VERSION)) or []
            found += [(site, None)] + [(slot, site["id"]) for slot in slots]
        return found

    url = f"/subscriptions/{subscription_id}" + \
        (f"/resourceGroups/{quote(resource_group, safe='')}" if resource_group else "") + "/resources"
    return [
        sites,
        shared("App Service plans", "az appservice plan list", "Microsoft.Web/serverfarms", WEB_API_VERSION),
        shared("App Service Environments", "az appservice ase list", "Microsoft.Web/hostingEnvironments",
               WEB_API_VERSION),
        lambda gaps: read(gaps, "other PaaS resources",
                          f'az resource list {scope} --query "[?{_jmes_types()}]"',
                          listing(network, url, RESOURCES_API_VERSION, **{"$filter": paas_filter()})) or [],
    ]


def _jmes_types() -> str:
    return " || ".join(f"type=='{t}'" for t in load_catalog().other_paas)


def fill(inv: Inventory, results) -> None:
    """Parse what reads() returned (results in its order) into the inventory."""
    (sites, _), (plans, _), (environments, _), (others, _) = results
    inv.apps = [parse.app(body, site_id) for body, site_id in sites]  # each site followed by its slots
    inv.app_plans = {key(p["id"]): parse.app_plan(p) for p in plans}
    inv.hosting_environments = {key(e["id"]): parse.hosting_environment(e) for e in environments}
    known = {t.lower() for t in load_catalog().other_paas}
    inv.other_paas = [parse.paas_resource(r) for r in others if (r.get("type") or "").lower() in known]
