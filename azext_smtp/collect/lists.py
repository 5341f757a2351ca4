"""One subscription's resource lists over the run's scope: subscription-wide, group by group when that is
forbidden, or from the rows Resource Graph already read (engine.py hands them over)."""
from threading import Lock
from typing import Callable, Dict, List, Optional, Tuple

from . import api_versions, graph, pager
from .reads import GROUP_WORKERS, counted, in_parallel, listing, read
from ..core.i18n import message
from ..core.model import Gap, key as resource_key, label
from ..errors import ScopeNotFound


class Lists:
    """How `listed` reads a type for one subscription (optionally one resource group) through `arm`'s pipeline.

    `rows` (lower-cased type -> items, see graph.py) are lists already read by Resource Graph: they replace the
    list calls of the types Graph reads. `on_items(n)` hears the size of each list read (progress)."""

    def __init__(self, arm, subscription_id: str, resource_group: Optional[str],
                 rows: Optional[Dict[str, list]] = None, on_items: Optional[Callable[[int], None]] = None):
        self.arm, self.subscription_id, self.resource_group = arm, subscription_id, resource_group
        self.rows, self.on_items = rows, on_items
        self.queried = graph.queried_types() if rows is not None else ()
        self.groups = _visible_groups(arm, subscription_id)

    @property
    def scope(self) -> str:
        """The scope's az arguments."""
        return f"--subscription {self.subscription_id}" + (f" -g {self.resource_group}" if self.resource_group else "")

    @property
    def graph(self) -> bool:
        """Whether the lists come from Resource Graph rows (which hold slots and other PaaS types too)."""
        return self.rows is not None

    def listed(self, key: str, command: str, provider_type: str, api_version: str = api_versions.NETWORK,
               shared: bool = False, **params) -> Callable[[List[Gap]], list]:
        """One list over the scope. Read subscription-wide (always for `shared` resources a VM or app may use from
        another group: hub VNets, shared NSGs and route tables, plans); when that is forbidden, group by group.
        Lists Resource Graph already read (`rows`) are taken from there. `key` (model.READS) names the list in gaps.
        The items come in resource id order, so what is judged and shown never depends on the engine, on how a list
        was split, or on the order ARM or Graph happened to send."""
        sub_id, resource_group, what = self.subscription_id, self.resource_group, label(key)
        if self.graph and provider_type.lower() in self.queried:
            return lambda gaps: counted(_by_id(self.rows.get(provider_type.lower(), [])), self.on_items)

        def read_in(group):
            return listing(self.arm, pager.scope_url(sub_id, group, provider_type), api_version, self.on_items,
                           **params)

        def read_group(group_gaps, group):
            return read(group_gaps, key, message("read.in-group", what=what, group=group),
                        f"{command} --subscription {sub_id} -g {group}", read_in(group))

        def read_list(gaps):
            return _by_id(read_scope(gaps))

        def read_scope(gaps):
            if resource_group and not shared:
                return read(gaps, key, what, f"{command} {self.scope}", read_in(resource_group)) or []
            forbidden = []
            items = read(forbidden, key, what, f"{command} --subscription {sub_id}",
                         lambda: self._wide(gaps, pager.scope_url(sub_id, None, provider_type), api_version, params,
                                            read_group))
            if items is not None or forbidden[0].status not in (401, 403):
                gaps += forbidden
                return items or []
            return _group_by_group(gaps, forbidden[0], [resource_group] if resource_group else self.groups,
                                   read_group)
        return read_list

    def _wide(self, gaps: List[Gap], url: str, api_version: str, params: dict, read_group: Callable) -> list:
        """A subscription-wide list. When its first page says more follow, the list is long: the resource groups
        are listed (once per subscription) and the list is read group by group side by side instead of page after
        page (the first page is dropped), in the order ARM lists the groups, each group's items in ARM's order."""
        chain = pager.bodies(self.arm, url, api_version, params)
        first = next(chain)
        names = self.groups()[0] if first.get("nextLink") else None
        if names is not None and len(names) > 1:
            chain.close()
            return _each_group(gaps, names, read_group)
        return counted([item for body in (first, *chain) for item in pager.items(body)], self.on_items)

    def shared(self, *args, **kwargs) -> Callable[[List[Gap]], list]:
        """`listed` always subscription-wide: resources used from other groups."""
        return self.listed(*args, shared=True, **kwargs)


def _by_id(items: list) -> list:
    """List items in resource id order (ids compare case-insensitively, as ARM's do)."""
    return sorted(items, key=lambda item: resource_key(item["id"]))


def _visible_groups(client, subscription_id: str) -> Callable[[], Tuple[Optional[List[str]], Optional[Gap]]]:
    """The resource groups the caller can see (listed once per subscription, on first need): (names, None),
    or (None, the gap) when they cannot be listed either."""
    lock, found = Lock(), []

    def groups():
        with lock:
            if not found:
                gaps = []
                items = read(gaps, "resource_groups", label("resource_groups"),
                             f"az group list --subscription {subscription_id}",
                             listing(client, f"/subscriptions/{subscription_id}/resourcegroups",
                                     api_versions.RESOURCES))
                found.append(([g["name"] for g in items], None) if items is not None else (None, gaps[0]))
            return found[0]
    return groups


def _group_by_group(gaps: List[Gap], forbidden: Gap, groups, read_group: Callable) -> list:
    """The items of a list read in each group (`groups`: a list of names, or the `_visible_groups` reader) after
    the subscription-wide list was refused; the refusal and every group that fails too are gaps."""
    if callable(groups):
        names, failed = groups()
        if names is None:
            gaps.append(Gap(forbidden.key, forbidden.what, message("read.wide-refused-no-groups",
                                                                   reason=forbidden.reason, failed=failed.reason),
                            forbidden.command, forbidden.status))
            return []
        covered = message("read.by-group", count=len(names))
    else:
        names = groups
        covered = message("read.one-group", group=names[0])
    gaps.append(Gap(forbidden.key, forbidden.what, message("read.wide-refused", reason=forbidden.reason,
                                                           covered=covered), forbidden.command, forbidden.status))
    return _each_group(gaps, names, read_group)


def _each_group(gaps: List[Gap], names: List[str], read_group: Callable) -> list:
    """The items of a list read in each of the groups `names`, GROUP_WORKERS groups at once, in the order of
    `names` whatever the timing; a group that fails is a gap."""
    def read_one(group_gaps, group):
        try:
            return read_group(group_gaps, group)
        except ScopeNotFound:  # deleted since it was listed: it holds nothing any more
            return []
    results = in_parallel([lambda group_gaps, g=g: read_one(group_gaps, g) for g in names], GROUP_WORKERS)
    gaps += [g for _, group_gaps in results for g in group_gaps]
    return [item for items, _ in results for item in items or []]
