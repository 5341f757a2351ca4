"""ARM response bodies in the shapes real ARM sends, for building sample estates.

Modelled on ../shared/reference/arm-samples (spec examples and recorded responses):
the network RP omits absent keys rather than sending null, real NICs carry
`allowPort25Out`, real NSG rules carry singular and plural fields side by side.
"""
import random
import uuid

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
LOCATION = "westeurope"


_RNG = random.Random(0)


def reseed(name):
    """Make the GUIDs and etags of one estate repeatable, so regenerated estate files only show real changes."""
    _RNG.seed(name)


def new_uuid():
    return str(uuid.UUID(int=_RNG.getrandbits(128), version=4))


def sub_guid(name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "smtp-estate/" + name))


def rid(sub, rg, rtype, name):
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/{rtype}/{name}"


def etag():
    return 'W/"' + new_uuid() + '"'


def subscription(sub, name, quota_id, state="Enabled", spending_limit="Off"):
    return {"id": f"/subscriptions/{sub}", "authorizationSource": "RoleBased", "managedByTenants": [],
            "subscriptionId": sub, "tenantId": TENANT, "displayName": name, "state": state,
            "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": quota_id,
                                     "spendingLimit": spending_limit}}


def billing_property(sub, agreement, account_type, sub_type=None, workload="Production"):
    props = {"billingAccountAgreementType": agreement, "billingAccountDisplayName": f"{agreement} account",
             "billingAccountId": f"/providers/Microsoft.Billing/billingAccounts/{sub_guid(agreement)}",
             "billingAccountType": account_type, "subscriptionBillingStatus": "Active",
             "subscriptionWorkloadType": workload, "costCenter": "", "accountAdminNotificationEmailAddress": None}
    if sub_type:
        props["billingAccountSubType"] = sub_type
    return {"id": f"/subscriptions/{sub}/providers/Microsoft.Billing/billingProperty/default", "name": "default",
            "type": "Microsoft.Billing/billingProperty", "properties": props}


def billing_error(status, code, message):
    return {"status": status, "error": {"code": code, "message": message}}


# Consumption usage details (api-version 2023-05-01), shaped after the REST spec examples in Azure/azure-rest-api-specs
# specification/consumption/resource-manager/Microsoft.Consumption/stable/2023-05-01/examples/UsageDetailsList.json
# (legacy) and .../examples/UsageDetailsListByMCABillingAccount.json (modern). Ids are the subscription-scope form.
EA_ENROLLMENT = "8608480"  # legacy EA records carry the numeric enrollment number as billingAccountId


def _usage_id(sub, kind, vm_name, period=None):
    """Repeatable record ids, one per (subscription, kind, resource), that do not draw on the estate's RNG."""
    name = str(uuid.uuid5(uuid.NAMESPACE_URL, f"usage/{kind}/{sub}/{vm_name}"))
    scope = f"/subscriptions/{sub}" + (f"/providers/Microsoft.Billing/billingPeriods/{period}" if period else "")
    return {"id": f"{scope}/providers/Microsoft.Consumption/usageDetails/{name}", "name": name,
            "type": "Microsoft.Consumption/usageDetails", "kind": kind, "tags": {"env": "mail"}}


def _usage_vm(sub, vm_name):
    return rid(sub, "mail-rg", "Microsoft.Compute/virtualMachines", vm_name)


def usage_legacy(sub, offer_id, billing_account_id=EA_ENROLLMENT, account_name="Contoso", sub_name="Subscription 1",
                 vm_name="mail1"):
    """A `kind: legacy` record (EA or pay-as-you-go): `offerId` names the offer. Pay-as-you-go accounts are GUIDs."""
    return dict(_usage_id(sub, "legacy", vm_name, "20250301"), properties={
        "billingAccountId": billing_account_id, "billingAccountName": account_name,
        "billingPeriodStartDate": "2025-03-01T00:00:00.0000000Z", "billingPeriodEndDate": "2025-03-31T00:00:00.0000000Z",
        "billingProfileId": billing_account_id, "billingProfileName": account_name, "accountName": "AccountName",
        "subscriptionId": sub, "subscriptionName": sub_name, "date": "2025-03-09T00:00:00.0000000Z",
        "product": "Virtual Machines BS Series - B2s - EU West", "partNumber": "AAF-12345",
        "meterId": "00000000-0000-0000-0000-000000000000", "meterDetails": None, "quantity": 24.0,
        "effectivePrice": 0.0456, "cost": 1.0944, "unitPrice": 0.0456, "billingCurrency": "EUR",
        "resourceLocation": "EU West", "consumedService": "Microsoft.Compute", "resourceId": _usage_vm(sub, vm_name),
        "resourceName": vm_name, "invoiceSection": "Unassigned", "costCenter": "", "resourceGroup": "mail-rg",
        "offerId": offer_id, "isAzureCreditEligible": True, "chargeType": "Usage", "frequency": "UsageBased"})


def usage_modern(sub, partner_name="", customer_name="", sub_name="Subscription 1", vm_name="mail1",
                 billing_account_id="00000000-0000-0000-0000-000000000000:00000000-0000-0000-0000-000000000000_2019-05-31"):
    """A `kind: modern` record (MCA billing account): no `offerId`; partner-led accounts fill partnerName/customerName."""
    return dict(_usage_id(sub, "modern", vm_name), properties={
        "billingAccountId": billing_account_id, "billingAccountName": "Fabrikam", "billingPeriodStartDate":
        "2025-03-01T00:00:00.0000000Z", "billingPeriodEndDate": "2025-03-31T00:00:00.0000000Z",
        "billingProfileId": "AB12-CD34-EF5-GH6", "billingProfileName": "Fabrikam", "subscriptionGuid": sub,
        "subscriptionName": sub_name, "date": "2025-03-09T00:00:00.0000000Z",
        "meterId": "00000000-0000-0000-0000-000000000000", "quantity": 24.0, "unitPrice": 0.0456,
        "billingCurrencyCode": "EUR", "resourceLocation": "EUWest", "consumedService": "Microsoft.Compute",
        "instanceName": _usage_vm(sub, vm_name), "invoiceSectionId": "IJ78-KL90-MN1-OP2", "invoiceSectionName": "Fabrikam",
        "costCenter": "", "resourceGroup": "mail-rg", "isAzureCreditEligible": True, "chargeType": "Usage",
        "additionalInfo": "{\"ServiceType\": \"Standard_B2s\"}", "costInBillingCurrency": 1.0944,
        "costInPricingCurrency": 1.0944, "exchangeRate": "1", "exchangeRateDate": "2025-03-01T00:00:00Z",
        "invoiceId": "", "previousInvoiceId": "", "pricingCurrencyCode": "EUR",
        "product": "Virtual Machines BS Series - B2s - EU West", "productIdentifier": "DZH318Z0BQ4B00FV",
        "productOrderId": "a3db7880-70eb-4b4c-6a79-1425a058df5a", "productOrderName": "Azure plan",
        "publisherName": "Microsoft", "publisherType": "Microsoft", "resourceLocationNormalized": "West Europe",
        "serviceInfo1": "", "serviceInfo2": "", "servicePeriodEndDate": "2025-03-31T00:00:00Z",
        "servicePeriodStartDate": "2025-03-01T00:00:00Z", "customerTenantId": TENANT if customer_name else "",
        "customerName": customer_name, "partnerTenantId": sub_guid("partner") if partner_name else "", "partnerName": partner_name, "resellerMpnId": "",
        "resellerName": "", "publisherId": "", "reservationId": "", "reservationName": "", "frequency": "UsageBased",
        "term": "", "marketPrice": 0.0456, "costInUSD": 1.19, "paygCostInBillingCurrency": 1.0944,
        "paygCostInUSD": 1.19, "exchangeRatePricingToBilling": 1, "partnerEarnedCreditRate": 0,
        "partnerEarnedCreditApplied": "0"})


# No public source gives the real status or message of AccountCostDisabled / IndirectCostDisabled. Microsoft's
# "Troubleshoot common Cost Management errors" page files "view charges" off under 401; the message is ours.
# What usage details answer when cost data is off (learn.microsoft.com/azure/cost-management-billing/costs/
# cost-management-error-codes): AccountCostDisabled and DepartmentCostDisabled as 401 (likely, from the page's 401
# entry), IndirectCostDisabled as 400 (likely: the partner guide's answer to CSP customers), and a plain 401 for an
# EA with view charges off or an MCA caller without a role that can view charges (Unauthorized).
COST_ERRORS = {
    "AccountCostDisabled": (401, "Cost data is disabled for this account."),
    "DepartmentCostDisabled": (401, "Cost data is disabled for this department."),
    "IndirectCostDisabled": (400, "Cost data is disabled for this indirect enrollment."),
    "Unauthorized": (401, "The caller is not authorized to view charges."),
}


def cost_error(code):
    """Usage details' answer with cost data off, with the status Cost Management gives it."""
    status, message = COST_ERRORS[code]
    return usage_error(status, code, message)


def usage_error(status, code, message):
    """What the usage-details list answers instead of records (estate form; served as an ARM error body)."""
    return {"error": {"status": status, "code": code, "message": message}}


def subnet_body(vnet_id, name, prefix, nsg=None, route_table=None, nat=None, default_outbound=None, delegations=()):
    props = {"provisioningState": "Succeeded", "addressPrefix": prefix, "ipConfigurations": [],
             "delegations": [{"name": f"delegation{i}", "id": f"{vnet_id}/subnets/{name}/delegations/delegation{i}",
                              "etag": etag(), "properties": {"provisioningState": "Succeeded", "serviceName": svc,
                                                             "actions": ["Microsoft.Network/virtualNetworks/subnets/action"]},
                              "type": "Microsoft.Network/virtualNetworks/subnets/delegations"}
                             for i, svc in enumerate(delegations)],
             "privateEndpointNetworkPolicies": "Disabled", "privateLinkServiceNetworkPolicies": "Enabled"}
    if nsg:
        props["networkSecurityGroup"] = {"id": nsg}
    if route_table:
        props["routeTable"] = {"id": route_table}
    if nat:
        props["natGateway"] = {"id": nat}
    if default_outbound is not None:
        props["defaultOutboundAccess"] = default_outbound
    return {"name": name, "id": f"{vnet_id}/subnets/{name}", "etag": etag(), "properties": props,
            "type": "Microsoft.Network/virtualNetworks/subnets"}


def vnet(sub, rg, name, space, subnets):
    """`subnets`: list of dicts of subnet_body keyword arguments (name, prefix, ...)."""
    vid = rid(sub, rg, "Microsoft.Network/virtualNetworks", name)
    return {"name": name, "id": vid, "etag": etag(), "type": "Microsoft.Network/virtualNetworks", "location": LOCATION,
            "properties": {"provisioningState": "Succeeded", "resourceGuid": new_uuid(),
                           "addressSpace": {"addressPrefixes": list(space)},
                           "subnets": [subnet_body(vid, **s) for s in subnets],
                           "virtualNetworkPeerings": [], "enableDdosProtection": False}}


def nic(sub, rg, name, subnet_id, vm_id=None, allow25=None, nsg=None, public_ip=None, pools=(), asgs=(),
        primary=True, private_ip="10.0.0.4", nic_id=None):
    nid = nic_id or rid(sub, rg, "Microsoft.Network/networkInterfaces", name)
    ipc = {"privateIPAddress": private_ip, "privateIPAllocationMethod": "Dynamic", "subnet": {"id": subnet_id},
           "primary": True, "privateIPAddressVersion": "IPv4", "provisioningState": "Succeeded"}
    if public_ip:
        ipc["publicIPAddress"] = {"id": public_ip}
    if pools:
        ipc["loadBalancerBackendAddressPools"] = [{"id": p} for p in pools]
    if asgs:
        ipc["applicationSecurityGroups"] = [{"id": a} for a in asgs]
    props = {"provisioningState": "Succeeded", "resourceGuid": new_uuid(),
             "ipConfigurations": [{"name": "ipconfig1", "id": f"{nid}/ipConfigurations/ipconfig1", "etag": etag(),
                                   "type": "Microsoft.Network/networkInterfaces/ipConfigurations", "properties": ipc}],
             "dnsSettings": {"dnsServers": [], "appliedDnsServers": []}, "enableAcceleratedNetworking": False,
             "vnetEncryptionSupported": False, "enableIPForwarding": False, "hostedWorkloads": [],
             "tapConfigurations": [], "nicType": "Standard", "auxiliaryMode": "None", "auxiliarySku": "None",
             "primary": primary, "macAddress": "00-0D-3A-2B-4C-5D"}
    if allow25 is not None:
        props["allowPort25Out"] = allow25
        props["defaultOutboundConnectivityEnabled"] = True
    if vm_id:
        props["virtualMachine"] = {"id": vm_id}
    if nsg:
        props["networkSecurityGroup"] = {"id": nsg}
    body = {"name": name, "id": nid, "etag": etag(), "properties": props}
    if nic_id is None:  # scale-set NICs carry no top-level type/location
        body.update({"type": "Microsoft.Network/networkInterfaces", "location": LOCATION, "kind": "Regular"})
    return body


def vm(sub, rg, name, nic_ids, time_created="2025-03-01T10:00:00.0000000+00:00", power="running", scale_set=None,
       os_type="Linux"):
    vid = rid(sub, rg, "Microsoft.Compute/virtualMachines", name)
    os_config = {"windowsConfiguration": {"provisionVMAgent": True, "enableAutomaticUpdates": True}} \
        if os_type == "Windows" else {"linuxConfiguration": {"disablePasswordAuthentication": True}}
    props = {"vmId": str(uuid.uuid5(uuid.NAMESPACE_URL, vid)), "hardwareProfile": {"vmSize": "Standard_B2s"},
             "storageProfile": {"osDisk": {"osType": os_type, "name": f"{name}_OsDisk", "createOption": "FromImage",
                                           "caching": "ReadWrite", "deleteOption": "Delete", "diskSizeGB": 30}},
             "osProfile": {"computerName": name, "adminUsername": "azureuser", **os_config},
             "networkProfile": {"networkInterfaces": [{"id": n, "properties": {"primary": i == 0}}
                                                      for i, n in enumerate(nic_ids)]},
             "provisioningState": "Succeeded", "timeCreated": time_created}
    if scale_set:
        props["virtualMachineScaleSet"] = {"id": scale_set}
    return {"name": name, "id": vid, "type": "Microsoft.Compute/virtualMachines", "location": LOCATION,
            "properties": props, "_power": power}


def security_rule(name, priority, access, dest_prefix="*", dest_ports=("*",), protocol="Tcp", direction="Outbound",
                  dest_asgs=(), source_prefix="*"):
    props = {"protocol": protocol, "sourcePortRange": "*", "sourceAddressPrefix": source_prefix, "access": access,
             "priority": priority, "direction": direction, "sourcePortRanges": [], "sourceAddressPrefixes": [],
             "destinationAddressPrefixes": [], "provisioningState": "Succeeded"}
    if len(dest_ports) == 1:
        props["destinationPortRange"] = dest_ports[0]
        props["destinationPortRanges"] = []
    else:
        props["destinationPortRanges"] = list(dest_ports)
    if dest_asgs:
        props["destinationApplicationSecurityGroups"] = [{"id": a} for a in dest_asgs]
    else:
        props["destinationAddressPrefix"] = dest_prefix
    return name, props


DEFAULT_RULES = [
    ("AllowVnetInBound", 65000, "Allow", "Inbound", "VirtualNetwork", "VirtualNetwork"),
    ("AllowAzureLoadBalancerInBound", 65001, "Allow", "Inbound", "AzureLoadBalancer", "*"),
    ("DenyAllInBound", 65500, "Deny", "Inbound", "*", "*"),
    ("AllowVnetOutBound", 65000, "Allow", "Outbound", "VirtualNetwork", "VirtualNetwork"),
    ("AllowInternetOutBound", 65001, "Allow", "Outbound", "*", "Internet"),
    ("DenyAllOutBound", 65500, "Deny", "Outbound", "*", "*"),
]


def nsg(sub, rg, name, rules=()):
    nid = rid(sub, rg, "Microsoft.Network/networkSecurityGroups", name)

    def entry(kind, rname, props):
        return {"name": rname, "id": f"{nid}/{kind}/{rname}", "etag": etag(),
                "type": f"Microsoft.Network/networkSecurityGroups/{kind}", "properties": props}
    defaults = [entry("defaultSecurityRules", n, {
        "description": n, "protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*",
        "sourceAddressPrefix": src, "destinationAddressPrefix": dst, "access": acc, "priority": pri,
        "direction": d, "sourcePortRanges": [], "destinationPortRanges": [], "sourceAddressPrefixes": [],
        "destinationAddressPrefixes": [], "provisioningState": "Succeeded"}) for n, pri, acc, d, src, dst in DEFAULT_RULES]
    return {"name": name, "id": nid, "etag": etag(), "type": "Microsoft.Network/networkSecurityGroups",
            "location": LOCATION,
            "properties": {"provisioningState": "Succeeded", "resourceGuid": new_uuid(),
                           "securityRules": [entry("securityRules", n, p) for n, p in rules],
                           "defaultSecurityRules": defaults}}


def route_table(sub, rg, name, routes):
    """`routes`: (name, prefix, next hop type, next hop ip or None)."""
    tid = rid(sub, rg, "Microsoft.Network/routeTables", name)
    items = []
    for rname, prefix, hop, ip in routes:
        props = {"provisioningState": "Succeeded", "addressPrefix": prefix, "nextHopType": hop}
        if ip:
            props["nextHopIpAddress"] = ip
        items.append({"name": rname, "id": f"{tid}/routes/{rname}", "etag": etag(),
                      "type": "Microsoft.Network/routeTables/routes", "properties": props})
    return {"name": name, "id": tid, "etag": etag(), "type": "Microsoft.Network/routeTables", "location": LOCATION,
            "properties": {"provisioningState": "Succeeded", "resourceGuid": new_uuid(),
                           "disableBgpRoutePropagation": False, "routes": items}}


def public_ip(sub, rg, name, address="20.61.10.4"):
    return {"name": name, "id": rid(sub, rg, "Microsoft.Network/publicIPAddresses", name), "etag": etag(),
            "location": LOCATION, "type": "Microsoft.Network/publicIPAddresses",
            "sku": {"name": "Standard", "tier": "Regional"},
            "properties": {"provisioningState": "Succeeded", "resourceGuid": new_uuid(), "ipAddress": address,
                           "publicIPAddressVersion": "IPv4", "publicIPAllocationMethod": "Static",
                           "idleTimeoutInMinutes": 4, "ipTags": [],
                           "ddosSettings": {"protectionMode": "VirtualNetworkInherited"}}}


def nat_gateway(sub, rg, name, public_ips, subnets=()):
    return {"name": name, "id": rid(sub, rg, "Microsoft.Network/natGateways", name), "etag": etag(),
            "type": "Microsoft.Network/natGateways", "location": LOCATION, "sku": {"name": "Standard", "tier": "Regional"},
            "properties": {"idleTimeoutInMinutes": 4, "provisioningState": "Succeeded",
                           "resourceGuid": new_uuid(), "publicIpAddresses": [{"id": p} for p in public_ips],
                           "subnets": [{"id": s} for s in subnets]}}


def load_balancer(sub, rg, name, public_ip_id, outbound=True):
    lid = rid(sub, rg, "Microsoft.Network/loadBalancers", name)
    fe = {"name": "fe", "id": f"{lid}/frontendIPConfigurations/fe",
          "properties": {"provisioningState": "Succeeded", "publicIPAddress": {"id": public_ip_id}}}
    pool = {"name": "be", "id": f"{lid}/backendAddressPools/be", "properties": {"provisioningState": "Succeeded"}}
    props = {"provisioningState": "Succeeded", "resourceGuid": new_uuid(), "frontendIPConfigurations": [fe],
             "backendAddressPools": [pool], "loadBalancingRules": [], "probes": [], "inboundNatRules": [],
             "inboundNatPools": []}
    if outbound:
        props["outboundRules"] = [{"name": "out", "id": f"{lid}/outboundRules/out", "properties": {
            "provisioningState": "Succeeded", "allocatedOutboundPorts": 1024, "protocol": "All",
            "enableTcpReset": False, "idleTimeoutInMinutes": 15, "backendAddressPool": {"id": pool["id"]},
            "frontendIPConfigurations": [{"id": fe["id"]}]}}]
        pool["properties"]["outboundRules"] = [{"id": f"{lid}/outboundRules/out"}]
    return {"name": name, "id": lid, "etag": etag(), "type": "Microsoft.Network/loadBalancers", "location": LOCATION,
            "sku": {"name": "Standard", "tier": "Regional"}, "properties": props}


def firewall(sub, rg, name, private_ip, subnet_id, network_rules=(), policy=None):
    """Classic rules: `network_rules` is (collection, priority, action, rule name, sources, destinations, ports);
    a policy-based firewall names its Firewall Policy (`policy`, an id) and keeps no classic collections."""
    fid = rid(sub, rg, "Microsoft.Network/azureFirewalls", name)
    collections = [{"name": coll, "id": f"{fid}/networkRuleCollections/{coll}",
                    "properties": {"priority": priority, "action": {"type": action}, "provisioningState": "Succeeded",
                                   "rules": [{"name": rule, "protocols": ["TCP"], "sourceAddresses": list(sources),
                                              "destinationAddresses": list(dests), "destinationPorts": list(ports)}]}}
                   for coll, priority, action, rule, sources, dests, ports in network_rules]
    return {"name": name, "id": fid, "etag": etag(), "type": "Microsoft.Network/azureFirewalls", "location": LOCATION,
            "properties": {"provisioningState": "Succeeded", "sku": {"name": "AZFW_VNet", "tier": "Standard"},
                           "threatIntelMode": "Alert", "ipConfigurations": [{
                               "name": "azureFirewallIpConfiguration", "id": f"{fid}/azureFirewallIpConfigurations/cfg",
                               "properties": {"privateIPAddress": private_ip, "subnet": {"id": subnet_id},
                                              "provisioningState": "Succeeded"}}],
                           "networkRuleCollections": collections, "applicationRuleCollections": [],
                           "natRuleCollections": [], **({"firewallPolicy": {"id": policy}} if policy else {})}}


def firewall_policy(sub, rg, name, groups=(), base=None, dns_proxy=None):
    """A Firewall Policy as the subscription list returns it (FirewallPolicyListBySubscription.json): its rule
    collection groups are child resources it only references; `base` is the parent policy's id."""
    pid = rid(sub, rg, "Microsoft.Network/firewallPolicies", name)
    props = {"provisioningState": "Succeeded", "threatIntelMode": "Alert", "firewalls": [],
             "childPolicies": [], "ruleCollectionGroups": [{"id": f"{pid}/ruleCollectionGroups/{g}"} for g in groups],
             "snat": {"privateRanges": ["IANAPrivateRanges"]}, "sku": {"tier": "Standard"}}
    if base:
        props["basePolicy"] = {"id": base}
    if dns_proxy is not None:
        props["dnsSettings"] = {"servers": [], "enableProxy": dns_proxy, "requireProxyForNetworkRules": dns_proxy}
    return {"name": name, "id": pid, "type": "Microsoft.Network/firewallPolicies", "etag": etag(),
            "location": LOCATION, "properties": props}


def rule_collection_group(policy_id, name, priority, collections):
    """A child of a policy (FirewallPolicyRuleCollectionGroupList.json); `collections` from the helpers below."""
    return {"name": name, "id": f"{policy_id}/ruleCollectionGroups/{name}", "etag": etag(),
            "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            "properties": {"provisioningState": "Succeeded", "priority": priority, "ruleCollections": list(collections)}}


def filter_collection(name, priority, action, rules):
    return {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": name, "priority": priority,
            "action": {"type": action}, "rules": list(rules)}


def nat_collection(name, priority, rules):
    """DNAT (FirewallPolicyNatRuleCollectionGroupPut.json): traffic to the firewall's public IP, translated."""
    return {"ruleCollectionType": "FirewallPolicyNatRuleCollection", "name": name, "priority": priority,
            "action": {"type": "DNAT"}, "rules": list(rules)}


def network_rule(name, sources=("*",), destinations=("*",), ports=("25",), protocols=("TCP",), source_groups=(),
                 destination_groups=(), fqdns=()):
    rule = {"ruleType": "NetworkRule", "name": name, "ipProtocols": list(protocols),
            "sourceAddresses": list(sources), "destinationAddresses": list(destinations),
            "destinationPorts": list(ports)}
    for field, values in (("sourceIpGroups", source_groups), ("destinationIpGroups", destination_groups),
                          ("destinationFqdns", fqdns)):
        if values:
            rule[field] = list(values)
    if source_groups:
        del rule["sourceAddresses"]
    return rule


def application_rule(name, sources, fqdns, protocols=(("Https", 443), ("Http", 80))):
    return {"ruleType": "ApplicationRule", "name": name, "sourceAddresses": list(sources),
            "protocols": [{"protocolType": t, "port": p} for t, p in protocols], "targetFqdns": list(fqdns),
            "terminateTLS": False}


def nat_rule(name, public_ip, port, translated, translated_port):
    return {"ruleType": "NatRule", "name": name, "ipProtocols": ["TCP"], "sourceAddresses": ["*"],
            "sourceIpGroups": [], "destinationAddresses": [public_ip], "destinationPorts": [port],
            "translatedAddress": translated, "translatedPort": translated_port}


def ip_group(sub, rg, name, addresses):
    """IpGroupsListBySubscription.json."""
    return {"name": name, "id": rid(sub, rg, "Microsoft.Network/ipGroups", name), "type": "Microsoft.Network/ipGroups",
            "etag": etag(), "location": LOCATION,
            "properties": {"provisioningState": "Succeeded", "ipAddresses": list(addresses), "firewalls": [],
                           "firewallPolicies": []}}


def scale_set(sub, rg, name, subnet_id, mode="Uniform", tags=None):
    sid = rid(sub, rg, "Microsoft.Compute/virtualMachineScaleSets", name)
    props = {"orchestrationMode": mode, "provisioningState": "Succeeded", "uniqueId": new_uuid(),
             "timeCreated": "2025-01-10T08:00:00.0000000+00:00"}
    if mode == "Uniform":
        props["upgradePolicy"] = {"mode": "Manual"}
        props["virtualMachineProfile"] = {"networkProfile": {"networkInterfaceConfigurations": [{
            "name": f"{name}-nic", "properties": {"primary": True, "ipConfigurations": [{
                "name": "ipconfig1", "properties": {"subnet": {"id": subnet_id}}}]}}]}}
    body = {"name": name, "id": sid, "type": "Microsoft.Compute/virtualMachineScaleSets", "location": LOCATION,
            "sku": {"name": "Standard_B2s", "tier": "Standard", "capacity": 2}, "properties": props}
    if tags:
        body["tags"] = tags
    return body


# AKS (Microsoft.ContainerService). A node pool's scale set carries the aks-managed-poolName tag (its value the pool's
# name) and aks-managed-orchestrator ("Kubernetes:<version>"), as kubernetes-sigs/cluster-autoscaler, Azure
# Policy's built-in definitions and the Resource Graph rows of real node resource groups show them.
def aks_pool_tags(pool, version="1.33.3"):
    return {"aks-managed-orchestrator": f"Kubernetes:{version}", "aks-managed-poolName": pool}


def managed_cluster(sub, rg, name, node_rg, pools, version="1.33.3"):
    """A managedClusters list item after azure-rest-api-specs' ManagedClustersList.json (aks/stable/2025-10-01):
    `nodeResourceGroup` and `agentPoolProfiles`, each pool with its `mode` (AgentPoolMode: System | User) and
    `type` VirtualMachineScaleSets. `pools`: (name, mode, count)."""
    return {"id": f"/subscriptions/{sub}/resourcegroups/{rg}/providers/Microsoft.ContainerService/managedClusters/"
                  f"{name}",
            "location": LOCATION, "name": name, "tags": {}, "type": "Microsoft.ContainerService/ManagedClusters",
            "eTag": new_uuid()[:8],
            "properties": {"provisioningState": "Succeeded", "kubernetesVersion": version,
                           "currentKubernetesVersion": version, "maxAgentPools": 100, "dnsPrefix": f"{name}-dns",
                           "fqdn": f"{name}-dns-{new_uuid()[:8]}.hcp.{LOCATION}.azmk8s.io",
                           "agentPoolProfiles": [{"name": pool, "count": count, "vmSize": "Standard_D2s_v3",
                                                  "maxPods": 110, "type": "VirtualMachineScaleSets", "mode": mode,
                                                  "osType": "Linux", "provisioningState": "Succeeded",
                                                  "powerState": {"code": "Running"}, "orchestratorVersion": version,
                                                  "currentOrchestratorVersion": version}
                                                 for pool, mode, count in pools],
                           "nodeResourceGroup": node_rg, "enableRBAC": True,
                           "networkProfile": {"networkPlugin": "kubenet", "podCidr": "10.244.0.0/16",
                                              "serviceCidr": "10.0.0.0/16", "dnsServiceIP": "10.0.0.10",
                                              "outboundType": "loadBalancer"}}}


def scale_set_instance(scale_set_id, instance, time_created="2025-01-10T08:00:00.0000000+00:00", power="running"):
    iid = f"{scale_set_id}/virtualMachines/{instance}"
    ss_name = scale_set_id.rsplit("/", 1)[1]
    nic_id = f"{iid}/networkInterfaces/{ss_name}-nic"
    body = {"name": f"{ss_name}_{instance}", "id": iid, "type": "Microsoft.Compute/virtualMachines",
            "instanceId": str(instance), "location": LOCATION, "sku": {"name": "Standard_B2s", "tier": "Standard"},
            "properties": {"latestModelApplied": True, "vmId": str(uuid.uuid5(uuid.NAMESPACE_URL, iid)),
                           "hardwareProfile": {}, "networkProfile": {"networkInterfaces": [
                               {"id": nic_id, "properties": {"primary": True}}]},
                           "provisioningState": "Succeeded", "timeCreated": time_created},
            "_power": power}
    return body, nic_id


# App Service (Microsoft.Web, api-version 2024-11-01), after the GetWebApp / AppServiceEnvironments_Get spec examples
# and the recorded sites of azure-cli's test_webapp_vnetE2E (the Web RP sends nulls rather than omitting keys).
def app_service_plan(sub, rg, name, sku_name, tier, kind="app", ase_id=None):
    family = sku_name.rstrip("0123456789v")
    return {"id": rid(sub, rg, "Microsoft.Web/serverfarms", name), "name": name, "type": "Microsoft.Web/serverfarms",
            "kind": kind, "location": "West Europe", "tags": {},
            "properties": {"workerTierName": None, "status": "Ready", "subscription": sub,
                           "hostingEnvironmentProfile": {"id": ase_id, "name": ase_id.rsplit("/", 1)[1],
                                                         "type": "Microsoft.Web/hostingEnvironments"} if ase_id else None,
                           "maximumNumberOfWorkers": 0 if tier == "Dynamic" else 30, "geoRegion": "West Europe",
                           "perSiteScaling": False, "elasticScaleEnabled": tier == "ElasticPremium",
                           "maximumElasticWorkerCount": 1, "numberOfSites": 1, "isSpot": False,
                           "resourceGroup": rg, "reserved": "linux" in kind, "isXenon": False, "hyperV": False,
                           "targetWorkerCount": 0, "targetWorkerSizeId": 0, "provisioningState": "Succeeded",
                           "kubeEnvironmentProfile": None, "zoneRedundant": False},
            "sku": {"name": sku_name, "tier": tier, "size": sku_name, "family": family, "capacity": 0 if tier == "Dynamic"
                    else 1}}


def hosting_environment(sub, rg, name, subnet_id, kind="ASEV3"):
    eid = rid(sub, rg, "Microsoft.Web/hostingEnvironments", name)
    return {"id": eid, "name": name, "type": "Microsoft.Web/hostingEnvironments", "kind": kind, "location": "West Europe",
            "tags": {}, "properties": {
                "provisioningState": "Succeeded", "status": "Ready",
                "virtualNetwork": {"id": subnet_id, "name": subnet_id.rsplit("/", 1)[1],
                                   "type": "Microsoft.Network/virtualNetworks/subnets", "subnet": ""},
                "internalLoadBalancingMode": "None", "multiSize": "Standard_D2d_v4", "multiRoleCount": None,
                "ipsslAddressCount": 0, "dnsSuffix": f"{name}.p.azurewebsites.net", "maximumNumberOfMachines": 250,
                "frontEndScaleFactor": 15, "suspended": False, "clusterSettings": None, "userWhitelistedIpRanges": None,
                "hasLinuxWorkers": True, "dedicatedHostCount": 0, "zoneRedundant": False,
                "networkingConfiguration": {"id": f"{eid}/configurations/networking", "properties": {
                    "windowsOutboundIpAddresses": ["20.88.241.56"], "linuxOutboundIpAddresses": ["20.88.241.56"],
                    "externalInboundIpAddresses": ["52.153.248.36"], "internalInboundIpAddresses": [],
                    "allowNewPrivateEndpointConnections": False, "ftpEnabled": False, "remoteDebugEnabled": False,
                    "inboundIpAddressOverride": None}}}}


def _routing(route_all):
    """outboundVnetRouting as api-version 2024-11-01 reports it (applicationTraffic was vnetRouteAllEnabled)."""
    return {"allTraffic": False, "applicationTraffic": bool(route_all), "contentShareTraffic": False,
            "imagePullTraffic": False, "backupRestoreTraffic": False, "managedIdentityTraffic": False}


# The site's routing properties by the api-version asked for: outboundVnetRouting (applicationTraffic was
# vnetRouteAllEnabled) from 2024-04-01; the top-level vnet*Enabled flags before 2024-11-01 only. The 2023-12-01 recording
# (WebApps_Get_with_virtualNetworkSubnetId) and the 2024-04-01 spec example have the flags and no outboundVnetRouting;
# the 2024-11-01 recording (WebApps_GetSlot_no_vnet_outboundVnetRouting) has outboundVnetRouting and no flag, so the
# flags are also absent from 2025-03-01, where the site schema drops them.
ROUTING_FROM, FLAGS_UNTIL = "2024-04-01", "2024-11-01"
ROUTING_FLAGS = {"vnetRouteAllEnabled": "applicationTraffic", "vnetImagePullEnabled": "imagePullTraffic",
                 "vnetContentShareEnabled": "contentShareTraffic", "vnetBackupRestoreEnabled": "backupRestoreTraffic"}


def site_as_of(body, api_version):
    """A site or slot stored with outboundVnetRouting as ARM answers it at `api_version` (others unchanged)."""
    routing = (body.get("properties") or {}).get("outboundVnetRouting")
    if routing is None or not api_version:
        return body
    props = {k: v for k, v in body["properties"].items() if k != "outboundVnetRouting" or api_version >= ROUTING_FROM}
    if api_version < FLAGS_UNTIL:
        props.update((flag, bool(routing.get(name) or routing.get("allTraffic"))) for flag, name in ROUTING_FLAGS.items())
    return dict(body, properties=props)


def site(sub, rg, name, plan_id, kind="app", subnet_id=None, route_all=False, ase_id=None, legacy_route_all=None,
         slot=None, routing_reported=True):
    """A site, or (`slot` given) one of its slots; `legacy_route_all` replaces outboundVnetRouting with the
    pre-2024 `vnetRouteAllEnabled` property; `routing_reported=False` leaves both out (a Resource Graph row or an
    older api-version: route-all is then only in the site's /config/web, site_config)."""
    sid = rid(sub, rg, "Microsoft.Web/sites", name) + (f"/slots/{slot}" if slot else "")
    host = f"{name}-{slot}" if slot else name
    props = {"name": f"{name}({slot})" if slot else name, "state": "Running",
             "hostNames": [f"{host}.azurewebsites.net"], "webSpace": f"{rg}-WestEuropewebspace",
             "repositorySiteName": name, "owner": None, "usageState": "Normal", "enabled": True, "adminEnabled": True,
             "enabledHostNames": [f"{host}.azurewebsites.net", f"{host}.scm.azurewebsites.net"],
             "availabilityState": "Normal", "serverFarmId": plan_id, "reserved": "linux" in kind, "isXenon": False,
             "hyperV": False, "lastModifiedTimeUtc": "2025-10-30T22:19:21.04", "virtualNetworkSubnetId": subnet_id,
             "siteConfig": {"numberOfWorkers": 1, "linuxFxVersion": "", "vnetName": None, "vnetRouteAllEnabled": None,
                            "vnetPrivatePortsCount": None, "http20Enabled": True, "functionAppScaleLimit": 0,
                            "minimumElasticInstanceCount": 0},
             "deploymentId": name, "slotName": slot, "sku": None, "scmSiteAlsoStopped": False,
             "hostingEnvironment": ase_id.rsplit("/", 1)[1] if ase_id else None,
             "hostingEnvironmentProfile": {"id": ase_id, "name": ase_id.rsplit("/", 1)[1],
                                           "type": "Microsoft.Web/hostingEnvironments"} if ase_id else None,
             "clientAffinityEnabled": True, "httpsOnly": True, "kind": kind, "resourceGroup": rg,
             "defaultHostName": f"{host}.azurewebsites.net",
             "outboundIpAddresses": "20.126.190.35,20.126.190.127", "publicNetworkAccess": "Enabled"}
    if not routing_reported:
        pass
    elif legacy_route_all is None:
        props["outboundVnetRouting"] = _routing(route_all)
    else:
        props.update(vnetRouteAllEnabled=legacy_route_all, vnetImagePullEnabled=False, vnetContentShareEnabled=False)
    return {"id": sid, "name": f"{name}/{slot}" if slot else name,
            "type": "Microsoft.Web/sites/slots" if slot else "Microsoft.Web/sites", "kind": kind,
            "location": "West Europe", "tags": {}, "properties": props}


def site_config(site_id, route_all):
    """GET .../sites/{name}/config/web after the WebApps_GetConfiguration example (Microsoft.Web 2024-11-01): the
    SiteConfig the site list leaves null, with the legacy vnetRouteAllEnabled."""
    return {"id": f"{site_id}/config/web", "name": "web", "type": "Microsoft.Web/sites/config",
            "location": "West Europe", "properties": {
                "numberOfWorkers": 1, "defaultDocuments": ["Default.htm", "index.html"], "netFrameworkVersion": "v4.0",
                "phpVersion": "", "pythonVersion": "", "nodeVersion": "", "linuxFxVersion": "", "requestTracingEnabled":
                False, "remoteDebuggingEnabled": False, "httpLoggingEnabled": False, "logsDirectorySizeLimit": 35,
                "detailedErrorLoggingEnabled": False, "use32BitWorkerProcess": True, "webSocketsEnabled": False,
                "alwaysOn": False, "managedPipelineMode": "Integrated", "loadBalancing": "LeastRequests",
                "vnetName": "", "vnetRouteAllEnabled": bool(route_all), "vnetPrivatePortsCount": 0,
                "http20Enabled": True, "minTlsVersion": "1.2", "ftpsState": "FtpsOnly"}}


def container_app(sub, rg, name, environment_id):
    """After the ContainerApps_ListBySubscription example (Microsoft.App 2025-01-01)."""
    return {"id": rid(sub, rg, "Microsoft.App/containerApps", name), "name": name,
            "type": "Microsoft.App/containerApps", "location": "East US", "tags": {},
            "properties": {"provisioningState": "Succeeded", "runningStatus": "Running",
                           "managedEnvironmentId": environment_id, "workloadProfileName": None,
                           "latestRevisionFqdn": f"{name}--abcdef.azurecontainerapps.io",
                           "outboundIpAddresses": ["20.1.2.3"],
                           "configuration": {"activeRevisionsMode": "Single", "ingress": {
                               "external": True, "targetPort": 3000, "transport": "auto"}},
                           "template": {"containers": [{"image": "repo/testcontainerapp0:v1", "name": name}],
                                        "scale": {"minReplicas": 1, "maxReplicas": 5}}}}
