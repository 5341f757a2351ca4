"""Writes the sample estates in estates/*.json from the shapes in shapes.py.

Run `python -m tests.localarm.make_estates` after changing this file; the JSON files
are what the local ARM serves and what reviewers read. `scaled(n)` builds the
benchmark estates in memory.
"""
import json
import os

from datetime import datetime, timezone

from . import shapes as s
from .estate import ESTATE_DIR, activity_event

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)  # placeholder time, replaced by a relative one
RG = "mail-rg"
HUB_RG = "hub-rg"  # shared network in another group, as hub-and-spoke estates have it
APPS_RG = "web-rg"


class EstateBuilder:
    """Collects subscriptions, billing properties and resources into one estate document."""

    def __init__(self, page_size=100):
        self.doc = {"tenantId": s.TENANT, "pageSize": page_size, "subscriptions": [], "billingProperties": {},
                    "resources": [], "activityLog": [], "faults": []}

    def subscription(self, key, name, quota_id, billing=None, usage=None, spending_limit="Off"):
        """`billing` and `usage` may be callables of the subscription id. `usage` is a list of usage-detail
        records or a shapes.usage_error(); a subscription given none answers an empty list."""
        sub = s.sub_guid(key)
        self.doc["subscriptions"].append(s.subscription(sub, name, quota_id, spending_limit=spending_limit))
        if billing is not None:
            self.doc["billingProperties"][sub] = billing(sub) if callable(billing) else billing
        if usage is not None:
            usage = usage(sub) if callable(usage) else usage
            self.doc.setdefault("usageDetails", {})[sub] = usage if isinstance(usage, dict) else {"records": usage}
        return sub

    def add(self, *bodies):
        self.doc["resources"].extend(bodies)
        return bodies[0] if len(bodies) == 1 else bodies

    def network(self, sub, rg=RG, name="vnet1", space=("10.0.0.0/16",), subnets=None):
        subnets = subnets or [{"name": "default", "prefix": "10.0.0.0/24", "default_outbound": True}]
        body = self.add(s.vnet(sub, rg, name, space, subnets))
        return {sn["name"]: sn["id"] for sn in body["properties"]["subnets"]}

    def vm(self, sub, name, subnet_id, rg=RG, allow25=None, nics=1, nic_kw=None, **vm_kwargs):
        """A VM with `nics` NICs (the first primary); a flexible scale-set member when `scale_set` is given."""
        vm_id = s.rid(sub, rg, "Microsoft.Compute/virtualMachines", name)
        nic_ids = []
        nic_kw = dict(nic_kw or {})
        address = nic_kw.pop("private_ip", "10.0.0.4")
        for i in range(nics):
            body = s.nic(sub, rg, f"{name}-nic{i}", subnet_id, vm_id, allow25, primary=(i == 0),
                         private_ip=address[:address.rindex(".") + 1] + str(int(address.rsplit(".", 1)[1]) + i),
                         **nic_kw)
            self.add(body)
            nic_ids.append(body["id"])
        return self.add(s.vm(sub, rg, name, nic_ids, **vm_kwargs))

    def scale_set(self, sub, name, subnet_id, instances=2, rg=RG, allow25=None, tags=None, ip_base="10.0.9.",
                  **instance_kw):
        """A uniform scale set: instances and NICs nested under it, as ARM keeps them."""
        ss = self.add(s.scale_set(sub, rg, name, subnet_id, tags=tags))
        for i in range(instances):
            body, nic_id = s.scale_set_instance(ss["id"], i, **instance_kw)
            self.add(body, s.nic(sub, rg, f"{name}-nic", subnet_id, body["id"], allow25, nic_id=nic_id,
                                 private_ip=f"{ip_base}{4 + i}"))
        return ss

    def past_operations(self, *operations):
        """Activity-log events for (resource id, operation, relative time such as 'now-5d') triples."""
        for resource_id, operation, when in operations:
            event = activity_event(s.TENANT, resource_id, operation, 202, "admin@contoso.com", EPOCH)
            event_id = s.new_uuid()
            event.update(eventDataId=event_id, correlationId=s.new_uuid(), operationId=s.new_uuid(),
                         id=f"{resource_id}/events/{event_id}/ticks/0",
                         eventTimestamp=when, submissionTimestamp=when)  # relative: resolved when the estate loads
            self.doc["activityLog"].append(event)

    def absorb(self, other, keys, vm_names=None):
        """Take the subscriptions `keys` of another builder's estate, with what belongs to them; of their VMs only
        `vm_names` (with their NICs) when given. Composes a new estate from the existing ones without copying."""
        subs = {s.sub_guid(k) for k in keys}
        mine = lambda value: any(f"/subscriptions/{sub}/" in str(value).lower() for sub in subs)  # noqa: E731
        dropped = {r["id"] for r in other.doc["resources"] if vm_names is not None and mine(r["id"])
                   and r.get("type") == "Microsoft.Compute/virtualMachines" and r["name"] not in vm_names}
        self.doc["subscriptions"] += [x for x in other.doc["subscriptions"] if x["subscriptionId"] in subs]
        self.doc["resources"] += [r for r in other.doc["resources"] if mine(r["id"]) and r["id"] not in dropped
                                  and r.get("properties", {}).get("virtualMachine", {}).get("id") not in dropped]
        self.doc["activityLog"] += [e for e in other.doc["activityLog"] if mine(e["resourceId"])]
        for part in ("billingProperties", "usageDetails", "exemptions"):
            taken = {sub: v for sub, v in other.doc.get(part, {}).items() if sub in subs}
            if taken:
                self.doc.setdefault(part, {}).update(taken)

    def write(self, name):
        with open(os.path.join(ESTATE_DIR, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(self.doc, f, indent=1)
            f.write("\n")


def _billing(agreement, account_type, sub_type=None, workload="Production"):
    return lambda sub: s.billing_property(sub, agreement, account_type, sub_type, workload)


BILLING_403 = s.billing_error(403, "AuthorizationFailed", "The client does not have authorization to perform action "
                              "'Microsoft.Billing/billingProperty/read'.")
OFFERS = [
    # key, display name, quotaId, billing property (or an ARM error), allowPort25Out on its NICs
    ("ea", "Contoso EA Production", "EnterpriseAgreement_2014-09-01",
     _billing("EnterpriseAgreement", "Enterprise", workload="Production"), True),
    ("mcae", "Contoso MCA-E", "EnterpriseAgreement_2014-09-01",
     _billing("MicrosoftCustomerAgreement", "Business", "Enterprise"), True),
    ("mca", "Fabrikam MCA Individual", "EnterpriseAgreement_2014-09-01",
     _billing("MicrosoftCustomerAgreement", "Individual", "Individual"), False),
    ("eadevtest", "Contoso Enterprise Dev/Test", "MSDNDevTest_2014-09-01",
     _billing("EnterpriseAgreement", "Enterprise", workload="DevTest"), False),
    ("paygdevtest", "Fabrikam PAYG Dev/Test", "MSDNDevTest_2014-09-01",
     _billing("MicrosoftOnlineServicesProgram", "Individual", workload="DevTest"), False),
    ("payg", "Fabrikam Pay-As-You-Go", "PayAsYouGo_2014-09-01",
     _billing("MicrosoftOnlineServicesProgram", "Individual"), False),
    ("msdn", "Visual Studio Enterprise", "MSDN_2014-09-01",
     _billing("MicrosoftOnlineServicesProgram", "Individual"), False),
    ("ea403", "EA without billing rights", "EnterpriseAgreement_2014-09-01", BILLING_403, True),
]


def demo():
    """One subscription per offer family of interest, each with a VNet and a mail VM."""
    b = EstateBuilder(page_size=2)
    for key, name, quota, billing, flag in OFFERS:
        sub = b.subscription(key, name, quota, billing)
        subnets = b.network(sub)
        b.vm(sub, f"{key}-mail1", subnets["default"], allow25=flag)
    # Management groups (Resource Graph's `managementGroups` scope): members are subscriptions or groups.
    b.doc["managementGroups"] = {"Contoso": [s.sub_guid("ea"), s.sub_guid("mcae"), "Contoso-DevTest"],
                                 "Contoso-DevTest": [s.sub_guid("eadevtest")], "Empty": []}
    return b


def exemption():
    """Enterprise Dev/Test after an exemption: one VM picked it up, one did not."""
    b = EstateBuilder()
    sub = b.subscription("edt-exempted", "Contoso Dev/Test exempted", "MSDNDevTest_2014-09-01",
                         _billing("EnterpriseAgreement", "Enterprise", workload="DevTest"))
    subnets = b.network(sub)
    b.vm(sub, "refreshed", subnets["default"], allow25=True)
    b.vm(sub, "stale", subnets["default"], allow25=False)
    return b


def network():
    """One EA subscription, one VM per network-path case; the hub VNet,
    its firewall and the route table that points at it sit in another resource group."""
    b = EstateBuilder()
    sub = b.subscription("net-ea", "Contoso EA Networking", "EnterpriseAgreement_2014-09-01",
                         _billing("EnterpriseAgreement", "Enterprise"))

    def nsg_id(name):
        return s.rid(sub, RG, "Microsoft.Network/networkSecurityGroups", name)
    b.add(s.nsg(sub, RG, "nic-deny25", [s.security_rule("Deny-SMTP-Out", 100, "Deny", "*", ("25",))]),
          s.nsg(sub, RG, "subnet-deny-mail", [
              s.security_rule("Deny-Mail-Ports", 300, "Deny", "Internet", ("20-30", "465"))]),
          s.nsg(sub, RG, "allow25-over-denyall", [
              s.security_rule("Deny-All-Out", 4000, "Deny", "*", ("*",), protocol="*"),
              s.security_rule("Allow-SMTP-Out", 200, "Allow", "Internet", ("25",))]),
          s.route_table(sub, RG, "drop-internet", [("blackhole", "0.0.0.0/0", "None", None)]),
          s.route_table(sub, HUB_RG, "to-firewall", [("default-via-fw", "0.0.0.0/0", "VirtualAppliance", "10.1.255.4")]),
          s.public_ip(sub, RG, "nat-pip", "20.61.10.9"), s.public_ip(sub, RG, "lb-pip", "20.61.10.10"),
          s.public_ip(sub, RG, "vm-pip", "20.61.10.11"), s.public_ip(sub, RG, "fw-pip", "20.61.10.12"))
    rt = s.rid(sub, RG, "Microsoft.Network/routeTables", "{}").format
    hub_rt = s.rid(sub, HUB_RG, "Microsoft.Network/routeTables", "to-firewall")
    nat = s.rid(sub, RG, "Microsoft.Network/natGateways", "natgw")
    subnets = b.network(sub, space=("10.0.0.0/16",), subnets=[
        {"name": "open", "prefix": "10.0.0.0/24", "default_outbound": True},
        {"name": "nsg-deny", "prefix": "10.0.1.0/24", "nsg": nsg_id("subnet-deny-mail"), "default_outbound": True},
        {"name": "allow-over-deny", "prefix": "10.0.2.0/24", "nsg": nsg_id("allow25-over-denyall"),
         "default_outbound": True},
        {"name": "route-none", "prefix": "10.0.3.0/24", "route_table": rt("drop-internet"), "default_outbound": True},
        {"name": "forced-tunnel", "prefix": "10.0.4.0/24", "route_table": hub_rt},
        {"name": "private", "prefix": "10.0.5.0/24", "default_outbound": False},
        {"name": "nat", "prefix": "10.0.6.0/24", "nat": nat, "default_outbound": False},
        {"name": "lb", "prefix": "10.0.7.0/24", "default_outbound": False},
        {"name": "scaleset", "prefix": "10.0.9.0/24", "default_outbound": True},
    ])
    hub = b.network(sub, rg=HUB_RG, name="hub", space=("10.1.0.0/16",), subnets=[
        {"name": "AzureFirewallSubnet", "prefix": "10.1.255.0/26"}])
    b.add(s.nat_gateway(sub, RG, "natgw", [s.rid(sub, RG, "Microsoft.Network/publicIPAddresses", "nat-pip")],
                        [subnets["nat"]]),
          s.load_balancer(sub, RG, "outbound-lb", s.rid(sub, RG, "Microsoft.Network/publicIPAddresses", "lb-pip")),
          s.firewall(sub, HUB_RG, "hub-fw", "10.1.255.4", hub["AzureFirewallSubnet"], [
              ("smtp-out", 200, "Allow", "allow-smtp-relay-hosts", ["10.0.4.0/25"], ["*"], ["25", "587"])]))
    pool = s.rid(sub, RG, "Microsoft.Network/loadBalancers", "outbound-lb") + "/backendAddressPools/be"
    b.vm(sub, "open-vm", subnets["open"], allow25=True)
    b.vm(sub, "nic-nsg-vm", subnets["open"], allow25=True, nic_kw={"nsg": nsg_id("nic-deny25")})
    b.vm(sub, "subnet-nsg-vm", subnets["nsg-deny"], allow25=True)
    b.vm(sub, "allow-over-deny-vm", subnets["allow-over-deny"], allow25=True)
    b.vm(sub, "route-none-vm", subnets["route-none"], allow25=True)
    b.vm(sub, "forced-tunnel-vm", subnets["forced-tunnel"], allow25=True, nic_kw={"private_ip": "10.0.4.4"})
    b.vm(sub, "fw-denied-vm", subnets["forced-tunnel"], allow25=True, nic_kw={"private_ip": "10.0.4.200"})
    b.vm(sub, "private-vm", subnets["private"], allow25=True)
    b.vm(sub, "nat-vm", subnets["nat"], allow25=True)
    b.vm(sub, "lb-vm", subnets["lb"], allow25=True, nic_kw={"pools": [pool]})
    b.vm(sub, "public-ip-vm", subnets["private"], allow25=True,
         nic_kw={"public_ip": s.rid(sub, RG, "Microsoft.Network/publicIPAddresses", "vm-pip")})
    b.vm(sub, "two-nic-vm", subnets["open"], allow25=True, nics=2)
    b.scale_set(sub, "mailss", subnets["scaleset"], instances=2, allow25=True)
    flex = b.add(s.scale_set(sub, RG, "flexss", subnets["scaleset"], mode="Flexible"))
    b.vm(sub, "flexss_a1b2c3", subnets["scaleset"], allow25=True, scale_set=flex["id"])
    # Rules for part of the internet: exact ranges, not one probe per /8, decide "any receiver".
    b.add(s.nsg(sub, RG, "deny-some-receivers", [s.security_rule("Deny-122-32", 763, "Deny", "122.32.0.0/11", ("25",))]))
    b.add(s.nsg(sub, RG, "relay-only", [s.security_rule("Allow-Relay", 100, "Allow", "8.223.38.49", ("25",)),
                                        s.security_rule("Deny-Other-Mail", 200, "Deny", "*", ("25",))]))
    b.vm(sub, "partial-deny-vm", subnets["open"], allow25=True, nic_kw={"nsg": nsg_id("deny-some-receivers")})
    b.vm(sub, "relay-only-vm", subnets["open"], allow25=True, nic_kw={"nsg": nsg_id("relay-only")})
    # Field facts: a Deny whose source is the Internet tag never holds the VM's own traffic; a service-tag
    # route to the hop every receiver takes anyway (Storage -> Internet under the system default) decides.
    b.add(s.nsg(sub, RG, "deny-from-internet", [s.security_rule("Deny-From-Internet", 100, "Deny", "Internet", ("25",),
                                                                source_prefix="Internet")]),
          s.route_table(sub, RG, "storage-direct", [("storage", "Storage", "Internet", None)]))
    tagged = b.network(sub, rg=RG, name="tagged-vnet", space=("10.2.0.0/16",), subnets=[
        {"name": "tagged-route", "prefix": "10.2.0.0/24", "route_table": rt("storage-direct"),
         "default_outbound": True}])
    b.vm(sub, "internet-source-vm", subnets["open"], allow25=True, nic_kw={"nsg": nsg_id("deny-from-internet")})
    b.vm(sub, "tag-route-vm", tagged["tagged-route"], allow25=True)
    return b


POLICY_CASES = [
    # firewall and its policy, spoke subnet, VMs (name, private IP)
    ("fw-allow", "allow-smtp", "10.0.1.0/24", [("policy-allow-vm", "10.0.1.4")]),
    ("fw-web", "web-only", "10.0.2.0/24", [("app-rules-only-vm", "10.0.2.4")]),
    ("fw-inherit", "spoke-child", "10.0.3.0/24", [("base-deny-vm", "10.0.3.4")]),
    ("fw-groups", "ipgroup-allow", "10.0.4.0/24", [("ipgroup-vm", "10.0.4.4"), ("outside-group-vm", "10.0.4.100")]),
    ("fw-locked", "locked", "10.0.5.0/24", [("locked-policy-vm", "10.0.5.4")]),
]


def policy():
    """Spoke VMs behind Azure Firewalls whose rules live in Firewall Policies: a network rule allowing
    TCP 25, application rules only, a base policy in the hub subscription whose deny comes first, an IP group of
    senders, and a policy in a subscription the caller cannot read. Page size 2: rule collection groups page."""
    b = EstateBuilder(page_size=2)
    ea = _billing("EnterpriseAgreement", "Enterprise")
    sub = b.subscription("pol-spoke", "Contoso EA Spoke", EA, ea)
    hub = b.subscription("pol-hub", "Contoso EA Hub", EA, ea)
    locked = s.sub_guid("pol-locked")  # not in the estate: ARM answers 404 SubscriptionNotFound
    base = b.add(s.firewall_policy(hub, HUB_RG, "org-base", ["org-deny-mail"]))
    b.add(s.rule_collection_group(base["id"], "org-deny-mail", 65000, [s.filter_collection(
        "deny-direct-mail", 100, "Deny", [s.network_rule("deny-smtp", ports=("25", "465"))])]))
    allow = b.add(s.firewall_policy(sub, HUB_RG, "allow-smtp", ["DefaultDnatRuleCollectionGroup",
                                                               "DefaultNetworkRuleCollectionGroup",
                                                               "DefaultApplicationRuleCollectionGroup"]))
    b.add(s.rule_collection_group(allow["id"], "DefaultDnatRuleCollectionGroup", 100, [s.nat_collection(
              "inbound-smtp", 100, [s.nat_rule("mx-in", "20.61.20.4", "25", "10.0.1.10", "25")])]),
          s.rule_collection_group(allow["id"], "DefaultNetworkRuleCollectionGroup", 200, [
              s.filter_collection("deny-other-mail", 300, "Deny", [s.network_rule("deny-25", ports=("25",))]),
              s.filter_collection("allow-mail", 200, "Allow", [
                  s.network_rule("allow-smtp-out", sources=("10.0.1.0/24",), ports=("25", "587"))])]),
          s.rule_collection_group(allow["id"], "DefaultApplicationRuleCollectionGroup", 300, [s.filter_collection(
              "web", 100, "Allow", [s.application_rule("updates", ["10.0.0.0/16"], ["*.ubuntu.com"])])]))
    web = b.add(s.firewall_policy(sub, HUB_RG, "web-only", ["DefaultApplicationRuleCollectionGroup"]))
    b.add(s.rule_collection_group(web["id"], "DefaultApplicationRuleCollectionGroup", 300, [s.filter_collection(
        "web", 100, "Allow", [s.application_rule("any-web", ["*"], ["*"]),
                              s.application_rule("mail-api", ["10.0.2.0/24"], ["api.sendgrid.com"])])]))
    child = b.add(s.firewall_policy(sub, HUB_RG, "spoke-child", ["spoke-mail"], base=base["id"]))
    b.add(s.rule_collection_group(child["id"], "spoke-mail", 100, [s.filter_collection(
        "allow-mail", 100, "Allow", [s.network_rule("allow-smtp-out", ports=("25",))])]))
    senders = b.add(s.ip_group(hub, HUB_RG, "mail-senders", ["10.0.4.0/28"]))
    grouped = b.add(s.firewall_policy(sub, HUB_RG, "ipgroup-allow", ["senders"], dns_proxy=False))
    b.add(s.rule_collection_group(grouped["id"], "senders", 200, [s.filter_collection(
        "allow-senders", 100, "Allow", [s.network_rule("senders-smtp", source_groups=[senders["id"]]),
                                        s.network_rule("relay-by-name", destinations=(), fqdns=["smtp.contoso.com"])])]))
    policies = {"allow-smtp": allow["id"], "web-only": web["id"], "spoke-child": child["id"],
                "ipgroup-allow": grouped["id"], "locked": s.rid(locked, HUB_RG, "Microsoft.Network/firewallPolicies", "locked")}
    subnets = b.network(sub, name="spoke", space=("10.0.0.0/16",), subnets=[
        {"name": f"behind-{fw}", "prefix": prefix,
         "route_table": s.rid(sub, RG, "Microsoft.Network/routeTables", f"to-{fw}")}
        for fw, _, prefix, _ in POLICY_CASES])
    for i, (fw, policy_name, _, vms) in enumerate(POLICY_CASES):
        fw_ip = f"10.{100 + i}.255.4"
        hub_net = b.network(sub, rg=HUB_RG, name=f"hub-{fw}", space=(f"10.{100 + i}.0.0/16",), subnets=[
            {"name": "AzureFirewallSubnet", "prefix": f"10.{100 + i}.255.0/26"}])
        b.add(s.route_table(sub, RG, f"to-{fw}", [("default-via-fw", "0.0.0.0/0", "VirtualAppliance", fw_ip)]),
              s.firewall(sub, HUB_RG, fw, fw_ip, hub_net["AzureFirewallSubnet"], policy=policies[policy_name]))
        for vm, address in vms:
            b.vm(sub, vm, subnets[f"behind-{fw}"], allow25=True, nic_kw={"private_ip": address})
    return b


def followup():
    """Enterprise Dev/Test subscriptions after an exemption: who picked it up, who did not.

    NICs carry no allowPort25Out here, so creation times, power states and the activity log decide.
    """
    b = EstateBuilder()
    devtest = _billing("EnterpriseAgreement", "Enterprise", workload="DevTest")
    sub = b.subscription("edt-recent", "Dev/Test exempted 10 days ago", "MSDNDevTest_2014-09-01", devtest)
    b.doc["exemptions"] = {sub: "now-10d"}
    subnets = b.network(sub, name="apps-vnet")
    b.network(sub, name="ase-vnet", space=("10.2.0.0/16",), subnets=[
        {"name": "ase", "prefix": "10.2.0.0/24", "delegations": ["Microsoft.Web/hostingEnvironments"]},
        {"name": "apps", "prefix": "10.2.1.0/24"}])
    b.network(sub, name="full-vnet", space=("10.3.0.0/24",), subnets=[
        {"name": "integration", "prefix": "10.3.0.0/24", "delegations": ["Microsoft.Web/serverFarms"]}])
    old = "now-200d"
    b.vm(sub, "new-vm", subnets["default"], time_created="now-3d")
    cycled = b.vm(sub, "cycled-vm", subnets["default"], time_created=old)
    restarted = b.vm(sub, "restarted-vm", subnets["default"], time_created=old)
    b.vm(sub, "stopped-vm", subnets["default"], time_created=old, power="stopped")
    b.vm(sub, "deallocated-vm", subnets["default"], time_created=old, power="deallocated")
    ss = b.scale_set(sub, "webss", subnets["default"], instances=2, time_created=old)
    compute = "Microsoft.Compute/virtualMachines/{}/action".format
    instance = "Microsoft.Compute/virtualMachineScaleSets/virtualMachines/{}/action".format
    b.past_operations(
        (cycled["id"], compute("deallocate"), "now-5d"), (cycled["id"], compute("start"), "now-4d"),
        (restarted["id"], compute("restart"), "now-6d"),
        (restarted["id"], compute("deallocate"), "now-20d"), (restarted["id"], compute("start"), "now-19d"),
        (ss["id"] + "/virtualMachines/0", instance("deallocate"), "now-2d"),
        (ss["id"] + "/virtualMachines/0", instance("start"), "now-2d"))
    old_sub = b.subscription("edt-old", "Dev/Test exempted 120 days ago", "MSDNDevTest_2014-09-01", devtest)
    b.doc["exemptions"][old_sub] = "now-120d"
    old_subnets = b.network(old_sub, name="old-vnet")
    b.vm(old_sub, "old-vm", old_subnets["default"], time_created="now-400d")
    return b


def probe():
    """`az smtp probe`: VMs whose verdicts a TCP connection from inside confirms, contradicts or cannot
    settle; `probes` says what a connection meets where the platform's allowPort25Out flag does not decide it."""
    b = EstateBuilder()
    sub = b.subscription("probe-ea", "Contoso EA probes", "EnterpriseAgreement_2014-09-01",
                         _billing("EnterpriseAgreement", "Enterprise"))
    subnets = b.network(sub)
    b.vm(sub, "linux-mail", subnets["default"], allow25=True)
    b.vm(sub, "win-mail", subnets["default"], allow25=True, os_type="Windows")
    quiet = b.vm(sub, "quiet-mail", subnets["default"], allow25=True)
    dark = b.vm(sub, "dark-mail", subnets["default"], allow25=True)
    b.vm(sub, "parked-mail", subnets["default"], allow25=True, power="deallocated")
    b.scale_set(sub, "mailss", subnets["default"], instances=1, allow25=True)
    b.add(s.nsg(sub, RG, "deny-one-receiver", [s.security_rule("Deny-52-101", 300, "Deny", "52.101.0.0/16", ("25",))]))
    partial = b.vm(sub, "partial-mail", subnets["default"], allow25=True, nic_kw={
        "nsg": s.rid(sub, RG, "Microsoft.Network/networkSecurityGroups", "deny-one-receiver")})
    b.doc["probes"] = {quiet["id"]: {"25": "timed-out"}, dark["id"]: {"25": "timed-out", "587": "timed-out"},
                       partial["id"]: {"25": "timed-out"}}  # as for a receiver in 52.101.0.0/16
    payg = b.subscription("probe-payg", "Fabrikam PAYG probes", "PayAsYouGo_2014-09-01",
                          _billing("MicrosoftOnlineServicesProgram", "Individual"))
    b.vm(payg, "payg-mail", b.network(payg)["default"], allow25=False)
    return b


def scaled(vm_count, page_size=100, subscriptions=1):
    """`subscriptions` EA subscriptions with `vm_count` VMs each (for the benchmark)."""
    b = EstateBuilder(page_size=page_size)
    for n in range(subscriptions):
        key = "scaled" if subscriptions == 1 else f"scaled-{n:03d}"
        sub = b.subscription(key, f"Scaled EA {vm_count}" + (f" #{n}" if subscriptions > 1 else ""),
                             "EnterpriseAgreement_2014-09-01", _billing("EnterpriseAgreement", "Enterprise"))
        subnets = b.network(sub)
        for i in range(vm_count):
            b.vm(sub, f"vm{i:04d}", subnets["default"], allow25=True)
    return b


TENANT_GROUP = 100  # VMs per resource group of the tenant-shaped estate


def _tenant_group(b, sub, rg, n, vms):
    """One resource group of a tenant-shaped estate: a VNet with four subnets, an NSG on each (one denying TCP 25),
    a NIC NSG on every third NIC, a NAT gateway on one subnet, a route table (to an appliance in even groups, to the
    internet in odd ones) on another, a Standard public IP on every fourth VM; `vms` VMs over the subnets."""
    nsg_id = s.rid(sub, rg, "Microsoft.Network/networkSecurityGroups", "{}").format
    pip_id = s.rid(sub, rg, "Microsoft.Network/publicIPAddresses", "{}").format
    common = [s.security_rule("Allow-Https-Out", 200, "Allow", "Internet", ("443",)),
              s.security_rule("Allow-Dns-Out", 210, "Allow", "*", ("53",), protocol="*"),
              s.security_rule("Allow-Ssh-In", 300, "Allow", "*", ("22",), direction="Inbound")]
    tiers = ["web", "app", "data", "mail"]
    b.add(*[s.nsg(sub, rg, f"{t}-nsg", common + ([s.security_rule("Deny-Smtp-Out", 100, "Deny", "Internet", ("25",))]
                                                 if t == "data" else [])) for t in tiers],
          s.nsg(sub, rg, "nic-nsg", [s.security_rule("Allow-Rdp-In", 300, "Allow", "*", ("3389",), direction="Inbound"),
                                     s.security_rule("Deny-Telnet-Out", 400, "Deny", "*", ("23",))]),
          s.route_table(sub, rg, "egress-rt", [("default", "0.0.0.0/0", "VirtualAppliance", f"10.{200 + n % 50}.0.4")
                                               if n % 2 == 0 else ("default", "0.0.0.0/0", "Internet", None),
                                               ("onprem", "192.168.0.0/16", "VirtualNetworkGateway", None)]),
          s.public_ip(sub, rg, "nat-pip", f"20.{n % 250}.0.1"),
          s.nat_gateway(sub, rg, "natgw", [pip_id("nat-pip")]))
    base = f"10.{n % 200}"
    subnets = b.network(sub, rg=rg, name=f"{rg}-vnet", space=(f"{base}.0.0/16",), subnets=[
        {"name": t, "prefix": f"{base}.{i}.0/24", "nsg": nsg_id(f"{t}-nsg"),
         **({"nat": s.rid(sub, rg, "Microsoft.Network/natGateways", "natgw")} if t == "app" else {}),
         **({"route_table": s.rid(sub, rg, "Microsoft.Network/routeTables", "egress-rt")} if t == "data" else {})}
        for i, t in enumerate(tiers)])
    for i in range(vms):
        tier = tiers[i % 4]
        kw = {"private_ip": f"{base}.{i % 4}.{4 + i // 4}"}
        if i % 3 == 0:
            kw["nsg"] = nsg_id("nic-nsg")
        if i % 4 == 3:
            b.add(s.public_ip(sub, rg, f"{rg}-vm{i:03d}-pip", f"20.{n % 250}.{1 + i // 250}.{4 + i % 250}"))
            kw["public_ip"] = pip_id(f"{rg}-vm{i:03d}-pip")
        b.vm(sub, f"{rg}-vm{i:03d}", subnets[tier], rg=rg, allow25=True, nic_kw=kw)


def tenant(vm_count, page_size=100, subscriptions=1):
    """`subscriptions` EA subscriptions with `vm_count` VMs each, shaped like a real tenant (for the benchmark):
    resource groups of TENANT_GROUP VMs, see _tenant_group."""
    b = EstateBuilder(page_size=page_size)
    for n in range(subscriptions):
        key = "tenant" if subscriptions == 1 else f"tenant-{n:03d}"
        sub = b.subscription(key, f"Tenant EA {vm_count}" + (f" #{n}" if subscriptions > 1 else ""),
                             "EnterpriseAgreement_2014-09-01", _billing("EnterpriseAgreement", "Enterprise"))
        for g, first in enumerate(range(0, vm_count, TENANT_GROUP)):
            _tenant_group(b, sub, f"rg-{g:03d}", n * 1000 + g, min(TENANT_GROUP, vm_count - first))
    return b


def _legacy(offer_id, account=s.EA_ENROLLMENT):
    return lambda sub, vm: [s.usage_legacy(sub, offer_id, billing_account_id=account, vm_name=vm)]


EA, DEVTEST, MOSP_ACCOUNT = "EnterpriseAgreement_2014-09-01", "MSDNDevTest_2014-09-01", "20000000-0000-0000-0000-000000000001"
EVIDENCE = [
    # key, display name, quotaId, billing property (or its error), usage details, allowPort25Out, extra subscription kw
    ("ea-usage", "EA billing 403, legacy usage", EA, BILLING_403, _legacy("MS-AZR-0017P"), None, {}),
    ("mca-usage", "MCA billing 403, modern usage", EA, BILLING_403, lambda sub, vm: [s.usage_modern(sub, vm_name=vm)], None, {}),
    ("edt-usage", "Dev/Test billing 403, EA usage", DEVTEST, BILLING_403, _legacy("MS-AZR-0148P"), None, {}),
    ("paygdt-usage", "Dev/Test billing 403, PAYG usage", DEVTEST, BILLING_403, _legacy("MS-AZR-0023P", MOSP_ACCOUNT),
     None, {}),
    ("ea-costoff", "EA billing 403, cost view off", EA, BILLING_403, s.cost_error("AccountCostDisabled"), None, {}),
    ("ea-deptoff", "EA billing 403, department cost view off", EA, BILLING_403, s.cost_error("DepartmentCostDisabled"),
     None, {}),
    ("ea-indirect", "EA billing 403, partner cost view off", EA, BILLING_403, s.cost_error("IndirectCostDisabled"),
     None, {}),
    ("ea-plain401", "EA billing 403, usage 401", EA, BILLING_403, s.cost_error("Unauthorized"), None, {}),
    ("ea-nothing", "EA billing 403, no usage", EA, BILLING_403, [], None, {}),
    ("ea-flags", "EA billing 403, NIC flags", EA, BILLING_403, [], None, {}),
    ("payg-claim", "PAYG claiming an exemption", "PayAsYouGo_2014-09-01",
     _billing("MicrosoftOnlineServicesProgram", "Individual"), _legacy("MS-AZR-0003P", MOSP_ACCOUNT), False, {}),
    ("trial", "Free Trial with spending limit", "FreeTrial_2014-09-01", BILLING_403, [], None,
     {"spending_limit": "On"}),
]


def evidence():
    """Offer evidence beyond quotaId when the billing property is refused: usage details (legacy offerId, modern
    MCA, cost view off, none yet), the NICs' own allowPort25Out, and a Free Trial's spending limit."""
    b = EstateBuilder()
    for key, name, quota, billing, usage, flag, extra in EVIDENCE:
        records = usage(s.sub_guid(key), f"{key}-mail1") if callable(usage) else usage
        sub = b.subscription(key, name, quota, billing, usage=records, **extra)
        subnets = b.network(sub)
        if key == "ea-flags":
            b.vm(sub, "ea-flags-open", subnets["default"], allow25=True)
            b.vm(sub, "ea-flags-closed", subnets["default"], allow25=False)
        else:
            b.vm(sub, f"{key}-mail1", subnets["default"], allow25=flag)
    return b


def apps():
    """Web apps, function apps, a Logic App Standard, slots and a Container App: VNet integration with and
    without route-all, an App Service Environment v3, a Consumption plan; and a Pay-As-You-Go subscription whose
    integrated app the platform blocks."""
    b = EstateBuilder()
    web = "Microsoft.Web/serverFarms"
    sub = b.subscription("apps-ea", "Contoso EA Apps", "EnterpriseAgreement_2014-09-01",
                         _billing("EnterpriseAgreement", "Enterprise"))
    nat = s.rid(sub, APPS_RG, "Microsoft.Network/natGateways", "apps-natgw")
    deny = s.rid(sub, APPS_RG, "Microsoft.Network/networkSecurityGroups", "deny-smtp")
    subnets = b.network(sub, rg=APPS_RG, name="apps-vnet", space=("10.20.0.0/16",), subnets=[
        {"name": "integration-nat", "prefix": "10.20.1.0/24", "nat": nat, "delegations": [web]},
        {"name": "integration-open", "prefix": "10.20.2.0/24", "default_outbound": True, "delegations": [web]},
        {"name": "integration-deny", "prefix": "10.20.3.0/24", "nsg": deny, "nat": nat, "delegations": [web]},
        {"name": "ase", "prefix": "10.20.4.0/24", "nat": nat, "delegations": ["Microsoft.Web/hostingEnvironments"]},
        {"name": "vms", "prefix": "10.20.9.0/24", "nat": nat}])
    b.vm(sub, "relay-vm", subnets["vms"], rg=APPS_RG, allow25=True, nic_kw={"private_ip": "10.20.9.4"})
    ase = b.add(s.hosting_environment(sub, APPS_RG, "contoso-ase", subnets["ase"]))
    pip = s.rid(sub, APPS_RG, "Microsoft.Network/publicIPAddresses", "apps-nat-pip")
    b.add(s.public_ip(sub, APPS_RG, "apps-nat-pip", "20.61.20.9"),
          s.nat_gateway(sub, APPS_RG, "apps-natgw", [pip],
                        [subnets["integration-nat"], subnets["integration-deny"], subnets["ase"]]),
          s.nsg(sub, APPS_RG, "deny-smtp", [s.security_rule("Deny-SMTP-Out", 100, "Deny", "Internet", ("25",))]))
    premium = b.add(s.app_service_plan(sub, APPS_RG, "premium-plan", "P1v3", "PremiumV3"))["id"]
    consumption = b.add(s.app_service_plan(sub, APPS_RG, "consumption-plan", "Y1", "Dynamic", kind="functionapp"))["id"]
    isolated = b.add(s.app_service_plan(sub, APPS_RG, "ase-plan", "I1v2", "IsolatedV2", ase_id=ase["id"]))["id"]
    workflow = b.add(s.app_service_plan(sub, APPS_RG, "logic-plan", "WS1", "WorkflowStandard", kind="elastic"))["id"]
    b.add(s.site(sub, APPS_RG, "mail-web", premium, subnet_id=subnets["integration-nat"], route_all=True),
          s.site(sub, APPS_RG, "mail-web", premium, slot="staging"),
          s.site(sub, APPS_RG, "no-routeall-web", premium, subnet_id=subnets["integration-nat"]),
          s.site(sub, APPS_RG, "plain-web", premium),
          s.site(sub, APPS_RG, "legacy-web", premium, subnet_id=subnets["integration-open"], legacy_route_all=True),
          s.site(sub, APPS_RG, "nsg-web", premium, subnet_id=subnets["integration-deny"], route_all=True),
          s.site(sub, APPS_RG, "consumption-func", consumption, kind="functionapp,linux"),
          # Logic App Standard: a site of kind functionapp,workflowapp on a Workflow Standard (WS1) plan
          s.site(sub, APPS_RG, "mail-logic", workflow, kind="functionapp,workflowapp",
                 subnet_id=subnets["integration-nat"], route_all=True),
          s.site(sub, APPS_RG, "ase-web", isolated, ase_id=ase["id"]),
          s.container_app(sub, APPS_RG, "mail-worker",
                          s.rid(sub, APPS_RG, "Microsoft.App/managedEnvironments", "apps-env")))
    payg = b.subscription("apps-payg", "Fabrikam Pay-As-You-Go Apps", "PayAsYouGo_2014-09-01",
                          _billing("MicrosoftOnlineServicesProgram", "Individual"))
    payg_nat = s.rid(payg, APPS_RG, "Microsoft.Network/natGateways", "payg-natgw")
    payg_subnets = b.network(payg, rg=APPS_RG, name="payg-vnet", space=("10.30.0.0/16",), subnets=[
        {"name": "integration", "prefix": "10.30.1.0/24", "nat": payg_nat, "delegations": [web]}])
    payg_pip = s.rid(payg, APPS_RG, "Microsoft.Network/publicIPAddresses", "payg-nat-pip")
    b.add(s.public_ip(payg, APPS_RG, "payg-nat-pip", "20.61.30.9"),
          s.nat_gateway(payg, APPS_RG, "payg-natgw", [payg_pip], [payg_subnets["integration"]]))
    payg_plan = b.add(s.app_service_plan(payg, APPS_RG, "payg-plan", "P1v3", "PremiumV3"))["id"]
    b.add(s.site(payg, APPS_RG, "payg-web", payg_plan, subnet_id=payg_subnets["integration"], route_all=True))
    # Integration across subscriptions: the VNet's subscription decides (overview-vnet-integration.md)
    b.add(s.site(payg, APPS_RG, "payg-into-ea-web", payg_plan, subnet_id=subnets["integration-nat"], route_all=True),
          s.site(sub, APPS_RG, "ea-into-payg-web", premium, subnet_id=payg_subnets["integration"], route_all=True))
    # An Enterprise Agreement VNet created before 2022-08-01: it picks the setting up only after a temporary change
    old = b.network(sub, rg=APPS_RG, name="old-vnet", space=("10.40.0.0/16",), subnets=[
        {"name": "integration", "prefix": "10.40.1.0/24", "default_outbound": True, "delegations": [web]}])
    b.doc.setdefault("createdTimes", {})[s.rid(sub, APPS_RG, "Microsoft.Network/virtualNetworks", "old-vnet")] = \
        "2021-05-10T09:12:44.5531842Z"
    b.add(s.site(sub, APPS_RG, "old-vnet-web", premium, subnet_id=old["integration"], route_all=True))
    # Route-all reported only in the site's /config/web (read when the site's properties do not say)
    config_web = b.add(s.site(sub, APPS_RG, "config-web", premium, subnet_id=subnets["integration-nat"],
                              routing_reported=False))
    b.add(s.site_config(config_web["id"], route_all=True))
    return b


TOUR_PATHS = ("open-vm", "nic-nsg-vm", "route-none-vm", "forced-tunnel-vm", "fw-denied-vm", "private-vm")


def aks():
    """Enterprise Dev/Test exempted 10 days ago with an AKS cluster: its System and User node pools are uniform scale
    sets in the node resource group MC_shop-rg_shop-aks_westeurope (tagged aks-managed-poolName), beside a plain VM
    that is deallocated and started; a tagged scale set whose cluster no list names (its cluster is unknown)."""
    b = EstateBuilder()
    devtest = _billing("EnterpriseAgreement", "Enterprise", workload="DevTest")
    sub = b.subscription("edt-aks", "Dev/Test with AKS", "MSDNDevTest_2014-09-01", devtest)
    b.doc["exemptions"] = {sub: "now-10d"}
    nodes = f"MC_shop-rg_shop-aks_{s.LOCATION}"
    b.add(s.managed_cluster(sub, "shop-rg", "shop-aks", nodes, [("system", "System", 1), ("mail", "User", 2)]))
    subnets = b.network(sub, nodes, name="aks-vnet-31415926", space=("10.224.0.0/12",),
                        subnets=[{"name": "aks-subnet", "prefix": "10.224.0.0/16", "default_outbound": True}])
    old = "now-200d"
    for pool, count in (("system", 1), ("mail", 2)):
        b.scale_set(sub, f"aks-{pool}-31415926-vmss", subnets["aks-subnet"], count, rg=nodes, time_created=old,
                    tags=s.aks_pool_tags(pool), ip_base=f"10.224.0.{10 * len(pool)}")
    gone = f"MC_gone-rg_gone-aks_{s.LOCATION}"
    gone_subnets = b.network(sub, gone, name="aks-vnet-27182818", space=("10.224.0.0/12",),
                             subnets=[{"name": "aks-subnet", "prefix": "10.224.0.0/16", "default_outbound": True}])
    b.scale_set(sub, "aks-batch-27182818-vmss", gone_subnets["aks-subnet"], 1, rg=gone, time_created=old,
                tags=s.aks_pool_tags("batch"), ip_base="10.224.0.")
    relay = b.network(sub, "shop-rg", name="relay-vnet")
    b.vm(sub, "relay-vm", relay["default"], rg="shop-rg", time_created=old)
    return b


def tour():
    """The demo's story in one estate: an EA subscription with one VM per network path (open, NSG, route,
    through a firewall that allows it, through one that does not, no way out), Pay-As-You-Go, Enterprise
    Dev/Test before an exemption, and Enterprise Dev/Test exempted 10 days ago with VMs and VNets still to refresh."""
    b = EstateBuilder()
    b.absorb(network(), ["net-ea"], TOUR_PATHS)
    b.absorb(demo(), ["payg", "eadevtest"])
    b.absorb(followup(), ["edt-recent"])
    return b


ESTATES = {"demo": demo, "exemption": exemption, "network": network, "followup": followup, "evidence": evidence,
           "policy": policy, "probe": probe, "apps": apps, "tour": tour, "aks": aks}


def main():
    for name, build in ESTATES.items():
        s.reseed(name)
        build().write(name)
        print("wrote", name)


if __name__ == "__main__":
    main()
