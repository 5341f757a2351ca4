"""The instances of a scale set, named for `probe` when it is given the scale set's id (a probe runs on one
instance, never on a set)."""
from typing import List, Optional

from . import api_versions, pager


def instance_ids(clients, scale_set) -> Optional[List[str]]:
    """The instance ids of `scale_set` (a parsed resource id), or None when they cannot be listed."""
    from azure.core.exceptions import AzureError
    arm = clients.arm(scale_set.subscription)
    try:
        return [item["id"] for item in pager.pages(arm, f"{scale_set.id}/virtualMachines", api_versions.COMPUTE)
                if isinstance(item, dict) and isinstance(item.get("id"), str)]
    except AzureError:
        return None
