"""How a VM reaches the internet when its route goes there directly."""
from dataclasses import dataclass
from typing import Optional

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
        return Egress("nat-gateway", f"the subnet uses NAT gateway {name_of(subnet.nat_gateway_id)}",
                      subnet.nat_gateway_id)
    if ipc.public_ip_id:
        return Egress("public-ip", f"the NIC has public IP {name_of(ipc.public_ip_id)}", ipc.public_ip_id)
    pools = {key(p) for p in ipc.backend_pool_ids}
    for lb in inv.load_balancers.values():
        if pools & {key(p) for p in lb.outbound_pool_ids}:
            return Egress("load-balancer", f"load balancer {lb.name} has an outbound rule for the NIC's backend pool",
                          lb.id)
    unread = [p for p in ipc.backend_pool_ids if key(parent_of(p)) not in inv.load_balancers]
    if unread:
        return Egress("unknown", f"load balancer {name_of(parent_of(unread[0]))} of the NIC's backend pool could "
                                 f"not be read ({inv.unread_reason('load_balancers')}), so whether an outbound rule "
                                 "serves it is unknown", unread[0])
    return None


def _default_outbound(nic: Nic, subnet: Subnet) -> Egress:
    """Default outbound access, the retired implicit way out, when no explicit method exists."""
    if subnet.default_outbound_access is False:
        return Egress("none", f"subnet {subnet.name} is private (defaultOutboundAccess: false) and has no NAT "
                              "gateway, public IP or load balancer outbound rule", subnet.id)
    if subnet.default_outbound_access is True or nic.default_outbound_enabled:
        return Egress("default-outbound", "default outbound access (retired for new VNets; Microsoft recommends an "
                                          "explicit method)", subnet.id)
    if nic.default_outbound_enabled is False:
        return Egress("none", "the NIC reports defaultOutboundConnectivityEnabled: false and no explicit outbound "
                              "method exists", nic.id)
    return Egress("unknown", f"subnet {subnet.name} does not say whether default outbound access applies "
                             "(defaultOutboundAccess not set) and no explicit outbound method exists", subnet.id)
