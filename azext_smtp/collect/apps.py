"""Reads App Service (sites, their slots, plans, App Service Environments) and the other PaaS that run user code.

With ARM: one subscription-wide list per type, one slot list per site, and one filtered /resources list for every
other PaaS type (ARM's `$filter=resourceType eq 'A' or resourceType eq 'B'`). With Resource Graph rows (graph.py)
every one of them, slots included, comes from the rows. Failures become gaps like every read.
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
          listed: Callable, shared: Callable, graph: bool = False) -> List[Callable]:
    """The four reads, for reader.collect to run side by side with its own: `read`, `listing`, `listed` and
    `shared` are reader's (a Gap on failure; a raw list; a list over the scope; a subscription-wide list).
    `graph`: `listed` answers from Resource Graph rows, which hold the slots and other PaaS types too."""
    scope = f"--subscription {subscription_id}" + (f" -g {resource_group}" if resource_group else "")

    def from_rows(gaps: List[Gap]):
        """Each site followed by its slots, from the rows (a slot's id is its site's id + /slots/name)."""
        slots: dict = {}
        for slot in listed("deployment slots", "", "Microsoft.Web/sites/slots")(gaps):
            slots.setdefault(key(slot["id"].rsplit("/slots/", 1)[0]), []).append(slot)
        return [pair for site in listed("web apps", "", "Microsoft.Web/sites")(gaps)
                for pair in [(site, None)] + [(slot, site["id"]) for slot in slots.get(key(site["id"]), [])]]

    def sites(gaps: List[Gap]):
        if graph:
            return from_rows(gaps)
        found = []
        for site in listed("web apps", "az webapp list", "Microsoft.Web/sites", WEB_API_VERSION)(gaps):
            command = f"az webapp deployment slot list --subscription {subscription_id} -g " \
                      f"{group_of(site['id'])} -n {site['name']}"
            slots = read(gaps, f"deployment slots of {site['name']}", command,
                         listing(network, f"{site['id']}/slots", WEB_API_VERSION)) or []
            found += [(site, None)] + [(slot, site["id"]) for slot in slots]
        return found

    def others(gaps: List[Gap]):
        if graph:
            return [r for t in load_catalog().other_paas for r in listed("other PaaS resources", "", t)(gaps)]
        url = f"/subscriptions/{subscription_id}" + \
            (f"/resourceGroups/{quote(resource_group, safe='')}" if resource_group else "") + "/resources"
        return read(gaps, "other PaaS resources", f'az resource list {scope} --query "[?{_jmes_types()}]"',
                    listing(network, url, RESOURCES_API_VERSION, **{"$filter": paas_filter()})) or []

    return [
        sites,
        shared("App Service plans", "az appservice plan list", "Microsoft.Web/serverfarms", WEB_API_VERSION),
        shared("App Service Environments", "az appservice ase list", "Microsoft.Web/hostingEnvironments",
               WEB_API_VERSION),
        others,
    ]


def _jmes_types() -> str:
    return " || ".join(f"type=='{t}'" for t in load_catalog().other_paas)


def fill(inv: Inventory, results) -> None:
    """Parse what reads() returned (results in its order) into the inventory."""
    (sites, _), (plans, _), (environments, _), (others, _) = results
    inv.apps = [parse.app(body, site_id) for body, site_id in sites]  # each site followed by its slots
    inv.app_plans = {key(p["id"]): parse.app_plan(p) for p in plans}
    inv.hosting_environments = {key(e["id"]): parse.hosting_environment(e) for e in environments}
    known = {t.lower(): t for t in load_catalog().other_paas}  # Graph lower-cases types: the catalog's spelling
    found = [dict(r, type=known[(r.get("type") or "").lower()]) for r in others
             if (r.get("type") or "").lower() in known]
    inv.other_paas = [parse.paas_resource(r) for r in sorted(found, key=lambda r: key(r["id"]))]  # either engine
