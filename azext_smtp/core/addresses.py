"""Addresses, prefixes and ports as NSG rules, routes and firewall rules write them, read as exact address sets.

A destination of None means "any internet mail server": the set of public IPv4 receivers (PUBLIC). Rules and
routes are read as sets of addresses (AddressSet: sorted, disjoint, inclusive integer ranges), so a verdict for
"any receiver" is either one outcome for every public receiver or exact ranges per outcome, never a guess.
Prefixes whose ranges are not published in what we read (service tags, FQDNs, IP groups) stay unread: callers
report them and never let them decide silently.
"""
import ipaddress
import math
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable, List, Optional, Tuple

from .i18n import message

SMTP_PORT = 25
ANY = {"*", "any", "internet", "0.0.0.0/0"}
EPHEMERAL = (1024, 65535)  # every OS picks SMTP client ports in here (Linux 32768-60999, Windows 49152-65535)

# IANA IPv4 special-purpose registry: blocks that are not globally reachable (224/4 multicast and 240/4 lie
# above the unicast range 1.0.0.0-223.255.255.255 used below). 192.0.0.9 and 192.0.0.10 are global exceptions.
NOT_GLOBAL = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
              "192.0.0.0/29", "192.0.0.8/32", "192.0.0.11/32", "192.0.0.12/30", "192.0.0.16/28",
              "192.0.0.32/27", "192.0.0.64/26", "192.0.0.128/25", "192.0.2.0/24", "192.168.0.0/16",
              "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24"]


class AddressSet:
    """An exact set of IPv4 addresses as sorted, disjoint, non-adjacent inclusive (low, high) integer ranges."""
    __slots__ = ("ranges",)

    def __init__(self, ranges: Iterable[Tuple[int, int]] = ()):
        merged: List[List[int]] = []
        for low, high in sorted(r for r in ranges if r[0] <= r[1]):
            if merged and low <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        self.ranges = tuple((low, high) for low, high in merged)

    def __bool__(self):
        return bool(self.ranges)

    def __eq__(self, other):
        return isinstance(other, AddressSet) and self.ranges == other.ranges

    def __hash__(self):
        return hash(self.ranges)

    def __repr__(self):
        return f"AddressSet({self.cidrs()})"

    def __contains__(self, address) -> bool:
        return self.holds(int(ipaddress.IPv4Address(address)))

    def holds(self, value: int) -> bool:
        """The last range starting at or below `value` (ranges are sorted and disjoint) holds it, or none does."""
        at = bisect_right(self.ranges, (value, math.inf)) - 1
        return at >= 0 and self.ranges[at][1] >= value

    def __or__(self, other: "AddressSet") -> "AddressSet":
        return AddressSet(self.ranges + other.ranges)

    def __and__(self, other: "AddressSet") -> "AddressSet":
        out, i, j = [], 0, 0
        while i < len(self.ranges) and j < len(other.ranges):
            (a_low, a_high), (b_low, b_high) = self.ranges[i], other.ranges[j]
            low, high = max(a_low, b_low), min(a_high, b_high)
            if low <= high:
                out.append((low, high))
            if a_high < b_high:
                i += 1
            else:
                j += 1
        return AddressSet(out)

    def __sub__(self, other: "AddressSet") -> "AddressSet":
        out = []
        for low, high in self.ranges:
            for o_low, o_high in other.ranges:
                if o_high < low or o_low > high:
                    continue
                if o_low > low:
                    out.append((low, o_low - 1))
                low = o_high + 1
                if low > high:
                    break
            if low <= high:
                out.append((low, high))
        return AddressSet(out)

    def size(self) -> int:
        return sum(high - low + 1 for low, high in self.ranges)

    def cidrs(self) -> List[str]:
        nets = []
        for low, high in self.ranges:
            nets.extend(ipaddress.summarize_address_range(ipaddress.IPv4Address(low), ipaddress.IPv4Address(high)))
        return [str(n) for n in ipaddress.collapse_addresses(nets)]


@lru_cache(maxsize=4096)
def cidr_set(prefix: str) -> AddressSet:
    net = ipaddress.ip_network(prefix, strict=False)
    return AddressSet([(int(net.network_address), int(net.broadcast_address))]) if net.version == 4 else AddressSet()


ALL = AddressSet([(0, 2 ** 32 - 1)])
PUBLIC = AddressSet([(int(ipaddress.IPv4Address("1.0.0.0")), int(ipaddress.IPv4Address("223.255.255.255")))])
for _block in NOT_GLOBAL:
    PUBLIC = PUBLIC - cidr_set(_block)


def describe(addresses: AddressSet, limit: int = 6) -> str:
    """Public receivers as the fewest CIDRs, borrowing non-public addresses (128.0.0.0/1 rather than the 86
    CIDRs around 169.254/16, 172.16/12, ...), so that the CIDRs' public addresses are exactly `addresses`;
    when very many, the first few and how many more."""
    padded = AddressSet(addresses.ranges + (ALL - PUBLIC).ranges)
    names = [c for c in padded.cidrs() if addresses & cidr_set(c)]
    note = message("addresses.public-only") if any(cidr_set(c) - addresses for c in names) else ""
    if len(names) > limit:
        return message("addresses.more", names=names[:limit], more=len(names) - limit, note=note)
    return message("addresses.listed", names=names, note=note)


def point(address: str) -> AddressSet:
    value = int(ipaddress.IPv4Address(host(address)))
    return AddressSet([(value, value)])


# Prefix parsing is pure and the same few prefixes (system routes, VNet spaces, rules) recur for every VM.
@lru_cache(maxsize=4096)
def network(prefix):
    try:
        return ipaddress.ip_network(prefix, strict=False)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def prefix_set(prefix: str) -> Optional[AddressSet]:
    """The addresses an IP, CIDR, a-b range or `*`/`Any`/`Internet` names; VirtualNetwork names no internet
    receiver (empty); None for anything whose ranges we cannot read (service tags, FQDNs, IP groups)."""
    text = prefix.strip()
    low = text.lower()
    if low in ANY:
        return ALL
    if low == "virtualnetwork":
        return AddressSet()
    if "-" in text:
        first, _, last = (p.strip() for p in text.partition("-"))
        try:
            start, end = ipaddress.ip_address(first), ipaddress.ip_address(last)
        except ValueError:
            return None
        return AddressSet([(int(start), int(end))]) if start.version == end.version == 4 else AddressSet()
    net = network(text)
    return None if net is None else cidr_set(text)


def prefixes_set(prefixes: Iterable[str]) -> Tuple[AddressSet, List[str]]:
    """(the addresses the readable prefixes cover, the prefixes whose ranges are unread)."""
    covered, unread = AddressSet(), []
    for prefix in prefixes:
        found = prefix_set(prefix)
        if found is None:
            unread.append(prefix)
        else:
            covered = covered | found
    return covered, unread


def port_ranges(items: List[str]) -> List[Tuple[int, int]]:
    """Port strings (`*`, `Any`, `25`, `a-b`, comma lists) as inclusive ranges."""
    ranges = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if part.lower() in ("*", "any"):
                ranges.append((0, 65535))
                continue
            low, _, high = (p.strip() for p in part.partition("-"))
            if low.isdigit() and (high or low).isdigit():
                ranges.append((int(low), int(high or low)))
    return ranges


def port_matches(ranges: List[str], port: int) -> bool:
    return any(low <= port <= high for low, high in port_ranges(ranges))


def client_ports(ranges: List[str]) -> str:
    """Whether source ports cover SMTP clients: "all" (the whole ephemeral range), "some" or "none"."""
    covered = AddressSet(port_ranges(ranges))  # integer ranges: the same set arithmetic serves ports
    ephemeral = AddressSet([EPHEMERAL])
    part = covered & ephemeral
    if part == ephemeral:
        return "all"
    return "some" if part else "none"


def host(address: str) -> str:
    """NICs may report `10.0.0.4/28` (see the spec example): keep the address."""
    return address.split("/")[0]


@lru_cache(maxsize=65536)
def _ipv4(address: str) -> Optional[int]:
    """A concrete address as an integer, None when it is IPv6 (a NIC's address is asked once per rule)."""
    parsed = ipaddress.ip_address(host(address))
    return int(parsed) if parsed.version == 4 else None


def covers(prefix: str, address: str) -> bool:
    """Does an IP, CIDR or a-b range (or `*`) hold this concrete address?"""
    found = prefix_set(prefix)
    if not found:
        return False
    value = _ipv4(address)
    return value is not None and found.holds(value)
