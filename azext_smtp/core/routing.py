"""Which route internet traffic from a subnet takes: longest prefix, user routes win ties, over exact sets."""
from dataclasses import dataclass, field, replace
from typing import List, Optional

from .addresses import PUBLIC, AddressSet, describe, host, network, point, prefix_set
from .i18n import message
from .model import Inventory, RouteTable, Subnet, key
from .split import Entry, Piece, choose, walk

PRIVATE_SYSTEM_ROUTES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]
# Ties between outcomes holding as many receivers: the worse hop first.
HOP_RANK = {"none": 0, "virtualnetworkgateway": 1, "virtualappliance": 2, "vnetlocal": 3, "internet": 4}


@dataclass
class RouteChoice:
    next_hop: str  # Internet | VirtualAppliance | VirtualNetworkGateway | None | VnetLocal | Unknown (service tag)
    prefix: str
    origin: str  # "user route <table>/<name>" or "system route"
    next_hop_ip: Optional[str] = None
    caveats: List[str] = field(default_factory=list)


def _table(subnet: Subnet, inv: Inventory) -> Optional[RouteTable]:
    return inv.route_tables.get(key(subnet.route_table_id)) if subnet.route_table_id else None


def _candidates(table: Optional[RouteTable], vnet_space: List[str]):
    """(readable routes as (prefix length, user first, system order, RouteChoice), service-tag user routes)."""
    readable, tagged = [], []
    for route in table.routes if table else []:
        origin = message("route.user", route=f"{table.name}/{route.name}")
        choice = RouteChoice(route.next_hop_type, route.prefix, origin, route.next_hop_ip)
        net = network(route.prefix.strip())
        if net is None:
            tagged.append(choice)
        elif net.version == 4:
            readable.append((net.prefixlen, 1, 0, choice))
    system = [(p, "VnetLocal") for p in vnet_space] + [(p, "None") for p in PRIVATE_SYSTEM_ROUTES]
    for order, (prefix, hop) in enumerate([("0.0.0.0/0", "Internet")] + system):
        net = network(prefix)
        if net is not None and net.version == 4:
            readable.append((net.prefixlen, 0, -order, RouteChoice(hop, prefix, message("route.system"))))
    return readable, tagged


def route_walk(subnet: Subnet, inv: Inventory, vnet_space: List[str], receivers: AddressSet = PUBLIC):
    """(the exact pieces of `receivers` each route takes, the service-tag routes whose ranges are unread)."""
    return _table_walk(_table(subnet, inv), vnet_space, receivers)


def _table_walk(table: Optional[RouteTable], vnet_space: List[str], receivers: AddressSet):
    readable, tagged = _candidates(table, vnet_space)
    ordered = sorted(readable, key=lambda c: c[:3], reverse=True)  # longest prefix, then user over system
    entries = (Entry(prefix_set(c[3].prefix), (c[3].next_hop, c[3].next_hop_ip), c[3]) for c in ordered)
    return walk(receivers, entries).pieces, tagged


def _hop(choice: RouteChoice) -> str:
    return choice.next_hop + (f" {choice.next_hop_ip}" if choice.next_hop_ip else "")


def _meaning(choice: RouteChoice) -> str:
    hop = choice.next_hop.lower()
    return message(f"route.meaning.{hop}" if hop in ("internet", "none") else "route.meaning.other")


def _summary(main: Piece, same: List[Piece], others: List[Piece], tagged: List[RouteChoice]) -> List[str]:
    caveats = []
    if same:
        routes = [message("route.named", origin=p.source.origin, prefix=p.source.prefix) for p in [main] + same]
        caveats.append(message("route.together-others" if others else "route.together-all", hop=_hop(main.source),
                               routes=routes))
    for piece in others:
        caveats.append(message("route.sends", origin=piece.source.origin, addresses=describe(piece.addresses),
                               hop=_hop(piece.source), meaning=_meaning(piece.source)))
    for choice in tagged:
        caveats.append(message("route.service-tag-same-hop" if not others and _same_hop(choice, main.source)
                               else "route.service-tag", origin=choice.origin, tag=choice.prefix, hop=_hop(choice)))
    return caveats


def internet_route(subnet: Subnet, inv: Inventory, vnet_space: List[str], destination=None) -> RouteChoice:
    """Longest prefix match over the subnet's user routes and the system routes; user routes win ties.

    For one receiver: its route (Unknown when a service-tag route to another hop might be longer). For any
    receiver (None): the route most public receivers take, with one caveat per other route naming its exact ranges.
    The route depends only on the route table, the VNet's space and the receiver: it is worked out once per
    inventory for those."""
    table = _table(subnet, inv)
    return inv.memo.once(table, ("route", tuple(vnet_space), destination),
                         lambda: _route(table, vnet_space, destination))


def _route(table: Optional[RouteTable], vnet_space: List[str], destination) -> RouteChoice:
    receivers = PUBLIC if destination is None else point(host(destination))
    pieces, tagged = _table_walk(table, vnet_space, receivers)
    main, same, others = choose(pieces, lambda outcome: HOP_RANK.get(outcome[0].lower(), 0))
    if destination is None or not tagged or _beats_tags(main.source):
        return replace(main.source, caveats=_summary(main, same, others, tagged))
    differ = [c for c in tagged if not _same_hop(c, main.source)]
    if differ:
        names = [message("route.tagged", origin=c.origin, prefix=c.prefix, hop=_hop(c)) for c in differ]
        return RouteChoice("Unknown", main.source.prefix, main.source.origin, main.source.next_hop_ip,
                           [message("route.tag-may-hold", names=names, destination=destination,
                                    prefix=main.source.prefix, origin=main.source.origin)])
    names = [message("route.tagged-same-hop", origin=c.origin, prefix=c.prefix) for c in tagged]
    return replace(main.source, caveats=[message("route.tags-same-hop", names=names, hop=_hop(main.source),
                                                 destination=destination)])


def _same_hop(one: RouteChoice, other: RouteChoice) -> bool:
    return (one.next_hop.lower(), one.next_hop_ip) == (other.next_hop.lower(), other.next_hop_ip)


def _beats_tags(choice: RouteChoice) -> bool:
    """Only a /32 user route is sure to win: on an equal prefix Azure prefers the explicit route to a tag's."""
    return choice.origin.startswith("user route") and prefix_set(choice.prefix).size() == 1
