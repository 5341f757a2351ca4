"""After an exemption: which VMs picked up the new network policy, which VNets still need the temporary subnet.

Pure functions over the model. Evidence, strongest first: the NIC's allowPort25Out, the VM's
creation time, the activity log (deallocate followed by start, kept 90 days), the power state.
"""
import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import List, Optional

from .i18n import Text, message
from .model import ActivityLog, Inventory, Subnet, Vm, Vnet, key

BLOCK_STARTED = datetime(2017, 11, 15, tzinfo=timezone.utc)  # subscriptions created since are blocked: no exemption
# can be older
TEMP_SUBNET = "azsmtp-temp"  # the temporary subnet complete-exemption adds and removes
TEMP_SUBNET_PREFIXLEN = 29  # the smallest subnet Azure allows


def _op(event, verb):
    return event.operation.endswith(f"/virtualmachines/{verb}/action")


@dataclass
class Refresh:
    status: str  # yes | no | unknown
    reason: str
    evidence: List[str] = field(default_factory=list)
    down: bool = False  # deallocated: it runs nothing until started


def vm_refresh(vm: Vm, exempted_at: Optional[datetime], inv: Inventory) -> Refresh:
    """Has this VM been (re)allocated since the exemption, so that it runs with the new policy?"""
    if vm.power_state == "deallocated":
        return Refresh("yes", message("refresh.deallocated", since=_deallocated_since(vm, exempted_at, inv)),
                       down=True)
    if exempted_at is None:
        return Refresh("unknown", message("refresh.no-date"))
    if vm.time_created and vm.time_created > exempted_at:
        return Refresh("yes", message("refresh.created-after", created=vm.time_created, exempted=exempted_at))
    if inv.activity is None:
        return Refresh("unknown", message("refresh.log-unread", why=inv.unread_reason('activity')))
    return _refresh_from_log(vm, exempted_at, inv.activity)


def _refresh_from_log(vm: Vm, exempted_at: datetime, log: ActivityLog) -> Refresh:
    """A deallocate followed by a start since the exemption; else why the log cannot tell."""
    events = sorted((e for e in log.events if key(e.resource_id) == key(vm.id) and e.timestamp > exempted_at),
                    key=lambda e: e.timestamp)
    deallocated = None
    for event in events:
        if _op(event, "deallocate"):
            deallocated = event.timestamp
        elif _op(event, "start") and deallocated:
            return Refresh("yes", message("refresh.cycled", deallocated=deallocated, started=event.timestamp,
                                          exempted=exempted_at))
    restarts = [e.timestamp for e in events if _op(e, "restart")]
    restarted = message("refresh.restarted", restarts=restarts) if restarts else ""
    if vm.power_state == "stopped":
        return Refresh("no", message("refresh.stopped", restarted=restarted))
    if exempted_at < log.since:
        return Refresh("unknown", message("refresh.too-old", exempted=exempted_at, since=log.since,
                                          restarted=restarted))
    if vm.time_created is None:
        return Refresh("unknown", message("refresh.no-creation-time", restarted=restarted))
    return Refresh("no", message("refresh.created-before", created=vm.time_created, exempted=exempted_at,
                                 restarted=restarted))


def _deallocated_since(vm: Vm, exempted_at: Optional[datetime], inv: Inventory) -> List[Text]:
    """When the activity log shows the VM deallocated after the exemption and not started since (a
    complete-exemption run whose start failed looks so), say when."""
    if exempted_at is None or inv.activity is None:
        return []
    mine = sorted((e for e in inv.activity.events if key(e.resource_id) == key(vm.id) and e.timestamp > exempted_at),
                  key=lambda e: e.timestamp)
    if mine and _op(mine[-1], "deallocate"):
        return [message("refresh.deallocated-since", deallocated=mine[-1].timestamp)]
    return []


# --- VNets with delegated subnets -----------------------------------------------------
@dataclass
class VnetFollowUp:
    vnet: Vnet
    delegated: List[Subnet]
    needed: bool
    reason: str
    temp_prefix: Optional[str] = None
    leftover: bool = False  # the temporary subnet is still there (a run added it and could not remove it)


def free_prefix(address_space: List[str], used: List[str], prefixlen: int = TEMP_SUBNET_PREFIXLEN) -> Optional[str]:
    """The first /prefixlen block of the address space that no subnet uses, or None."""
    used_nets = [n for n in (ipaddress.ip_network(u, strict=False) for u in used) if n.version == 4]
    for space in address_space:
        free = [ipaddress.ip_network(space, strict=False)]
        if free[0].version != 4:
            continue
        for net in used_nets:
            free = [piece for block in free
                    for piece in ([block] if not block.overlaps(net) else
                                  ([] if block.subnet_of(net) else block.address_exclude(net)))]
        fitting = sorted((b for b in free if b.prefixlen <= prefixlen), key=lambda b: b.network_address)
        if fitting:
            return str(next(fitting[0].subnets(new_prefix=prefixlen)))
    return None


def vnet_followup(vnet: Vnet, inv: Inventory, exempted_at: Optional[datetime]) -> Optional[VnetFollowUp]:
    """For a VNet with delegated subnets: is the add-and-remove of a temporary subnet still to do?"""
    subnets = [inv.subnets[key(s)] for s in vnet.subnet_ids if key(s) in inv.subnets]
    delegated = [s for s in subnets if s.delegations]
    if not delegated:
        return None
    if any((s.name or "").lower() == TEMP_SUBNET for s in subnets):
        return VnetFollowUp(vnet, delegated, True, message("vnet.leftover", subnet=TEMP_SUBNET), leftover=True)
    prefix = free_prefix(vnet.address_space, [p for s in subnets for p in s.prefixes])
    no_room = "" if prefix else message("vnet.no-room", length=TEMP_SUBNET_PREFIXLEN, space=vnet.address_space)
    names = [f"{s.name} ({', '.join(s.delegations)})" for s in delegated]
    if exempted_at is None or inv.activity is None:
        return VnetFollowUp(vnet, delegated, True, message("vnet.unverifiable", names=names, no_room=no_room), prefix)
    prefix_id = key(vnet.id) + "/subnets/"
    done = [e for e in inv.activity.events if key(e.resource_id).startswith(prefix_id) and e.timestamp > exempted_at]
    added = [e.timestamp for e in done if e.operation.endswith("/subnets/write")]
    removed = [e.timestamp for e in done if e.operation.endswith("/subnets/delete")]
    if added and removed and max(removed) > min(added):
        return VnetFollowUp(vnet, delegated, False, message("vnet.done", added=min(added), removed=max(removed),
                                                            exempted=exempted_at))
    unverifiable = message("vnet.too-old") if exempted_at < inv.activity.since else ""
    return VnetFollowUp(vnet, delegated, True, message("vnet.not-done", names=names, exempted=exempted_at,
                                                       unverifiable=unverifiable, no_room=no_room), prefix)
