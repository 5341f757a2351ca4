"""The one place that chooses what reads a run's resource lists: ARM list calls (reader.py) or Resource Graph
(graph.py), and that falls back to ARM when Graph refuses.

Either way each subscription is read by reader.collect: Graph only hands it the rows of the lists it replaces.
"""
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional
from urllib.parse import quote

from . import api_versions, graph, pager, reader
from .reads import SUBSCRIPTION_WORKERS, in_parallel
from ..core.model import Inventory
from ..errors import GraphRefused, ScopeNotFound

# `auto` takes Graph past this many subscriptions. Up to reads.SUBSCRIPTION_WORKERS (4) subscriptions are read by
# ARM in one wave of parallel list chains (about 15 requests each, one more per web app); past that ARM's requests
# and waves grow with subscriptions while Graph's grow with rows / 1000, and Graph's per-user quota (15 queries per
# 5 s) is not reached by a handful of pages.
AUTO_THRESHOLD = 4


def choose(engine: Optional[str], subscription_count: int) -> str:
    """The engine a run uses: the one asked for, or for `auto` Graph past AUTO_THRESHOLD subscriptions."""
    if engine in ("arm", "graph"):
        return engine
    return "graph" if subscription_count > AUTO_THRESHOLD else "arm"


def _check_group(clients, subscription_id: str, resource_group: str):
    """Graph answers an unknown group with no rows: ask ARM, so a typo is an error as with the list calls."""
    from azure.core.exceptions import ResourceNotFoundError
    try:
        pager.get(clients.arm(subscription_id),
                  f"/subscriptions/{subscription_id}/resourceGroups/{quote(resource_group, safe='')}",
                  api_versions.RESOURCES)
    except ResourceNotFoundError as err:
        raise ScopeNotFound(f"Resource group '{resource_group}' could not be found.") from err


def _read_all(clients, subscription_ids, resource_group, exempted_at, *, rows=None, note=None,
              progress=None) -> List[Inventory]:
    def read(sub_id):
        inv = reader.collect(clients, sub_id, resource_group, exempted_at, rows and rows[sub_id],
                             on_items=progress and progress.items)
        if progress:
            progress.subscription_read()
        return inv
    reads = [lambda _gaps, s=s: read(s) for s in subscription_ids]
    inventories = [inv for inv, _ in in_parallel(reads, SUBSCRIPTION_WORKERS)]
    for inv in inventories:
        inv.engine, inv.engine_note = ("graph" if rows else "arm"), note
    reader.read_vnet_sides(clients, inventories)
    return inventories


def collect(clients, subscription_ids: List[str], resource_group: Optional[str], exempted_at,
            engine: Optional[str] = None, *, progress=None) -> List[Inventory]:
    """Every subscription's Inventory, its lists read by the engine `choose` picks.

    With Graph, a query per batch of subscriptions (pages of graph.PAGE_ROWS rows, batches side by side) replaces
    every list call, while the subscriptions' own ARM reads go on; if Graph refuses (403 without Graph access, 400,
    or any failure left after retries) the lists are read with ARM list calls instead and each subscription says so
    (`engine_note`): a Graph failure never becomes an `unknown`. `progress` (scan.Progress) hears what was read."""
    if choose(engine, len(subscription_ids)) == "arm":
        return _read_all(clients, subscription_ids, resource_group, exempted_at, progress=progress)
    if resource_group:
        for sub in subscription_ids:
            _check_group(clients, sub, resource_group)
    session = graph.Session(clients.graph())
    with ThreadPoolExecutor(max_workers=graph.CHAINS, thread_name_prefix="azsmtp-graph") as pool:
        batches = [(batch, pool.submit(session.resources, batch, resource_group))
                   for batch in graph.batches(subscription_ids)]
        # apps' web configuration: one query once every batch is in, only for subscriptions with apps that need it
        configs = pool.submit(session.app_configs, [future for _, future in batches], resource_group)
        pending = {s: graph.Pending(future, s, configs) for batch, future in batches for s in batch}
        try:
            return _read_all(clients, subscription_ids, resource_group, exempted_at, rows=pending, progress=progress)
        except GraphRefused as refused:
            note = refused.args[0]  # a message, said in the reader's language
    return _read_all(clients, subscription_ids, resource_group, exempted_at, note=note, progress=progress)
