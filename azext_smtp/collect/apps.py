"""Reads App Service (sites, their slots, plans, App Service Environments) and the other PaaS that run user code.

With ARM: one subscription-wide list per type, one slot list per site, and one filtered /resources list for every
other PaaS type (ARM's `$filter=resourceType eq 'A' or resourceType eq 'B'`). With Resource Graph rows (graph.py)
every one of them, slots included, comes from the rows. An integrated app whose own properties leave route-all unsaid
has its web configuration read: from Graph's appserviceresources rows (graph.app_config_query) with Graph, else or
when its row does not say with ARM's GET /config/web. Failures become gaps like every read.
"""
import re
from typing import Callable, Dict, List
from urllib.parse import quote

from . import api_versions, graph, pager, parse
from .reads import listing, read
from ..core.catalog import load_catalog
from ..core.ids import group_of, subscription_of
from ..core.i18n import message
from ..core.model import Gap, Inventory, key, label


CONFIG_SUFFIX = re.compile(r"/config(?:/web)?$", re.I)


def paas_filter() -> str:
    """`resourceType eq '...' or ...` over the catalog's other PaaS types."""
    return " or ".join(f"resourceType eq '{t}'" for t in load_catalog().other_paas)


def reads(lists) -> Dict[str, Callable[[List[Gap]], list]]:
    """The four reads by name (model.READS keys), for reader.collect to run side by side with its own; `lists`
    (lists.Lists) reads a type over the run's scope, from Resource Graph rows when `lists.graph` (which hold the
    slots and other PaaS types too)."""
    subscription_id, resource_group = lists.subscription_id, lists.resource_group

    def from_rows(gaps: List[Gap]):
        """Each site followed by its slots, from the rows (a slot's id is its site's id + /slots/name)."""
        slots: dict = {}
        for slot in lists.listed("slots", "", "Microsoft.Web/sites/slots")(gaps):
            slots.setdefault(key(slot["id"].rsplit("/slots/", 1)[0]), []).append(slot)
        return [pair for site in lists.listed("apps", "", "Microsoft.Web/sites")(gaps)
                for pair in [(site, None)] + [(slot, site["id"]) for slot in slots.get(key(site["id"]), [])]]

    def sites(gaps: List[Gap]):
        if lists.graph:
            return from_rows(gaps)
        found = []
        for site in lists.listed("apps", "az webapp list", "Microsoft.Web/sites", api_versions.WEB)(gaps):
            command = f"az webapp deployment slot list --subscription {subscription_id} -g " \
                      f"{group_of(site['id'])} -n {site['name']}"
            slots = read(gaps, "slots", message("read.of", what=label("slots"), name=site["name"]), command,
                         listing(lists.arm, f"{site['id']}/slots", api_versions.WEB)) or []
            found += [(site, None)] + [(slot, site["id"]) for slot in slots]
        return found

    def others(gaps: List[Gap]):
        if lists.graph:
            return [r for t in load_catalog().other_paas for r in lists.listed("other_paas", "", t)(gaps)]
        url = f"/subscriptions/{subscription_id}" + \
            (f"/resourceGroups/{quote(resource_group, safe='')}" if resource_group else "") + "/resources"
        return read(gaps, "other_paas", label("other_paas"),
                    f'az resource list {lists.scope} --query "[?{_jmes_types()}]"',
                    listing(lists.arm, url, api_versions.RESOURCES, **{"$filter": paas_filter()})) or []

    def with_config(gaps: List[Gap]):
        """Each (site, its site id) with its /config/web properties, read only for an integrated app whose own
        properties do not say whether all traffic is routed into the VNet: from Resource Graph's appserviceresources
        rows with Graph, else (or when no row says) with an ARM GET (Reader can)."""
        found = sites(gaps)
        rows = _graph_configs(lists) if lists.graph and any(parse.config_needed(b) for b, _ in found) else {}
        return [(body, site_id, _config(lists.arm, body, gaps, rows)) for body, site_id in found]

    return {
        "apps": with_config,
        "app_plans": lists.shared("app_plans", "az appservice plan list", "Microsoft.Web/serverfarms",
                                  api_versions.WEB),
        "hosting_environments": lists.shared("hosting_environments", "az appservice ase list",
                                             "Microsoft.Web/hostingEnvironments", api_versions.WEB),
        "other_paas": others,
    }


def _graph_configs(lists) -> Dict[str, dict]:
    """The properties of the subscription's appserviceresources rows by the id of their site or slot (a row's id is
    the site's or slot's id + /config/web)."""
    return {key(CONFIG_SUFFIX.sub("", row["id"])): row.get("properties") or {}
            for row in lists.rows.get(graph.APP_CONFIG, []) if isinstance(row.get("id"), str)}


def _config(arm, body: dict, gaps: List[Gap], rows: Dict[str, dict]):
    """The site's or slot's /config/web properties when its own do not settle route-all, else None: its Resource
    Graph row's (`rows`) when that says, else ARM's GET."""
    if not parse.config_needed(body):
        return None
    row = rows.get(key(body["id"]))
    if parse.config_route_all(row) is not None:
        return row
    site, _, slot = body["name"].partition("/")
    command = f"az webapp config show --subscription {subscription_of(body['id'])} -g {group_of(body['id'])} " \
              f"-n {site}" + (f" --slot {slot}" if slot else "") + " --query vnetRouteAllEnabled"
    found = read(gaps, "app_config", message("read.of", what=label("app_config"), name=body["name"]), command,
                 lambda: pager.get(arm, f"{body['id']}/config/web", api_versions.WEB))
    return (found.get("properties") or {}) if found is not None else None


def _jmes_types() -> str:
    return " || ".join(f"type=='{t}'" for t in load_catalog().other_paas)


def fill(inv: Inventory, found: Dict[str, list]) -> None:
    """Parse what reads() returned (`found`: each result by the name of its read) into the inventory."""
    inv.apps = [parse.app(*found_app) for found_app in found["apps"]]  # each site followed by its slots
    inv.app_plans = {key(p["id"]): parse.app_plan(p) for p in found["app_plans"]}
    inv.hosting_environments = {key(e["id"]): parse.hosting_environment(e) for e in found["hosting_environments"]}
    known = {t.lower(): t for t in load_catalog().other_paas}  # Graph lower-cases types: the catalog's spelling
    paas = [dict(r, type=known[(r.get("type") or "").lower()]) for r in found["other_paas"]
            if (r.get("type") or "").lower() in known]
    inv.other_paas = [parse.paas_resource(r) for r in sorted(paas, key=lambda r: key(r["id"]))]  # either engine
