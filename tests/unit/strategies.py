"""Hypothesis strategies for rules, routes and prefixes as ARM writes them, shared by the property tests."""
import ipaddress
from datetime import datetime, timedelta, timezone
from typing import List

from hypothesis import strategies as st

from azext_smtp.core.model import (ActivityEvent, ActivityLog, Billing, Firewall, FirewallRule, Inventory, IpConfig,
                                   LoadBalancer, Nic, Nsg, Route, RouteTable, SecurityRule, Subnet, Subscription,
                                   Usage, Vm, Vnet, key)
from azext_smtp.core.offer import decide

ADDRESS = st.one_of(st.integers(0, 2 ** 32 - 1), st.sampled_from([int(ipaddress.IPv4Address(a)) for a in (
    "0.0.0.0", "10.0.0.0", "52.0.0.0", "100.64.0.0", "127.255.255.255", "128.0.0.0", "172.16.0.0", "192.0.0.8",
    "192.168.0.0", "223.255.255.255", "224.0.0.0", "255.255.255.255")]))
CIDR = st.builds(lambda a, n: str(ipaddress.ip_network((a, n), strict=False)), ADDRESS,
                 st.one_of(st.integers(0, 32), st.integers(1, 12), st.integers(24, 32)))
RANGE = st.builds(lambda a, b: f"{ipaddress.IPv4Address(a)}-{ipaddress.IPv4Address(b)}", ADDRESS, ADDRESS)
SINGLE = ADDRESS.map(lambda a: str(ipaddress.IPv4Address(a)))
SPECIAL = st.sampled_from(["*", "Internet", "0.0.0.0/0", "Any", "VirtualNetwork", "AzureCloud", "Storage",
                           "2001:db8::/32"])
PREFIX = st.one_of(CIDR, CIDR, RANGE, SINGLE, SPECIAL)
SOURCE_PORTS = st.sampled_from([["*"], ["1024-65535"], ["1-65535"], ["1024-40000,40001-65535"],
                                ["1024-40000", "40001-65535"], ["32768-60999"], ["0-1023"], ["25"]])
SOURCE_PREFIXES = st.sampled_from([["*"], ["VirtualNetwork"], ["10.0.0.0/24"], ["192.168.0.0/24"], ["Internet"],
                                  ["Internet", "10.0.0.0/24"], ["internet"]])


@st.composite
def security_rules(draw, prefix=PREFIX, ports=None):
    """Outbound rules; `ports` draws destination and source ports (else a few typical ones)."""
    destination_ports = ports if ports is not None else st.sampled_from([["25"], ["*"], ["20-30"], ["587"]])
    source_ports = ports if ports is not None else SOURCE_PORTS
    priorities = draw(st.lists(st.integers(100, 4096), min_size=0, max_size=7, unique=True))
    rules = []
    for i, priority in enumerate(priorities):
        asg = draw(st.sampled_from([[], [], ["/asg/mail"], ["/asg/web"]]))
        rules.append(SecurityRule(
            f"r{i}", priority, "Outbound", draw(st.sampled_from(["Allow", "Deny"])),
            draw(st.sampled_from(["Tcp", "*", "Tcp", "Udp"])), draw(st.lists(prefix, min_size=1, max_size=3)),
            draw(destination_ports),
            source_prefixes=draw(SOURCE_PREFIXES),
            source_ports=draw(source_ports), source_asg_ids=asg))
    return rules


ROUTE_CIDR = st.one_of(CIDR, CIDR, st.sampled_from(["Storage", "AzureCloud"]))
HOP = st.sampled_from([("Internet", None), ("None", None), ("VirtualAppliance", "10.9.0.4"),
                       ("VirtualAppliance", "10.9.0.5"), ("VirtualNetworkGateway", None), ("VnetLocal", None)])
FW_DEST = st.one_of(PREFIX, st.sampled_from(["fqdn:mx.contoso.com", "ipgroup:/ipg/g"]))


@st.composite
def firewall_rules(draw, destination=FW_DEST):
    rules = []
    for i in range(draw(st.integers(0, 6))):
        rules.append(FirewallRule(
            f"c{i % 3}", draw(st.sampled_from([100, 200, 300])), draw(st.sampled_from(["Allow", "Deny"])), f"f{i}",
            draw(st.sampled_from([["TCP"], ["Any"], ["UDP"], ["TCP", "UDP"]])),
            draw(st.sampled_from([["*"], ["10.0.0.0/24"], ["10.0.0.1-10.0.0.10"], ["192.168.0.0/16"]])),
            draw(st.lists(destination, min_size=1, max_size=3)), draw(st.sampled_from([["25"], ["*"], ["443"]]))))
    return rules


# --- whole inventories --------------------------------------------------------------------------------------
SUB = "00000000-0000-0000-0000-000000000001"
OTHER_SUB = "00000000-0000-0000-0000-000000000002"
EXEMPTED_AT = datetime(2026, 3, 1, tzinfo=timezone.utc)
WIDE = st.sampled_from(["0.0.0.0/0", "Internet", "*", "0.0.0.0/1", "128.0.0.0/1", "52.0.0.0/8", "8.8.8.8"])
WIDE_ROUTE = st.sampled_from(["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "52.0.0.0/8"])
OUT_HOP = st.sampled_from([("None", None), ("VirtualAppliance", "10.9.0.4")])  # the firewall's private IP
ESTATE_PREFIX = st.one_of(WIDE, PREFIX)  # most estates' rules and routes decide for most receivers
EA = "EnterpriseAgreement_2014-09-01"
SETTLED = st.sampled_from([(EA, Billing("EnterpriseAgreement", "Enterprise", None, "Production")),
                           (EA, Billing("MicrosoftCustomerAgreement", "Enterprise", None, "Production")),
                           (EA, Billing("MicrosoftCustomerAgreement", "Individual", None, "Production")),
                           ("MSDNDevTest_2014-09-01", Billing("EnterpriseAgreement", "Enterprise", None, "DevTest")),
                           ("PayAsYouGo_2014-09-01", None)])
QUOTA = st.sampled_from([None, "EnterpriseAgreement_2014-09-01", "MSDNDevTest_2014-09-01", "PayAsYouGo_2014-09-01",
                         "MSDN_2014-09-01", "Internal_2014-09-01", "Unlisted_2020-01-01"])
BILLING = st.one_of(st.none(), st.builds(
    Billing, st.sampled_from(["EnterpriseAgreement", "MicrosoftCustomerAgreement", "MicrosoftOnlineServicesProgram"]),
    st.sampled_from([None, "Enterprise", "Individual"]), st.sampled_from([None, "Enterprise"]),
    st.sampled_from([None, "Production", "DevTest"])))
USAGE = st.one_of(st.none(), st.builds(Usage, st.sampled_from(["legacy", "modern", "empty", "error"]),
                                       st.sampled_from([None, "MS-AZR-0017P", "MS-AZR-0003P", "MS-AZR-0148P"]),
                                       st.sampled_from([None, "BillingAccessDenied", "Unauthorized"])))
MOMENT = st.one_of(st.none(), st.sampled_from([EXEMPTED_AT - timedelta(days=30), EXEMPTED_AT + timedelta(days=2)]))
DESTINATION = st.sampled_from([None, None, "52.1.2.3", "8.8.8.8", "31.130.0.1"])


def arm_id(kind: str, name: str, sub: str = SUB) -> str:
    return f"/subscriptions/{sub}/resourceGroups/rg/providers/{kind}/{name}"


def _subscription(draw) -> Subscription:
    """Usage details are read only while quotaId and billing property leave the offer open (collect/reader.py)."""
    quota, billing = draw(st.one_of(SETTLED, st.tuples(QUOTA, BILLING)))
    sub = Subscription(SUB, "sub", "Enabled", quota, draw(st.sampled_from([None, "On", "Off"])), billing)
    if decide(sub).confidence != "confirmed":
        sub.usage = draw(USAGE)
    return sub


def _network(draw, inv: Inventory) -> List[str]:
    """NSGs, route tables, a firewall, a load balancer, a NAT gateway and one VNet; returns the subnet ids."""
    for i in range(draw(st.integers(0, 2))):
        group = Nsg(arm_id("Microsoft.Network/networkSecurityGroups", f"nsg{i}"), f"nsg{i}",
                    draw(security_rules(ESTATE_PREFIX)))
        inv.nsgs[key(group.id)] = group
    for i in range(draw(st.integers(1, 2))):
        routes = draw(st.lists(st.tuples(st.one_of(WIDE_ROUTE, ROUTE_CIDR), st.one_of(OUT_HOP, HOP)), max_size=3,
                               unique_by=lambda r: r[0]))
        table = RouteTable(arm_id("Microsoft.Network/routeTables", f"rt{i}"), f"rt{i}",
                           [Route(f"u{j}", prefix, hop, ip) for j, (prefix, (hop, ip)) in enumerate(routes)])
        inv.route_tables[key(table.id)] = table
    if draw(st.booleans()):
        fw = Firewall(arm_id("Microsoft.Network/azureFirewalls", "fw", draw(st.sampled_from([SUB, SUB, OTHER_SUB]))),
                      "fw", ["10.9.0.4"], draw(firewall_rules(st.one_of(WIDE, FW_DEST))))
        inv.firewalls[key(fw.id)] = fw
    lb_id = arm_id("Microsoft.Network/loadBalancers", "lb")
    if draw(st.booleans()):
        inv.load_balancers[key(lb_id)] = LoadBalancer(lb_id, "lb", "Standard", [f"{lb_id}/backendAddressPools/out"])
    nat = arm_id("Microsoft.Network/natGateways", "nat")
    vnet = Vnet(arm_id("Microsoft.Network/virtualNetworks", "vnet"), "vnet", "rg",
                draw(st.sampled_from([["10.0.0.0/16"], ["10.0.0.0/16", "52.0.0.0/24"], ["10.0.0.0/8"]])))
    inv.vnets[key(vnet.id)] = vnet
    for i in range(draw(st.integers(1, 2))):
        subnet = Subnet(f"{vnet.id}/subnets/s{i}", f"s{i}", vnet.id, [f"10.0.{i}.0/24"],
                        draw(st.sampled_from([None] + [g.id for g in inv.nsgs.values()])),
                        draw(st.sampled_from([None] + [t.id for t in inv.route_tables.values()])),
                        draw(st.sampled_from([None, None, nat])), draw(st.sampled_from([None, True, False])),
                        draw(st.sampled_from([[], [], ["Microsoft.Web/serverFarms"]])))
        inv.subnets[key(subnet.id)] = subnet
        vnet.subnet_ids.append(subnet.id)
    return list(vnet.subnet_ids)


def _nic(draw, inv: Inventory, name: str, subnets: List[str], primary: bool) -> Nic:
    subnet = draw(st.sampled_from(subnets))
    lb_pool = arm_id("Microsoft.Network/loadBalancers", "lb") + "/backendAddressPools/out"
    ipc = IpConfig("ipconfig1", subnet, f"10.0.{subnet[-1]}.{draw(st.integers(4, 9))}",
                   draw(st.sampled_from([None, None, arm_id("Microsoft.Network/publicIPAddresses", f"{name}-ip")])),
                   draw(st.sampled_from([[], [lb_pool]])), draw(st.sampled_from([[], ["/asg/mail"]])), primary=True)
    nic = Nic(arm_id("Microsoft.Network/networkInterfaces", name), name, [ipc],
              draw(st.sampled_from([None] + [g.id for g in inv.nsgs.values()])), primary,
              draw(st.sampled_from([None, True, False])), draw(st.sampled_from([None, True, False])))
    inv.nics[key(nic.id)] = nic
    return nic


@st.composite
def estates(draw) -> Inventory:
    """One small subscription: a VNet, up to two subnets, NSGs, route tables, maybe a firewall and a load
    balancer, and up to three VMs of one or two NICs (the primary one not always listed first)."""
    inv = Inventory(_subscription(draw))
    subnets = _network(draw, inv)
    for i in range(draw(st.integers(1, 3))):
        nics = [_nic(draw, inv, f"vm{i}-nic{j}", subnets, j == 0) for j in range(draw(st.integers(1, 2)))]
        order = draw(st.permutations([n.id for n in nics]))
        inv.vms.append(Vm(arm_id("Microsoft.Compute/virtualMachines", f"vm{i}"), f"vm{i}", "rg", SUB, list(order),
                          time_created=draw(MOMENT),
                          power_state=draw(st.sampled_from([None, "running", "stopped", "deallocated"]))))
    if draw(st.booleans()):
        events = [ActivityEvent(f"microsoft.compute/virtualmachines/{op}/action", vm.id,
                                EXEMPTED_AT + timedelta(days=d))
                  for vm in inv.vms for op, d in draw(st.lists(st.tuples(
                      st.sampled_from(["deallocate", "start", "restart"]), st.integers(-3, 3)), max_size=3))]
        inv.activity = ActivityLog(EXEMPTED_AT - timedelta(days=draw(st.sampled_from([1, 90]))),
                                   EXEMPTED_AT + timedelta(days=10), events)
    return inv


# --- ports as NSG rules write them -----------------------------------------------------------------------------
PORT = st.one_of(st.integers(0, 65535), st.integers(0, 64), st.sampled_from([1023, 1024, 1025, 65534, 65535]))
PORT_RANGE = st.one_of(PORT.map(str), st.tuples(PORT, PORT).map(lambda p: f"{min(p)}-{max(p)}"),
                       st.sampled_from(["*", "Any", "25", "1024-65535"]))
PORTS = st.lists(PORT_RANGE, min_size=1, max_size=3).flatmap(
    lambda items: st.sampled_from([items, [",".join(items)]]))  # separate entries or one comma list
