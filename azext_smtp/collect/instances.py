"""The instances of a scale set, named for `probe` when it is given the scale set's id (a probe runs on one
instance, never on a set)."""
from typing import List, Optional

from . import pager


def instance_ids(clients, scale_set) -> Optional[List[str]]:
    """The instance ids of `scale_set` (a parsed resource id), or None when they cannot be listed."""
    from azure.core.exceptions import AzureError
    network = clients.network(scale_set.subscription)
    try:
        return [item["id"] for item in pager.pages(network, f"{scale_set.id}/virtualMachines",
                                                   pager.COMPUTE_API_VERSION)
                if isinstance(item, dict) and isinstance(item.get("id"), str)]
    except AzureError:
        return None
