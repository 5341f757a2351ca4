"""ARM JSON (and the activity log's SDK models) -> plain model. One function per resource type, tolerant
of the shapes real ARM sends (missing keys, singular and plural fields, extra read-only fields).

Bulk lists arrive as raw JSON (see pager.py): a list item and a Resource Graph row carry the same `id`, `name`
and `properties`, so the same functions read both."""
from datetime import datetime
from typing import Optional

from ..core.ids import group_of, subscription_of
from ..core.model import (ActivityEvent, App, AppPlan, Billing, Firewall, FirewallPolicy, FirewallRule,
                          HostingEnvironment, IpConfig, IpGroup, LoadBalancer, Nic, Nsg, PaasResource, Route,
                          RouteTable, SecurityRule, Subnet, Subscription, Usage, Vm, Vnet)


def _id(ref: Optional[dict]) -> Optional[str]:
    """The id of a sub-resource reference (`{"id": ...}`)."""
    return ref.get("id") if ref else None


def _ids(refs):
    return [i for i in (_id(r) for r in refs or []) if i]


def subscription(body: dict) -> Subscription:
    """Subscription GET (Microsoft.Resources): name, state, the offer's quotaId and the spending limit."""
    policies = body.get("subscriptionPolicies") or {}
    return Subscription(body.get("subscriptionId"), body.get("displayName"), body.get("state"),
                        policies.get("quotaId"), policies.get("spendingLimit"))


def usage(body: dict, period: str) -> Optional[Usage]:
    """A usage-detail list answer: its first record's kind and offerId; None if it has no record."""
    records = body.get("value") or []
    if not records:
        return None
    first = records[0]
    return Usage(first.get("kind") or "legacy", (first.get("properties") or {}).get("offerId"), period=period)


def billing(properties: dict) -> Billing:
    return Billing(properties.get("billingAccountAgreementType"), properties.get("billingAccountType"),
                   properties.get("billingAccountSubType"), properties.get("subscriptionWorkloadType"))


def _props(body: dict) -> dict:
    return body.get("properties") or {}


def _time(value: Optional[str]) -> Optional[datetime]:
    """ARM timestamps ('2024-05-01T10:00:00.1234567+00:00'): at most microseconds, as the SDK reads them."""
    if not value:
        return None
    head, dot, tail = value.partition(".")
    if dot:
        digits = len(tail) - len(tail.lstrip("0123456789"))
        tail = tail[:min(digits, 6)] + tail[digits:]
    return datetime.fromisoformat((head + dot + tail).replace("z", "Z"))


def created(body: dict) -> Optional[datetime]:
    """A /resources item's createdTime (asked for with $expand=createdTime)."""
    return _time(body.get("createdTime"))


def _power_state(props: dict) -> Optional[str]:
    """From the instance view ARM adds with `$expand=instanceView`, else from the one Resource Graph keeps in
    `properties.extended.instanceView.powerState`."""
    graph = (((props.get("extended") or {}).get("instanceView") or {}).get("powerState") or {}).get("code")
    for code in [s.get("code") or "" for s in (props.get("instanceView") or {}).get("statuses") or []] + [graph or ""]:
        if code.startswith("PowerState/"):
            return code.split("/", 1)[1]
    return None


def vm(body: dict, scale_set_id: Optional[str] = None) -> Vm:
    """A VM or scale-set instance (list item with `$expand=instanceView`, or Resource Graph row)."""
    props = _props(body)
    refs = (props.get("networkProfile") or {}).get("networkInterfaces") or []
    nic_ids = [r.get("id") for r in sorted(refs, key=lambda r: not _props(r).get("primary"))]  # primary first
    return Vm(body.get("id"), body.get("name"), group_of(body["id"]), subscription_of(body["id"]), nic_ids,
              scale_set_id or _id(props.get("virtualMachineScaleSet")), _time(props.get("timeCreated")),
              _power_state(props), ((props.get("storageProfile") or {}).get("osDisk") or {}).get("osType"))


def _ip_config(body: dict) -> IpConfig:
    props = _props(body)
    return IpConfig(body.get("name"), _id(props.get("subnet")), props.get("privateIPAddress"),
                    _id(props.get("publicIPAddress")), _ids(props.get("loadBalancerBackendAddressPools")),
                    _ids(props.get("applicationSecurityGroups")), bool(props.get("primary")))


def nic(body: dict) -> Nic:
    props = _props(body)
    configs = [_ip_config(c) for c in props.get("ipConfigurations") or []]
    return Nic(body.get("id"), body.get("name"), configs, _id(props.get("networkSecurityGroup")),
               bool(props.get("primary")), props.get("allowPort25Out"), props.get("defaultOutboundConnectivityEnabled"))


def _listed(single, plural):
    """Rule fields come as a singular value, a plural list, or both (real NSGs send both)."""
    values = list(plural or [])
    if single and single not in values:
        values.append(single)
    return values


def security_rule(body: dict, default=False) -> SecurityRule:
    p = _props(body)
    return SecurityRule(body.get("name"), int(p.get("priority") or 0), p.get("direction"), p.get("access"),
                        p.get("protocol"),
                        _listed(p.get("destinationAddressPrefix"), p.get("destinationAddressPrefixes")),
                        _listed(p.get("destinationPortRange"), p.get("destinationPortRanges")),
                        _ids(p.get("destinationApplicationSecurityGroups")),
                        _listed(p.get("sourceAddressPrefix"), p.get("sourceAddressPrefixes")) or ["*"],
                        _listed(p.get("sourcePortRange"), p.get("sourcePortRanges")) or ["*"],
                        _ids(p.get("sourceApplicationSecurityGroups")), default)


def nsg(body: dict) -> Nsg:
    props = _props(body)
    rules = [security_rule(r) for r in props.get("securityRules") or []]
    rules += [security_rule(r, default=True) for r in props.get("defaultSecurityRules") or []]
    return Nsg(body.get("id"), body.get("name"), rules)


def route_table(body: dict) -> RouteTable:
    routes = [Route(r.get("name"), _props(r).get("addressPrefix"), _props(r).get("nextHopType"),
                    _props(r).get("nextHopIpAddress"))
              for r in _props(body).get("routes") or []]
    return RouteTable(body.get("id"), body.get("name"), routes)


def subnet(body: dict, vnet_id: str) -> Subnet:
    props = _props(body)
    prefixes = _listed(props.get("addressPrefix"), props.get("addressPrefixes"))
    delegations = [s for s in (_props(d).get("serviceName") for d in props.get("delegations") or []) if s]
    return Subnet(body.get("id"), body.get("name"), vnet_id, prefixes, _id(props.get("networkSecurityGroup")),
                  _id(props.get("routeTable")), _id(props.get("natGateway")), props.get("defaultOutboundAccess"),
                  delegations)


def vnet(body: dict) -> Vnet:
    props = _props(body)
    space = (props.get("addressSpace") or {}).get("addressPrefixes") or []
    return Vnet(body.get("id"), body.get("name"), group_of(body["id"]), list(space),
                [s.get("id") for s in props.get("subnets") or []])


def subnets(body: dict) -> list:
    """The subnets a VNet list item carries, parsed."""
    return [subnet(s, body.get("id")) for s in _props(body).get("subnets") or []]


def public_ip(body: dict) -> Optional[str]:
    return _props(body).get("ipAddress")


def load_balancer(body: dict) -> LoadBalancer:
    pools = [_id(_props(r).get("backendAddressPool")) for r in _props(body).get("outboundRules") or []]
    sku = body.get("sku")
    return LoadBalancer(body.get("id"), body.get("name"), sku.get("name") if sku else None, [p for p in pools if p])


def _firewall_rule(collection: dict, rule: dict, protocols: str = "protocols", group: Optional[dict] = None,
                   policy: Optional[str] = None) -> FirewallRule:
    """A network rule of a classic collection (`protocols`) or a policy's filter collection (`ipProtocols`, and the
    collection's fields at its top level rather than under `properties`)."""
    props = _props(collection) if group is None else collection
    action = props.get("action")
    return FirewallRule(collection.get("name"), int(props.get("priority") or 0),
                        action.get("type") if action else "Deny", rule.get("name"), list(rule.get(protocols) or []),
                        list(rule.get("sourceAddresses") or []) + [f"ipgroup:{g}" for g in rule.get("sourceIpGroups")
                                                                   or []],
                        list(rule.get("destinationAddresses") or [])
                        + [f"fqdn:{f}" for f in rule.get("destinationFqdns") or []]
                        + [f"ipgroup:{g}" for g in rule.get("destinationIpGroups") or []],
                        list(rule.get("destinationPorts") or []),
                        group.get("name") if group else None, int(_props(group).get("priority") or 0) if group else 0,
                        policy)


def firewall(body: dict) -> Firewall:
    props = _props(body)
    ips = [ip for ip in (_props(c).get("privateIPAddress") for c in props.get("ipConfigurations") or []) if ip]
    rules = [_firewall_rule(c, r) for c in props.get("networkRuleCollections") or []
             for r in _props(c).get("rules") or []]
    return Firewall(body.get("id"), body.get("name"), ips, rules, _id(props.get("firewallPolicy")))


def firewall_policy(body: dict, groups: Optional[list]) -> FirewallPolicy:
    """A Firewall Policy and its rule collection groups (None: not read). DNAT collections are left out: they
    match traffic addressed to the firewall's own public IPs, never a VM's connection to a mail server."""
    props = _props(body)
    network, application = [], 0
    for group in groups or []:
        for collection in _props(group).get("ruleCollections") or []:
            if collection.get("ruleCollectionType") != "FirewallPolicyFilterRuleCollection":
                continue
            for rule in collection.get("rules") or []:
                if rule.get("ruleType") == "NetworkRule":
                    network.append(_firewall_rule(collection, rule, "ipProtocols", group, body.get("name")))
                elif rule.get("ruleType") == "ApplicationRule":
                    application += 1
    dns = props.get("dnsSettings")
    return FirewallPolicy(body.get("id"), body.get("name"), _id(props.get("basePolicy")), network, application,
                          dns.get("enableProxy") if dns else None)


def ip_group(body: dict) -> IpGroup:
    return IpGroup(body.get("id"), body.get("name"), list(_props(body).get("ipAddresses") or []))


def activity_event(body: dict) -> Optional[ActivityEvent]:
    """A succeeded activity-log event (EventData JSON), or None for other statuses."""
    status = (body.get("status") or {}).get("value") or ""
    operation = (body.get("operationName") or {}).get("value")
    moment = _time(body.get("eventTimestamp"))
    if status.lower() != "succeeded" or not operation or not body.get("resourceId") or not moment:
        return None
    return ActivityEvent(operation.lower(), body["resourceId"], moment)


def _route_all(props: dict, config: Optional[dict] = None):
    """(route-all, basis): True when any routing property says all traffic enters the VNet, False when they say
    no, None when none is reported. `config`: the site's /config/web properties, read when the site's own did not
    say (their keys case-insensitively: Resource Graph's appserviceresources rows are PascalCase). The app setting
    WEBSITE_VNET_ROUTE_ALL is in neither."""
    routing = props.get("outboundVnetRouting") or {}
    said = [(f"outboundVnetRouting.{k}", routing.get(k)) for k in ("allTraffic", "applicationTraffic")]
    said += [("vnetRouteAllEnabled", props.get("vnetRouteAllEnabled")),
             ("siteConfig.vnetRouteAllEnabled", (props.get("siteConfig") or {}).get("vnetRouteAllEnabled"))]
    if config is not None:
        said.append(("config/web vnetRouteAllEnabled",
                     next((v for k, v in config.items() if k.lower() == "vnetrouteallenabled"), None)))
    said = [(name, value) for name, value in said if value is not None]
    on = [name for name, value in said if value is True]
    if on:
        return True, f"{on[0]}: true"
    if said:
        return False, ", ".join(f"{name}: false" for name, _ in said)
    return None, "no routing property reported" + (" (neither in the site nor in its /config/web)"
                                                   if config is not None else "")


def route_all_said(body: dict) -> bool:
    """Whether the site's own properties say if all traffic is routed into the VNet."""
    return _route_all(_props(body))[0] is not None


def app(body: dict, site_id: Optional[str] = None, config: Optional[dict] = None) -> App:
    """A site or slot (Microsoft.Web/sites[/slots]); function apps by `kind` (functionapp, functionapp,linux, ...).
    `config`: its /config/web properties, when they were read."""
    props = _props(body)
    site_kind = body.get("kind") or ""
    kind = "slot" if site_id else ("functionapp" if "functionapp" in site_kind.lower() else "webapp")
    route_all, basis = _route_all(props, config)
    return App(body.get("id"), body.get("name"), group_of(body["id"]), subscription_of(body["id"]), kind, site_kind,
               props.get("serverFarmId"), props.get("virtualNetworkSubnetId"), route_all, basis,
               _id(props.get("hostingEnvironmentProfile")), site_id)


def app_plan(body: dict) -> AppPlan:
    sku = body.get("sku") or {}
    return AppPlan(body.get("id"), body.get("name"), sku.get("name"), sku.get("tier"))


def hosting_environment(body: dict) -> HostingEnvironment:
    return HostingEnvironment(body.get("id"), body.get("name"), body.get("kind"),
                              _id(_props(body).get("virtualNetwork")))


def paas_resource(body: dict) -> PaasResource:
    """A /resources list item (id, name, type)."""
    return PaasResource(body.get("id"), body.get("name"), group_of(body["id"]), subscription_of(body["id"]),
                        body.get("type"))
