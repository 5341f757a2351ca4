"""Reads only what named VMs' network paths reference (explain-vm, check --ids) into an Inventory.

`check` lists whole subscriptions; one VM needs about a dozen GETs however big its subscription is: the
subscription, the VM (or scale-set instance), its NICs, the VNets of their subnets (whole: the VNet follow-up
needs every subnet), the NSGs, route tables and load balancers they name, and, when one of those route tables sends
traffic to an IP address (a virtual appliance), the subscription's firewalls (found by that private IP, so one list;
their Firewall Policies as `check` reads them). The same pure judge then gives the verdict `check` gives.
"""
import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Callable, List, Optional
from urllib.parse import quote

from . import api_versions, pager, parse, policies
from .reader import activity, read_subscription
from .reads import LIST_WORKERS, in_parallel, listing, read
from ..core.ids import group_of, name_of, parent_of, subscription_of
from ..core.i18n import message
from ..core.model import Gap, Inventory, Nic, Subscription, Vm, key, label
from ..errors import VmNotFound

INSTANCE_NAME = re.compile(r"(.+)_(\d+)")  # a uniform scale set's instance: {set}_{instanceId}
SCALE_SET_INSTANCE = re.compile(r"(.+/virtualMachineScaleSets/[^/]+)/virtualMachines/[^/]+", re.I)


@dataclass(frozen=True)
class VmRef:
    """One VM or scale-set instance, by resource id or by resource group and name."""
    subscription_id: str
    resource_group: Optional[str] = None
    name: Optional[str] = None
    vm_id: Optional[str] = None

    @classmethod
    def of_id(cls, vm_id: str) -> "VmRef":
        return cls(subscription_of(vm_id), group_of(vm_id), name_of(vm_id), vm_id)

    @property
    def description(self) -> str:
        return self.vm_id or f"{self.name} in resource group {self.resource_group}"

    def urls(self) -> List[str]:
        """Where the VM may be: the id given; else a VM of that name, then a scale-set instance ({set}_{n})."""
        if self.vm_id:
            return [self.vm_id]
        compute = pager.scope_url(self.subscription_id, self.resource_group, "Microsoft.Compute")
        urls = [f"{compute}/virtualMachines/{quote(self.name, safe='')}"]
        instance = INSTANCE_NAME.fullmatch(self.name)
        if instance:
            urls.append(f"{compute}/virtualMachineScaleSets/{quote(instance[1], safe='')}/virtualMachines/"
                        f"{instance[2]}")
        return urls

    def matches(self, vm: Vm) -> bool:
        if self.vm_id:
            return key(vm.id) == key(self.vm_id)
        return key(vm.name) == key(self.name) and key(vm.resource_group) == key(self.resource_group)


def _show(rid: str, api_version: str) -> str:
    return f'az rest --method get --url "{rid}?api-version={api_version}"'


def _well_formed(body: dict) -> dict:
    """A GET's answer carries the resource's id; `200 {}` (or an array, which pager reads as {}) is a malformed
    answer: an HttpResponseError, so it becomes a gap like any failed read."""
    if isinstance(body.get("id"), str) and body["id"].startswith("/subscriptions/"):
        return body
    from azure.core.exceptions import HttpResponseError
    err = HttpResponseError(message="malformed answer (no resource id)")
    err.status_code, err.reason = 200, "malformed answer (no resource id)"
    raise err


def _vm(arm, ref: VmRef, gaps: List[Gap]) -> Vm:
    """The VM or instance with its instance view (power state). A 404 everywhere it may be: VmNotFound; another
    failure leaves a VM without NICs and a gap saying why its path is unknown."""
    from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
    urls = ref.urls()
    for url in urls:
        try:
            body = _well_formed(pager.get(arm, url, api_versions.COMPUTE, {"$expand": "instanceView"}))
        except ResourceNotFoundError:
            continue
        except HttpResponseError as err:
            code = pager.error_code(err) or getattr(err, "reason", None) or type(err).__name__
            gaps.append(Gap("nics", label("nics"), message("read.vm-unread", reason=f"{err.status_code} {code}"),
                            _show(url, api_versions.COMPUTE), err.status_code))
            return Vm(ref.vm_id or url, ref.name, ref.resource_group, ref.subscription_id)
        scale_set = SCALE_SET_INSTANCE.fullmatch(body.get("id") or "")
        return parse.vm(body, scale_set[1] if scale_set else None)
    raise VmNotFound(ref.description)


def _get_all(arm, gaps: List[Gap], read_key: str, ids, api_version=api_versions.NETWORK) -> List[dict]:
    """GET each resource (side by side); failures become gaps keyed like `check`'s lists, so checks cite them."""
    wanted = list(dict.fromkeys(i for i in ids if i))
    reads = [lambda g, rid=rid: read(g, read_key, label(read_key), _show(rid, api_version),
                                     lambda: _well_formed(pager.get(arm, rid, api_version)))
             for rid in wanted]
    found = []
    for body, read_gaps in in_parallel(reads, LIST_WORKERS):
        gaps.extend(read_gaps)
        if body is not None:
            found.append(body)
    return found


def _nsgs(arm, gaps: List[Gap], ids) -> List[dict]:
    """The NSGs `ids` name. Two or more in one resource group (a NIC's and its subnet's, typically) are taken from
    the first page of that group's NSG list, one request instead of one each; those not on it (a later page, a
    refused list) are read by id like a single one, so a failure is the same gap as without the list."""
    wanted = {key(i): i for i in ids if i}
    groups = {}
    for nsg_id in wanted.values():
        groups.setdefault((key(subscription_of(nsg_id)), key(group_of(nsg_id))), []).append(nsg_id)
    urls = [pager.scope_url(subscription_of(m[0]), group_of(m[0]), "Microsoft.Network/networkSecurityGroups")
            for m in groups.values() if len(m) > 1]
    pages = in_parallel([lambda refused, url=url: read(refused, "nsgs", label("nsgs"), "", lambda: pager.get(
        arm, url, api_versions.NETWORK)) or {} for url in urls], LIST_WORKERS)  # a refused list: read by id below
    found = [body for page, _ in pages for body in pager.items(page) if key(body.get("id") or "") in wanted]
    listed = {key(body["id"]) for body in found}
    return found + _get_all(arm, gaps, "nsgs", [i for k, i in wanted.items() if k not in listed])


def _node_pool(arm, scale_set_id: str, gaps: List[Gap]):
    """An instance's scale set as an AKS node pool (its tags; then the subscription's clusters name its cluster), or
    None for a scale set AKS does not manage."""
    found = _get_all(arm, gaps, "scale_sets", [scale_set_id], api_versions.COMPUTE)
    if not found or not parse.pool_name(found[0]):
        return None
    sub_id = subscription_of(scale_set_id)
    clusters = read(gaps, "clusters", label("clusters"), f"az aks list --subscription {sub_id}",
                    listing(arm, pager.scope_url(sub_id, None, "Microsoft.ContainerService/managedClusters"),
                            api_versions.AKS))
    return parse.node_pool(found[0], clusters or [])


def _vm_path(arm, ref: VmRef, gaps: List[Gap]) -> Inventory:
    """The VM, its NICs, their subnets' VNets, then the NSGs, route tables and load balancers they name."""
    vm = _vm(arm, ref, gaps)
    if vm.scale_set_id:
        vm.node_pool = _node_pool(arm, vm.scale_set_id, gaps)
    part = Inventory(Subscription(ref.subscription_id), vms=[vm])
    nic_api = api_versions.VMSS_NIC if vm.scale_set_id else api_versions.NETWORK
    for body in _get_all(arm, gaps, "nics", vm.nic_ids, nic_api):
        part.nics[key(body["id"])] = parse.nic(body)
    configs = [ipc for nic in part.nics.values() for ipc in nic.ip_configs]
    for body in _get_all(arm, gaps, "vnets", [parent_of(c.subnet_id) for c in configs if c.subnet_id]):
        part.vnets[key(body["id"])] = parse.vnet(body)
        part.subnets.update((key(sn.id), sn) for sn in parse.subnets(body))
    used = [part.subnets[key(c.subnet_id)] for c in configs if key(c.subnet_id) in part.subnets]
    nsg_ids = [n.nsg_id for n in part.nics.values()] + [s.nsg_id for s in used]
    for body in _nsgs(arm, gaps, nsg_ids):
        part.nsgs[key(body["id"])] = parse.nsg(body)
    for body in _get_all(arm, gaps, "route_tables", [s.route_table_id for s in used]):
        part.route_tables[key(body["id"])] = parse.route_table(body)
    for body in _get_all(arm, gaps, "load_balancers", [parent_of(p) for c in configs for p in c.backend_pool_ids]):
        part.load_balancers[key(body["id"])] = parse.load_balancer(body)
    return part


def _merge(into: Inventory, part: Inventory):
    """Add one VM's path to the subscription's inventory (a VM named twice, by id and by name, is judged once)."""
    into.vms += [vm for vm in part.vms if key(vm.id) not in {key(v.id) for v in into.vms}]
    for field in fields(Inventory):
        value = getattr(part, field.name)
        if isinstance(value, dict):
            getattr(into, field.name).update(value)


def collect(clients, subscription_id: str, refs: List[VmRef], exempted_at: Optional[datetime] = None) -> Inventory:
    """The subscription's offer evidence, its firewalls and (with --exempted-at) activity log, and each VM's path.

    Raises VmNotFound when a VM is not there; other failed reads are gaps."""
    arm = clients.arm(subscription_id)
    reads: List[Callable] = [lambda gaps: read_subscription(arm, subscription_id, gaps)]
    reads += [lambda gaps, ref=ref: _vm_path(arm, ref, gaps) for ref in refs]
    if exempted_at:
        reads.append(lambda gaps: activity(gaps, arm, subscription_id, None, exempted_at))
    results = in_parallel(reads, LIST_WORKERS)
    inv = Inventory(results[0][0])
    for part, _ in results[1:1 + len(refs)]:
        _merge(inv, part)
    if exempted_at:
        inv.activity = results[-1][0]
    gaps = [g for _, read_gaps in results for g in read_gaps]
    # The judge looks a firewall up only by a route's next-hop IP: without such a route no firewall is on the path.
    if any(route.next_hop_ip for table in inv.route_tables.values() for route in table.routes):
        firewalls = pager.scope_url(subscription_id, None, "Microsoft.Network/azureFirewalls")
        inv.firewalls = {key(fw["id"]): parse.firewall(fw) for fw in read(
            gaps, "firewalls", label("firewalls"), f"az network firewall list --subscription {subscription_id}",
            listing(arm, firewalls, api_versions.NETWORK)) or []}
    inv.gaps = list({(g.what, g.reason, g.command): g for g in gaps}.values())
    policies.read_into(inv, arm, subscription_id)  # as `check` does, when a firewall keeps rules in a policy
    return inv


def add_open_nic(clients, inv: Inventory):
    """Whether any NIC of the subscription reports allowPort25Out=true (an exemption shows there first), for when
    that alone decides the policy: NIC pages are read until the first such NIC, which joins the inventory."""
    sub_id = inv.subscription.id
    arm = clients.arm(sub_id)
    url = pager.scope_url(sub_id, None, "Microsoft.Network/networkInterfaces")

    def first_open() -> Optional[Nic]:
        return next((n for n in map(parse.nic, pager.pages(arm, url, api_versions.NETWORK))
                     if n.allow_port25_out), None)
    nic = read(inv.gaps, "nics", label("nics"), f"az network nic list --subscription {sub_id}", first_open)
    if nic is not None:
        inv.nics.setdefault(key(nic.id), nic)
