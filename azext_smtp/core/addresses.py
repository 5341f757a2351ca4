"""Addresses, prefixes and ports as NSG rules, routes and firewall rules write them.

A destination of None means "any internet mail server": only prefixes that cover the
whole internet decide; narrower ones are reported as caveats.
"""
import ipaddress
from typing import List, Optional

SMTP_PORT = 25
ANY = {"*", "any", "internet", "0.0.0.0/0"}
# One public address per /8: when rules or routes cover only parts of the internet, they decide for
# "any receiver" only if they decide the same way for every one of these (e.g. 0.0.0.0/1 + 128.0.0.0/1).
PROBES = [str(a) for a in (ipaddress.ip_address(f"{i}.1.2.3") for i in range(1, 224)) if a.is_global]


def network(prefix):
    try:
        return ipaddress.ip_network(prefix, strict=False)
    except ValueError:
        return None


def covers(prefix: str, destination) -> Optional[bool]:
    """Does a CIDR/IP prefix (or an a-b range) cover the destination? None: it covers part of the internet only."""
    if "-" in prefix:
        low, _, high = (network(p) for p in prefix.partition("-"))
        if low is None or high is None:
            return False
        if destination is None:
            return None
        return low.network_address <= ipaddress.ip_address(destination) <= high.network_address
    net = network(prefix)
    if net is None or net.version != 4:
        return False
    if destination is None:
        return True if net.prefixlen == 0 else (None if net.is_global else False)
    return ipaddress.ip_address(destination) in net


def port_matches(ranges: List[str], port: int) -> bool:
    for item in ranges:
        item = item.strip()
        if item in ("*", "Any"):
            return True
        low, _, high = item.partition("-")
        if low.isdigit() and int(low) <= port <= int(high or low):
            return True
    return False


def prefixes_match(prefixes: List[str], destination) -> Optional[bool]:
    """True, False, or None when they cover only part of the internet (or an unevaluable tag, FQDN, IP group)."""
    results = []
    for prefix in prefixes:
        low = prefix.lower()
        if low in ANY:
            return True
        if low == "virtualnetwork":
            results.append(False)
        elif network(prefix.split("-")[0]) is not None:
            results.append(covers(prefix, destination))
        else:
            results.append(None)  # a service tag (AzureCloud, ...), an FQDN or an IP group: not evaluable here
    if True in results:
        return True
    return None if None in results else False


def host(address: str) -> str:
    """NICs may report `10.0.0.4/28` (see the spec example): keep the address."""
    return address.split("/")[0]


def unanimous(outcomes, identity):
    """The outcome every probe agrees on, noting that narrower prefixes decide together; else None."""
    if len({identity(o) for o in outcomes}) != 1:
        return None
    outcome = outcomes[0]
    outcome.caveats = ["narrower prefixes together cover every internet receiver"]
    return outcome
