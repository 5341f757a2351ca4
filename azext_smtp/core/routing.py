"""Which route internet traffic from a subnet takes: longest prefix, user routes win ties."""
from dataclasses import dataclass, field
from typing import List, Optional

from .addresses import PROBES, covers, network, unanimous
from .model import Inventory, Subnet, key

PRIVATE_SYSTEM_ROUTES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]


@dataclass
class RouteChoice:
    next_hop: str  # Internet | VirtualAppliance | VirtualNetworkGateway | None | VnetLocal
    prefix: str
    origin: str  # "user route <table>/<name>" or "system route"
    next_hop_ip: Optional[str] = None
    caveats: List[str] = field(default_factory=list)


def internet_route(subnet: Subnet, inv: Inventory, vnet_space: List[str], destination=None) -> RouteChoice:
    """Longest prefix match over the subnet's user routes and the system routes; user routes win ties."""
    table = inv.route_tables.get(key(subnet.route_table_id)) if subnet.route_table_id else None
    candidates = []  # (prefix length, preference, RouteChoice)
    caveats = []
    for route in table.routes if table else []:
        covered = covers(route.prefix, destination)
        if covered:
            candidates.append((network(route.prefix).prefixlen, 1,
                               RouteChoice(route.next_hop_type, route.prefix, f"user route {table.name}/{route.name}",
                                           route.next_hop_ip)))
        elif covered is None:
            caveats.append(f"user route {table.name}/{route.name} sends {route.prefix} to {route.next_hop_type}: "
                           "it decides for receivers in that range")
    system = [("0.0.0.0/0", "Internet")] + [(p, "VnetLocal") for p in vnet_space]
    system += [(p, "None") for p in PRIVATE_SYSTEM_ROUTES]
    for prefix, hop in system:
        if prefix == "0.0.0.0/0" or (destination is not None and covers(prefix, destination)):
            candidates.append((network(prefix).prefixlen, 0, RouteChoice(hop, prefix, "system route")))
    choice = max(candidates, key=lambda c: (c[0], c[1]))[2]
    choice.caveats = caveats
    if destination is None and caveats:
        return unanimous([internet_route(subnet, inv, vnet_space, p) for p in PROBES],
                         lambda r: (r.next_hop, r.next_hop_ip)) or choice
    return choice
