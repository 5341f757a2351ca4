"""A brute-force evaluator: one concrete receiver at a time, straight from Azure's rules, sharing no code with
azext_smtp.core (only the model and the default rule list), to check the exact set-based evaluators against.

`tags` says what a prefix whose ranges are unread (service tag, FQDN, IP group) does: "skip" (it never holds
the receiver: how the exact evaluator's pieces for "any receiver" treat it, with a caveat) or "unknown" (the
answer for one given receiver is Unknown if such an entry might hold it first with another outcome than the one
it gets without them).
"""
import ipaddress

from azext_smtp.core.nsg import DEFAULT_OUTBOUND

ANY = {"*", "any", "internet", "0.0.0.0/0"}
SYSTEM_PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]


def holds(prefix, address):
    """True / False, or None when the prefix's ranges are not readable."""
    text = prefix.strip()
    if text.lower() in ANY:
        return True
    if text.lower() == "virtualnetwork":
        return False
    addr = ipaddress.IPv4Address(address)
    if "-" in text:
        try:
            first, last = (ipaddress.ip_address(p.strip()) for p in text.split("-", 1))
        except ValueError:
            return None
        return first.version == 4 and last.version == 4 and int(first) <= int(addr) <= int(last)
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None
    return net.version == 4 and addr in net


def _ports(items):
    out = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if part.lower() in ("*", "any"):
                out.append((0, 65535))
            elif part:
                low, _, high = part.partition("-")
                out.append((int(low), int(high or low)))
    return out


def has_port(items, port):
    return any(low <= port <= high for low, high in _ports(items))


def client_ports(items):
    """all: the ranges cover 1024-65535; some: they touch it; none."""
    reach = 1024
    for low, high in sorted(_ports(items)):
        if low <= reach <= high:
            reach = high + 1
    if reach > 65535:
        return "all"
    return "some" if any(high >= 1024 for _, high in _ports(items)) else "none"


def _nsg_source(rule, ipc, space):
    if rule.source_asg_ids:
        return {a.lower() for a in rule.source_asg_ids} & {a.lower() for a in ipc.asg_ids}
    for prefix in rule.source_prefixes:
        if prefix.lower() == "internet":  # the space outside the VNet: never the VM's own address
            continue
        if prefix.lower() in ("*", "any", "0.0.0.0/0"):
            return True
        if prefix.lower() == "virtualnetwork":
            return any(holds(p, ipc.private_ip) for p in space)
        if holds(prefix, ipc.private_ip):
            return True
    return False


def nsg(group, ipc, space, address, tags="skip"):
    """(access, deciding rule name) for TCP to `address`:25."""
    rules, maybe = [r for r in group.rules if r.direction.lower() == "outbound"], []
    if not any(r.default for r in rules):
        rules += DEFAULT_OUTBOUND
    for rule in sorted(rules, key=lambda r: r.priority):
        if rule.protocol.lower() not in ("tcp", "*", "all") or not has_port(rule.destination_ports, 25):
            continue
        if not _nsg_source(rule, ipc, space) or client_ports(rule.source_ports) != "all":
            continue
        if rule.destination_asg_ids and not rule.destination_prefixes:
            continue
        found = [holds(p, address) for p in rule.destination_prefixes]
        if True in found:
            return _settle(rule.access, rule.name, maybe)
        if None in found and tags == "unknown":
            maybe.append((rule.access, rule.name))
    return _settle("Deny", "DenyAllOutBound", maybe)


def firewall(fw, source_ip, address, tags="skip"):
    """(action, deciding rule name or None) for TCP to `address`:25."""
    maybe = []
    for rule in sorted(fw.network_rules, key=lambda r: r.priority):
        if not {p.lower() for p in rule.protocols} & {"tcp", "any"} or not has_port(rule.ports, 25):
            continue
        if source_ip and not any(s == "*" or holds(s, source_ip) for s in rule.sources):
            continue
        found = [holds(d, address) for d in rule.destinations]
        if True in found:
            return _settle(rule.action, rule.name, maybe)
        if None in found and tags == "unknown":
            maybe.append((rule.action, rule.name))
    return _settle("Deny", None, maybe)


def _settle(outcome, name, maybe):
    """The first rule holding the address decides; with tags 'unknown', a rule naming unread ranges met before it
    might hold the address first: Unknown (named by the first such rule) when its outcome is another."""
    differ = [n for o, n in maybe if o != outcome]
    return ("Unknown", differ[0]) if differ else (outcome, name)


def route(routes, space, address, tags="skip"):
    """(next hop, next hop ip, origin prefix) of the longest matching prefix; user routes win ties."""
    addr = ipaddress.IPv4Address(address)
    best, tagged = None, []
    for r in routes:
        try:
            net = ipaddress.ip_network(r.prefix, strict=False)
        except ValueError:
            tagged.append(r)
            continue
        if net.version == 4 and addr in net:
            best = max(best or (-1,), (net.prefixlen, 3, r.next_hop_type, r.next_hop_ip, r.prefix))
    system = [("0.0.0.0/0", "Internet", 1)] + [(p, "VnetLocal", 2) for p in space]
    system += [(p, "None", 0) for p in SYSTEM_PRIVATE]
    for prefix, hop, rank in system:
        net = ipaddress.ip_network(prefix, strict=False)
        if addr in net:
            best = max(best or (-1,), (net.prefixlen, rank, hop, None, prefix))
    if tags == "unknown" and not (best[1] == 3 and best[0] == 32):
        if any((r.next_hop_type.lower(), r.next_hop_ip) != (best[2].lower(), best[3]) for r in tagged):
            return "Unknown", best[3], best[4]
    return best[2], best[3], best[4]
