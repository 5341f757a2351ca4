"""ARM resource ids, parsed by azure-mgmt-core rather than by hand.

A run asks the same ids' parts many times (a NIC's VM, subnet and NSG ids, parsed by the reader, the judge and the
report): each id is parsed once and its parts kept, read-only since every caller shares them."""
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping, Optional

PARSED_IDS = 1 << 16  # ids whose parts are kept: a 10,000-VM tenant's VMs, NICs, subnets and NSGs


@lru_cache(maxsize=PARSED_IDS)
def _parts(resource_id: Optional[str]) -> Mapping[str, str]:
    from azure.mgmt.core.tools import parse_resource_id
    return MappingProxyType(parse_resource_id(resource_id) if resource_id else {})


def subscription_of(resource_id: Optional[str]) -> Optional[str]:
    return _parts(resource_id).get("subscription")


def group_of(resource_id: Optional[str]) -> Optional[str]:
    return _parts(resource_id).get("resource_group")


def name_of(resource_id: Optional[str]) -> Optional[str]:
    """The last name in the id (a child's name for child resources): what users call the resource."""
    parts = _parts(resource_id)
    return parts.get("resource_name") or parts.get("name") or resource_id


def parent_of(resource_id: str) -> str:
    """The top-level resource a child belongs to (a load balancer of its backend pool)."""
    from azure.mgmt.core.tools import resource_id as build
    parts = _parts(resource_id)
    if "namespace" not in parts:
        return resource_id
    return build(subscription=parts["subscription"], resource_group=parts["resource_group"],
                 namespace=parts["namespace"], type=parts["type"], name=parts["name"])
