"""ARM JSON (and the activity log's SDK models) -> plain model. One function per resource type, tolerant
of the shapes real ARM sends (missing keys, singular and plural fields, extra read-only fields).

Bulk lists arrive as raw JSON (see pager.py): a list item and a Resource Graph row carry the same `id`, `name`
and `properties`, so the same functions read both.

Every function is total: any JSON value (`{}`, `[]`, a string where an object belongs) gives a model with what
could be read and None elsewhere, never an exception; callers treat a model without an id as a malformed answer."""
from datetime import datetime
from typing import Optional

from ..core.ids import group_of, subscription_of
from ..core.model import (ActivityEvent, App, AppPlan, Billing, Firewall, FirewallPolicy, FirewallRule,
                          HostingEnvironment, IpConfig, IpGroup, LoadBalancer, Nic, NodePool, Nsg, PaasResource, Route,
                          RouteTable, SecurityRule, Subnet, Subscription, Usage, Vm, Vnet)


def _obj(value) -> dict:
    """`value` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _items(value) -> list:
    """The objects of a JSON array (anything else: none)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value) -> Optional[str]:
    return value if isinstance(value, str) else None


def _texts(value) -> list:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _id(ref) -> Optional[str]:
    """The id of a sub-resource reference (`{"id": ...}`)."""
    return _text(_obj(ref).get("id"))


def _ids(refs):
    return [i for i in (_id(r) for r in _items(refs)) if i]


def _own_id(body) -> Optional[str]:
    return _text(_obj(body).get("id"))


def _name(body) -> Optional[str]:
    return _text(_obj(body).get("name"))


def subscription(body: dict) -> Subscription:
    """Subscription GET (Microsoft.Resources): name, state, the offer's quotaId and the spending limit."""
    body = _obj(body)
    policies = _obj(body.get("subscriptionPolicies"))
    return Subscription(_text(body.get("subscriptionId")), _text(body.get("displayName")), _text(body.get("state")),
                        _text(policies.get("quotaId")), _text(policies.get("spendingLimit")))


def usage(body: dict, period: str) -> Optional[Usage]:
    """A usage-detail list answer: its first record's kind and offerId; None if it has no record."""
    records = _items(_obj(body).get("value"))
    if not records:
        return None
    first = records[0]
    return Usage(_text(first.get("kind")) or "legacy", _text(_props(first).get("offerId")), period=period)


def billing(properties: dict) -> Billing:
    properties = _obj(properties)
    return Billing(*(_text(properties.get(k)) for k in ("billingAccountAgreementType", "billingAccountType",
                                                        "billingAccountSubType", "subscriptionWorkloadType")))


def _props(body: dict) -> dict:
    return _obj(_obj(body).get("properties"))


def _time(value: Optional[str]) -> Optional[datetime]:
    """ARM timestamps ('2024-05-01T10:00:00.1234567+00:00'): at most microseconds, as the SDK reads them."""
    if not value or not isinstance(value, str):
        return None
    head, dot, tail = value.partition(".")
    if dot:
        digits = len(tail) - len(tail.lstrip("0123456789"))
        tail = tail[:min(digits, 6)] + tail[digits:]
    try:
        return datetime.fromisoformat((head + dot + tail).replace("z", "Z"))
    except ValueError:
        return None


def created(body: dict) -> Optional[datetime]:
    """A /resources item's createdTime (asked for with $expand=createdTime)."""
    return _time(_obj(body).get("createdTime"))


def _power_state(props: dict) -> Optional[str]:
    """From the instance view ARM adds with `$expand=instanceView`, else from the one Resource Graph keeps in
    `properties.extended.instanceView.powerState`."""
    graph = _text(_obj(_obj(_obj(props.get("extended")).get("instanceView")).get("powerState")).get("code"))
    for code in [_text(s.get("code")) or "" for s in _items(_obj(props.get("instanceView")).get("statuses"))] + \
            [graph or ""]:
        if code.startswith("PowerState/"):
            return code.split("/", 1)[1]
    return None


def vm(body: dict, scale_set_id: Optional[str] = None) -> Vm:
    """A VM or scale-set instance (list item with `$expand=instanceView`, or Resource Graph row)."""
    props, rid = _props(body), _own_id(body)
    refs = _items(_obj(props.get("networkProfile")).get("networkInterfaces"))
    nic_ids = [i for i in (_id(r) for r in sorted(refs, key=lambda r: not _props(r).get("primary"))) if i]
    return Vm(rid, _name(body), _group(rid), _subscription(rid), nic_ids,  # primary NIC first
              scale_set_id or _id(props.get("virtualMachineScaleSet")), _time(props.get("timeCreated")),
              _power_state(props), _text(_obj(_obj(props.get("storageProfile")).get("osDisk")).get("osType")))


AKS_POOL_TAG = "aks-managed-poolname"  # the tag AKS puts on a node pool's scale set (lower-cased: tag keys are
# case-insensitive); its value is the pool's name (as kubernetes-sigs/cluster-autoscaler and Azure Policy read it)


def pool_name(scale_set: dict) -> Optional[str]:
    """The AKS node pool a scale set is (its aks-managed-poolName tag), or None for a scale set AKS does not manage."""
    tags = _obj(_obj(scale_set).get("tags"))
    return next((_text(value) for name, value in tags.items() if str(name).lower() == AKS_POOL_TAG), None) or None


def node_pool(scale_set: dict, clusters: list) -> Optional[NodePool]:
    """A scale set tagged as an AKS node pool, with the cluster whose `nodeResourceGroup` is the set's resource
    group (managedClusters list item or Graph row) and the pool's mode there; None for any other scale set."""
    name, set_id = pool_name(scale_set), _own_id(scale_set)
    if not name or not set_id:
        return None
    group = (_group(set_id) or "").lower()
    for cluster in _items(clusters):
        props = _props(cluster)
        if (_text(props.get("nodeResourceGroup")) or "").lower() == group:
            mode = next((_text(p.get("mode")) for p in _items(props.get("agentPoolProfiles"))
                         if (_text(p.get("name")) or "").lower() == name.lower()), None)
            return NodePool(name, set_id, _name(cluster), _group(_own_id(cluster)), mode)
    return NodePool(name, set_id)


def _group(rid: Optional[str]) -> Optional[str]:
    return group_of(rid) if rid and rid.startswith("/subscriptions/") else None


def _subscription(rid: Optional[str]) -> Optional[str]:
    return subscription_of(rid) if rid and rid.startswith("/subscriptions/") else None


def _ip_config(body: dict) -> IpConfig:
    props = _props(body)
    return IpConfig(_name(body), _id(props.get("subnet")), _text(props.get("privateIPAddress")),
                    _id(props.get("publicIPAddress")), _ids(props.get("loadBalancerBackendAddressPools")),
                    _ids(props.get("applicationSecurityGroups")), bool(props.get("primary")))


def nic(body: dict) -> Nic:
    props = _props(body)
    configs = [_ip_config(c) for c in _items(props.get("ipConfigurations"))]
    return Nic(_own_id(body), _name(body), configs, _id(props.get("networkSecurityGroup")),
               bool(props.get("primary")), props.get("allowPort25Out"), props.get("defaultOutboundConnectivityEnabled"))


def _listed(single, plural):
    """Rule fields come as a singular value, a plural list, or both (real NSGs send both)."""
    values = _texts(plural)
    if isinstance(single, str) and single and single not in values:
        values.append(single)
    return values


def security_rule(body: dict, default=False) -> SecurityRule:
    p = _props(body)
    return SecurityRule(_name(body), _int(p.get("priority")), _text(p.get("direction")), _text(p.get("access")),
                        _text(p.get("protocol")),
                        _listed(p.get("destinationAddressPrefix"), p.get("destinationAddressPrefixes")),
                        _listed(p.get("destinationPortRange"), p.get("destinationPortRanges")),
                        _ids(p.get("destinationApplicationSecurityGroups")),
                        _listed(p.get("sourceAddressPrefix"), p.get("sourceAddressPrefixes")) or ["*"],
                        _listed(p.get("sourcePortRange"), p.get("sourcePortRanges")) or ["*"],
                        _ids(p.get("sourceApplicationSecurityGroups")), default)


def nsg(body: dict) -> Nsg:
    props = _props(body)
    rules = [security_rule(r) for r in _items(props.get("securityRules"))]
    rules += [security_rule(r, default=True) for r in _items(props.get("defaultSecurityRules"))]
    return Nsg(_own_id(body), _name(body), rules)


def route_table(body: dict) -> RouteTable:
    routes = [Route(_name(r), _text(_props(r).get("addressPrefix")), _text(_props(r).get("nextHopType")),
                    _text(_props(r).get("nextHopIpAddress")))
              for r in _items(_props(body).get("routes"))]
    return RouteTable(_own_id(body), _name(body), routes)


def subnet(body: dict, vnet_id: str) -> Subnet:
    props = _props(body)
    prefixes = _listed(props.get("addressPrefix"), props.get("addressPrefixes"))
    delegations = [s for s in (_text(_props(d).get("serviceName")) for d in _items(props.get("delegations"))) if s]
    return Subnet(_own_id(body), _name(body), vnet_id, prefixes, _id(props.get("networkSecurityGroup")),
                  _id(props.get("routeTable")), _id(props.get("natGateway")), props.get("defaultOutboundAccess"),
                  delegations)


def vnet(body: dict) -> Vnet:
    props = _props(body)
    space = _texts(_obj(props.get("addressSpace")).get("addressPrefixes"))
    return Vnet(_own_id(body), _name(body), _group(_own_id(body)), space,
                [i for i in (_own_id(s) for s in _items(props.get("subnets"))) if i])


def subnets(body: dict) -> list:
    """The subnets a VNet list item carries, parsed."""
    return [subnet(s, _own_id(body)) for s in _items(_props(body).get("subnets")) if _own_id(s)]


def load_balancer(body: dict) -> LoadBalancer:
    pools = [_id(_props(r).get("backendAddressPool")) for r in _items(_props(body).get("outboundRules"))]
    return LoadBalancer(_own_id(body), _name(body), _name(_obj(body).get("sku")), [p for p in pools if p])


def _firewall_rule(collection: dict, rule: dict, protocols: str = "protocols", group: Optional[dict] = None,
                   policy: Optional[str] = None) -> FirewallRule:
    """A network rule of a classic collection (`protocols`) or a policy's filter collection (`ipProtocols`, and the
    collection's fields at its top level rather than under `properties`)."""
    props = _props(collection) if group is None else collection
    action = _obj(props.get("action"))
    return FirewallRule(_name(collection), _int(props.get("priority")),
                        _text(action.get("type")) or "Deny", _name(rule), _texts(rule.get(protocols)),
                        _texts(rule.get("sourceAddresses"))
                        + [f"ipgroup:{g}" for g in _texts(rule.get("sourceIpGroups"))],
                        _texts(rule.get("destinationAddresses"))
                        + [f"fqdn:{f}" for f in _texts(rule.get("destinationFqdns"))]
                        + [f"ipgroup:{g}" for g in _texts(rule.get("destinationIpGroups"))],
                        _texts(rule.get("destinationPorts")),
                        _name(group) if group else None, _int(_props(group).get("priority")) if group else 0,
                        policy)


def firewall(body: dict) -> Firewall:
    props = _props(body)
    ips = [ip for ip in (_text(_props(c).get("privateIPAddress")) for c in _items(props.get("ipConfigurations")))
           if ip]
    rules = [_firewall_rule(c, r) for c in _items(props.get("networkRuleCollections"))
             for r in _items(_props(c).get("rules"))]
    return Firewall(_own_id(body), _name(body), ips, rules, _id(props.get("firewallPolicy")))


def firewall_policy(body: dict, groups: Optional[list]) -> FirewallPolicy:
    """A Firewall Policy and its rule collection groups (None: not read). DNAT collections are left out: they
    match traffic addressed to the firewall's own public IPs, never a VM's connection to a mail server."""
    props = _props(body)
    network, application = [], 0
    for group in _items(groups):
        for collection in _items(_props(group).get("ruleCollections")):
            if collection.get("ruleCollectionType") != "FirewallPolicyFilterRuleCollection":
                continue
            for rule in _items(collection.get("rules")):
                if rule.get("ruleType") == "NetworkRule":
                    network.append(_firewall_rule(collection, rule, "ipProtocols", group, _name(body)))
                elif rule.get("ruleType") == "ApplicationRule":
                    application += 1
    dns = _obj(props.get("dnsSettings"))
    return FirewallPolicy(_own_id(body), _name(body), _id(props.get("basePolicy")), network, application,
                          dns.get("enableProxy") if dns else None)


def ip_group(body: dict) -> IpGroup:
    return IpGroup(_own_id(body), _name(body), _texts(_props(body).get("ipAddresses")))


def activity_event(body: dict) -> Optional[ActivityEvent]:
    """A succeeded activity-log event (EventData JSON), or None for other statuses."""
    body = _obj(body)
    status = _text(_obj(body.get("status")).get("value")) or ""
    operation = _text(_obj(body.get("operationName")).get("value"))
    moment = _time(body.get("eventTimestamp"))
    if status.lower() != "succeeded" or not operation or not _text(body.get("resourceId")) or not moment:
        return None
    return ActivityEvent(operation.lower(), body["resourceId"], moment)


def _route_all(props: dict, config: Optional[dict] = None):
    """(route-all, basis): True when any routing property says all traffic enters the VNet, False when they say
    no, None when none is reported. `config`: the site's /config/web properties, read when the site's own did not
    say (their keys case-insensitively: Resource Graph's appserviceresources rows are PascalCase). The app setting
    WEBSITE_VNET_ROUTE_ALL is in neither."""
    routing = _obj(props.get("outboundVnetRouting"))
    said = [(f"outboundVnetRouting.{k}", routing.get(k)) for k in ("allTraffic", "applicationTraffic")]
    said += [("vnetRouteAllEnabled", props.get("vnetRouteAllEnabled")),
             ("siteConfig.vnetRouteAllEnabled", _obj(props.get("siteConfig")).get("vnetRouteAllEnabled"))]
    if config is not None:
        said.append(("config/web vnetRouteAllEnabled", config_route_all(config)))
    said = [(name, value) for name, value in said if value is not None]
    on = [name for name, value in said if value is True]
    if on:
        return True, f"{on[0]}: true"
    if said:
        return False, ", ".join(f"{name}: false" for name, _ in said)
    return None, "no routing property reported" + (" (neither in the site nor in its /config/web)"
                                                   if config is not None else "")


def config_route_all(config) -> Optional[bool]:
    """`vnetRouteAllEnabled` of a site's /config/web properties, its key read case-insensitively (ARM's GET is
    camelCase, Resource Graph's appserviceresources rows PascalCase); None when no key says it."""
    return next((v for k, v in _obj(config).items() if k.lower() == "vnetrouteallenabled" and v is not None), None)


def route_all_said(body: dict) -> bool:
    """Whether the site's own properties say if all traffic is routed into the VNet."""
    return _route_all(_props(body))[0] is not None


def config_needed(body: dict) -> bool:
    """Whether a site or slot is integrated with a VNet while its own properties leave route-all unsaid: its
    /config/web (ARM) or appserviceresources row (Resource Graph) may say."""
    return bool(_props(body).get("virtualNetworkSubnetId")) and not route_all_said(body)


def app(body: dict, site_id: Optional[str] = None, config: Optional[dict] = None) -> App:
    """A site or slot (Microsoft.Web/sites[/slots]); function apps by `kind` (functionapp, functionapp,linux, ...),
    Logic Apps Standard by a kind holding workflowapp (functionapp,workflowapp, ...). `config`: its /config/web
    properties, when they were read."""
    props, rid = _props(body), _own_id(body)
    site_kind = _text(_obj(body).get("kind")) or ""
    low = site_kind.lower()
    kind = "slot" if site_id else "logicapp" if "workflowapp" in low else "functionapp" if "functionapp" in low \
        else "webapp"
    route_all, basis = _route_all(props, config)
    return App(rid, _name(body), _group(rid), _subscription(rid), kind, site_kind,
               _text(props.get("serverFarmId")), _text(props.get("virtualNetworkSubnetId")), route_all, basis,
               _id(props.get("hostingEnvironmentProfile")), site_id)


def app_plan(body: dict) -> AppPlan:
    sku = _obj(_obj(body).get("sku"))
    return AppPlan(_own_id(body), _name(body), _text(sku.get("name")), _text(sku.get("tier")))


def hosting_environment(body: dict) -> HostingEnvironment:
    return HostingEnvironment(_own_id(body), _name(body), _text(_obj(body).get("kind")),
                              _id(_props(body).get("virtualNetwork")))


def paas_resource(body: dict) -> PaasResource:
    """A /resources list item (id, name, type)."""
    rid = _own_id(body)
    return PaasResource(rid, _name(body), _group(rid), _subscription(rid), _text(_obj(body).get("type")))
