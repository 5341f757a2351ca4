"""Reads one subscription (optionally one resource group) into an Inventory.

Bulk list calls only: the number of ARM requests grows with pages, never with VMs.
A read that fails becomes a Gap (what, why, how to settle it), never a silent default.
"""
from typing import Callable, List, Optional

from . import parse
from .model import Gap, Inventory, Subscription, key

BILLING_API_VERSION = "2024-04-01"


class ScopeNotFound(Exception):
    """The subscription or resource group asked for does not exist (or is invisible to the caller)."""


def _reason(err) -> str:
    code = getattr(getattr(err, "error", None), "code", None) or getattr(err, "reason", None) or type(err).__name__
    return f"{getattr(err, 'status_code', None) or ''} {code}".strip()


def _read(gaps: List[Gap], what: str, command: str, fn: Callable):
    """Run one read; on an HTTP failure record a Gap and return None."""
    from azure.core.exceptions import HttpResponseError
    try:
        return fn()
    except HttpResponseError as err:
        if err.status_code == 404 and "ResourceGroupNotFound" in str(err):
            raise ScopeNotFound(str(err.message if hasattr(err, "message") else err)) from err
        gaps.append(Gap(what, _reason(err), command, err.status_code))
        return None


def _scoped(ops, resource_group: Optional[str]):
    """`list(rg)` when a resource group is given, else the subscription-wide `list_all()`."""
    return (lambda: list(ops.list(resource_group))) if resource_group else (lambda: list(ops.list_all()))


def read_subscription(clients, subscription_id: str) -> Subscription:
    """The subscription's quotaId and billing property; failures are recorded as gaps."""
    sub = Subscription(subscription_id)
    model = _read(sub.gaps, "subscription", f"az account show --subscription {subscription_id}",
                  lambda: clients.subscriptions().subscriptions.get(subscription_id))
    if model is not None:
        sub.display_name, sub.state = model.display_name, str(model.state) if model.state else None
        policies = model.subscription_policies
        sub.quota_id = policies.quota_id if policies else None
    billing_id = f"/subscriptions/{subscription_id}/providers/Microsoft.Billing/billingProperty/default"
    prop = _read(sub.gaps, "billing property",
                 f'az rest --method get --url "{billing_id}?api-version={BILLING_API_VERSION}" '
                 "(needs a billing reader role on the billing account)",
                 lambda: clients.resources(subscription_id).resources.get_by_id(billing_id, BILLING_API_VERSION))
    if prop is not None:
        sub.billing = parse.billing(prop.properties or {})
    return sub


def collect(clients, subscription_id: str, resource_group: Optional[str] = None) -> Inventory:
    """Everything `az smtp` judges for one subscription, in a constant number of list calls."""
    inv = Inventory(read_subscription(clients, subscription_id), resource_group)
    inv.gaps.extend(inv.subscription.gaps)
    scope = f"--subscription {subscription_id}" + (f" -g {resource_group}" if resource_group else "")
    compute = clients.compute(subscription_id)
    network = clients.network(subscription_id)

    vms = _read(inv.gaps, "virtual machines", f"az vm list {scope}", _scoped(compute.virtual_machines, resource_group))
    inv.vms = [parse.vm(v) for v in vms or []]
    nics = _read(inv.gaps, "network interfaces", f"az network nic list {scope}",
                 _scoped(network.network_interfaces, resource_group))
    for n in nics or []:
        inv.nics[key(n.id)] = parse.nic(n)
    vnets = _read(inv.gaps, "virtual networks", f"az network vnet list {scope}",
                  _scoped(network.virtual_networks, resource_group))
    for v in vnets or []:
        inv.vnets[key(v.id)] = parse.vnet(v)
        for s in v.subnets or []:
            inv.subnets[key(s.id)] = parse.subnet(s, v.id)
    return inv
