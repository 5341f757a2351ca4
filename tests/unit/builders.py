"""Small inventories for analyzer tests, built from the plain model (no SDK, no I/O)."""
from azext_smtp.core.model import (Firewall, Inventory, IpConfig, LoadBalancer, Nic, Nsg, Route, RouteTable, SecurityRule,
                              Subnet, Subscription, Vm, Vnet)
from azext_smtp.core.offer import decide
from azext_smtp.core.policy import Policy
from azext_smtp.core.editions import load_edition

EDITION = load_edition()
SUBNET = "/vnet/subnets/default"


def policy(status="not-blocked"):
    actions = {"blocked": ["use-authenticated-relay"], "exemptible": ["request-exemption"],
               "unknown": ["confirm-offer"]}.get(status, [])
    return Policy(status, EDITION, "SMTP25-X", "", actions)


def rule(name, priority, access, ports=("25",), dest=("Internet",), protocol="Tcp", **kw):
    return SecurityRule(name, priority, "Outbound", access, protocol, list(dest), list(ports), **kw)


def inventory(subnet_kw=None, nic_kw=None, ipc_kw=None, nsgs=(), routes=None, lbs=(), firewalls=()):
    """One VM with one NIC in one subnet; keyword arguments override the parts a test is about."""
    inv = Inventory(Subscription("sub"))
    inv.vnets["/vnet"] = Vnet("/vnet", "vnet", "rg", ["10.0.0.0/16"], [SUBNET])
    sub_args = {"prefixes": ["10.0.0.0/24"], "default_outbound_access": True, **(subnet_kw or {})}
    inv.subnets[SUBNET] = Subnet(SUBNET, "default", "/vnet", **sub_args)
    ipc = IpConfig("ipconfig1", SUBNET, "10.0.0.4", primary=True, **(ipc_kw or {}))
    inv.nics["/nic"] = Nic("/nic", "nic", [ipc], primary=True, **(nic_kw or {}))
    inv.vms = [Vm("/vm", "vm", "rg", "sub", ["/nic"])]
    for g in nsgs:
        inv.nsgs[g.id.lower()] = g
    if routes is not None:
        inv.route_tables["/rt"] = RouteTable("/rt", "rt", [Route(*r) for r in routes])
        inv.subnets[SUBNET].route_table_id = "/rt"
    for lb in lbs:
        inv.load_balancers[lb.id.lower()] = lb
    for fw in firewalls:
        inv.firewalls[fw.id.lower()] = fw
    return inv


def classify(quota_id, billing):
    """The offer decision from the quotaId and the billing property alone."""
    return decide(Subscription("", quota_id=quota_id, billing=billing))


def nsg(name, *rules):
    return Nsg(f"/nsg/{name}", name, list(rules))


__all__ = ["EDITION", "Firewall", "LoadBalancer", "Nsg", "SUBNET", "inventory", "nsg", "policy", "rule"]
