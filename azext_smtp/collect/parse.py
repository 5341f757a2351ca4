"""SDK model -> plain model. One function per resource type, tolerant of the shapes
real ARM sends (missing keys, singular and plural fields, extra read-only fields)."""
from typing import Optional

from ..core.ids import group_of, subscription_of
from ..core.model import (ActivityEvent, Billing, Firewall, FirewallRule, IpConfig, LoadBalancer, Nic, Nsg, Route,
                          RouteTable, SecurityRule, Subnet, Subscription, Usage, Vm, Vnet)


def _id(ref) -> Optional[str]:
    """The id of a sub-resource reference, whatever model or dict carries it."""
    if ref is None:
        return None
    return ref.get("id") if isinstance(ref, dict) else getattr(ref, "id", None)


def _ids(refs):
    return [i for i in (_id(r) for r in refs or []) if i]


def _text(value) -> Optional[str]:
    """SDK enums print as 'SecurityRuleAccess.DENY': keep the wire value ('Deny')."""
    return getattr(value, "value", value)


def _raw_properties(model) -> dict:
    """The raw `properties` of a dict-backed (new-style) SDK model: keeps fields the models lack."""
    try:
        return dict(model["properties"] or {})
    except (KeyError, TypeError):
        return {}


def subscription(model) -> Subscription:
    """Subscription GET (Microsoft.Resources): name, state and the offer's quotaId."""
    policies = model.subscription_policies
    return Subscription(model.subscription_id, model.display_name, _text(model.state),
                        policies.quota_id if policies else None,
                        _text(policies.spending_limit) if policies else None)


def usage(status: int, body: Optional[dict], period: str) -> Optional[Usage]:
    """A usage-detail list answer: its first record's kind and offerId, or the error code; None if it says nothing."""
    body = body if isinstance(body, dict) else {}
    if status >= 400:
        return Usage("error", error_code=(body.get("error") or {}).get("code"), period=period)
    records = body.get("value") or []
    if not records:
        return None
    first = records[0]
    return Usage(first.get("kind") or "legacy", (first.get("properties") or {}).get("offerId"), period=period)


def billing(properties: dict) -> Billing:
    return Billing(properties.get("billingAccountAgreementType"), properties.get("billingAccountType"),
                   properties.get("billingAccountSubType"), properties.get("subscriptionWorkloadType"))


def _power_state(instance_view) -> Optional[str]:
    for status in getattr(instance_view, "statuses", None) or []:
        if (status.code or "").startswith("PowerState/"):
            return status.code.split("/", 1)[1]
    return None


def vm(model, scale_set_id: Optional[str] = None) -> Vm:
    """A VM or scale-set instance (compute SDK model)."""
    profile = model.network_profile
    refs = profile.network_interfaces if profile and profile.network_interfaces else []
    nic_ids = [r.id for r in sorted(refs, key=lambda r: not r.primary)]  # primary first
    flex = getattr(model, "virtual_machine_scale_set", None)
    return Vm(model.id, model.name, group_of(model.id), subscription_of(model.id), nic_ids, scale_set_id or _id(flex),
              getattr(model, "time_created", None),
              _power_state(getattr(model, "instance_view", None)))


def nic(model) -> Nic:
    props = _raw_properties(model)
    configs = [IpConfig(c.name, _id(c.subnet), c.private_ip_address, _id(c.public_ip_address),
                        _ids(c.load_balancer_backend_address_pools), _ids(c.application_security_groups),
                        bool(c.primary))
               for c in model.ip_configurations or []]
    return Nic(model.id, model.name, configs, _id(model.network_security_group), bool(model.primary),
               props.get("allowPort25Out"), props.get("defaultOutboundConnectivityEnabled"))


def _listed(single, plural):
    """Rule fields come as a singular value, a plural list, or both (real NSGs send both)."""
    values = list(plural or [])
    if single and single not in values:
        values.append(single)
    return values


def security_rule(model, default=False) -> SecurityRule:
    return SecurityRule(model.name, int(model.priority or 0), _text(model.direction), _text(model.access),
                        _text(model.protocol),
                        _listed(model.destination_address_prefix, model.destination_address_prefixes),
                        _listed(model.destination_port_range, model.destination_port_ranges),
                        _ids(model.destination_application_security_groups),
                        _listed(model.source_address_prefix, model.source_address_prefixes) or ["*"],
                        _listed(model.source_port_range, model.source_port_ranges) or ["*"],
                        _ids(model.source_application_security_groups), default)


def nsg(model) -> Nsg:
    rules = [security_rule(r) for r in model.security_rules or []]
    rules += [security_rule(r, default=True) for r in model.default_security_rules or []]
    return Nsg(model.id, model.name, rules)


def route_table(model) -> RouteTable:
    routes = [Route(r.name, r.address_prefix, _text(r.next_hop_type), r.next_hop_ip_address)
              for r in model.routes or []]
    return RouteTable(model.id, model.name, routes)


def subnet(model, vnet_id: str) -> Subnet:
    props = _raw_properties(model)
    prefixes = _listed(model.address_prefix, model.address_prefixes)
    delegations = [d.service_name for d in model.delegations or [] if d.service_name]
    return Subnet(model.id, model.name, vnet_id, prefixes, _id(model.network_security_group), _id(model.route_table),
                  _id(model.nat_gateway), props.get("defaultOutboundAccess"), delegations)


def vnet(model) -> Vnet:
    space = model.address_space.address_prefixes if model.address_space else []
    return Vnet(model.id, model.name, group_of(model.id), list(space or []), [s.id for s in model.subnets or []])


def load_balancer(model) -> LoadBalancer:
    pools = [_id(r.backend_address_pool) for r in model.outbound_rules or []]
    for r in model.outbound_rules or []:
        pools += _ids(r.backend_address_pools) if hasattr(r, "backend_address_pools") else []
    return LoadBalancer(model.id, model.name, _text(model.sku.name) if model.sku else None, [p for p in pools if p])


def firewall(model) -> Firewall:
    ips = [c.private_ip_address for c in model.ip_configurations or [] if c.private_ip_address]
    rules = [FirewallRule(c.name, int(c.priority or 0), _text(c.action.type) if c.action else "Deny", r.name,
                          [_text(p) for p in r.protocols or []],
                          list(r.source_addresses or []) + [f"ipgroup:{g}" for g in r.source_ip_groups or []],
                          list(r.destination_addresses or []) + [f"fqdn:{f}" for f in r.destination_fqdns or []]
                          + [f"ipgroup:{g}" for g in r.destination_ip_groups or []],
                          list(r.destination_ports or []))
             for c in model.network_rule_collections or [] for r in c.rules or []]
    return Firewall(model.id, model.name, ips, rules, _id(model.firewall_policy))


def activity_event(model) -> Optional[ActivityEvent]:
    """A succeeded activity-log event (EventData), or None for other statuses."""
    status = _text(model.status) or ""
    operation = _text(model.operation_name)
    if status.lower() != "succeeded" or not operation or not model.resource_id or not model.event_timestamp:
        return None
    return ActivityEvent(operation.lower(), model.resource_id, model.event_timestamp)
