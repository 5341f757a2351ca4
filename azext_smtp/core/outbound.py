"""How a VM reaches the internet when its route goes there directly."""
from dataclasses import dataclass
from typing import Optional

from .i18n import message
from .ids import name_of, parent_of
from .model import Inventory, IpConfig, Nic, Subnet, key


@dataclass
class Egress:
    method: str  # nat-gateway | public-ip | load-balancer | default-outbound | none | unknown
    detail: str
    resource: Optional[str] = None


def outbound_method(nic: Nic, ipc: IpConfig, subnet: Subnet, inv: Inventory) -> Egress:
    """NAT gateway > instance public IP > load balancer outbound rule > default outbound access > none."""
    return _explicit_method(ipc, subnet, inv) or _default_outbound(nic, subnet)


def _explicit_method(ipc: IpConfig, subnet: Subnet, inv: Inventory) -> Optional[Egress]:
    if subnet.nat_gateway_id:
        return Egress("nat-gateway", message("egress.nat-gateway", name=name_of(subnet.nat_gateway_id)),
                      subnet.nat_gateway_id)
    if ipc.public_ip_id:
        return Egress("public-ip", message("egress.public-ip", name=name_of(ipc.public_ip_id)), ipc.public_ip_id)
    pools = {key(p) for p in ipc.backend_pool_ids}
    for lb in inv.load_balancers.values():
        if pools & {key(p) for p in lb.outbound_pool_ids}:
            return Egress("load-balancer", message("egress.load-balancer", name=lb.name), lb.id)
    unread = [p for p in ipc.backend_pool_ids if key(parent_of(p)) not in inv.load_balancers]
    if unread:
        return Egress("unknown", message("egress.load-balancer-unread", name=name_of(parent_of(unread[0])),
                                         why=inv.unread_reason('load_balancers')), unread[0])
    return None


def _default_outbound(nic: Nic, subnet: Subnet) -> Egress:
    """Default outbound access, the retired implicit way out, when no explicit method exists."""
    if subnet.default_outbound_access is False:
        return Egress("none", message("egress.private-subnet", name=subnet.name), subnet.id)
    if subnet.default_outbound_access is True or nic.default_outbound_enabled:
        return Egress("default-outbound", message("egress.default-outbound"), subnet.id)
    if nic.default_outbound_enabled is False:
        return Egress("none", message("egress.nic-no-default"), nic.id)
    return Egress("unknown", message("egress.default-unknown", name=subnet.name), subnet.id)
