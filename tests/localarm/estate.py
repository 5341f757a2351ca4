"""In-memory ARM state of a sample estate, addressed by resource id like the real ARM.

An estate file is JSON holding real ARM response bodies (subscriptions, billing
properties, usage details, resources, activity-log events) plus test-only knobs (page size, faults,
exemption times). Times written as `now`, `now-3d` or `now-5h` are resolved when the
estate is loaded, so static estate files do not age.
"""
import copy
import functools
import fnmatch
import ipaddress
import json
import os
import re
import uuid
from datetime import datetime, timedelta, timezone

from .shapes import site_as_of, subnet_body

ESTATE_DIR = os.path.join(os.path.dirname(__file__), "estates")

# Child collections that ARM returns embedded in their parent's body.
EMBEDDED = {"subnets": "subnets"}

FULL_ACCESS = {"actions": ["*"], "notActions": [], "dataActions": [], "notDataActions": []}
PROBE_MARK = re.compile(r"# smtp-probe target=(\S+) ports=([\d,]+)")
RELATIVE_TIME = re.compile(r"now(?:-(\d+)([dh]))?")
RETENTION = timedelta(days=90)  # the activity log keeps 90 days of events
# VM power state after each power action (keys are the lower-cased URL action).
POWER_ACTIONS = {"deallocate": ("deallocate", "deallocated"), "start": ("start", "running"),
                 "restart": ("restart", "running"), "poweroff": ("powerOff", "stopped")}
VERBS = {"deallocate": "Deallocate", "start": "Start", "restart": "Restart", "powerOff": "Power Off",
         "runCommand": "Run Command", "write": "Create or Update", "delete": "Delete"}
NOUNS = {"Microsoft.Compute/virtualMachines": "Virtual Machine",
         "Microsoft.Compute/virtualMachineScaleSets/virtualMachines": "Virtual Machine Scale Set VM",
         "Microsoft.Network/virtualNetworks/subnets": "Subnet"}


def iso(moment):
    """UTC ISO 8601 with ARM's seven fractional digits."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")


def parse_time(text):
    """An aware UTC datetime from ISO 8601 (`Z`, offsets, 7 digits or a bare date)."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def resolve_time(value, now):
    """`now-<N>d` / `now-<N>h` / `now` as an ISO timestamp; anything else unchanged."""
    m = RELATIVE_TIME.fullmatch(value) if isinstance(value, str) else None
    if not m:
        return value
    amount = int(m.group(1) or 0)
    return iso(now - (timedelta(days=amount) if m.group(2) == "d" else timedelta(hours=amount)))


def subnet_prefix(props):
    """A subnet's prefix, whether given as `addressPrefix` or as the first of `addressPrefixes`."""
    return props.get("addressPrefix") or (props.get("addressPrefixes") or [None])[0]


def ticks(moment):
    """.NET ticks (100 ns since 0001-01-01), as in activity-log event ids."""
    return (moment - datetime(1, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1) * 10


def activity_event(tenant_id, resource_id, operation, status_code, caller, now):
    """An `EventData` as the activity log reports the end of a successful write."""
    sub, rg, rtype, _, _ = parse_id(resource_id)
    namespace = rtype.split("/")[0]
    verb = operation.rsplit("/", 2)[-2] if operation.endswith("/action") else operation.rsplit("/", 1)[-1]
    event_id, stamp = str(uuid.uuid4()), iso(now)
    phrase = {200: "OK", 201: "Created", 202: "Accepted", 204: "NoContent"}[status_code]
    return {"authorization": {"action": operation, "scope": resource_id}, "caller": caller,
            "channels": "Operation", "correlationId": str(uuid.uuid4()), "description": "",
            "eventDataId": event_id, "eventName": {"value": "EndRequest", "localizedValue": "End request"},
            "category": {"value": "Administrative", "localizedValue": "Administrative"},
            "eventTimestamp": stamp, "id": f"{resource_id}/events/{event_id}/ticks/{ticks(now)}",
            "level": "Informational", "operationId": str(uuid.uuid4()),
            "operationName": {"value": operation, "localizedValue": f"{VERBS[verb]} {NOUNS.get(rtype, rtype)}"},
            "resourceGroupName": rg, "resourceProviderName": {"value": namespace, "localizedValue": namespace},
            "resourceType": {"value": rtype, "localizedValue": rtype}, "resourceId": resource_id,
            "status": {"value": "Succeeded", "localizedValue": "Succeeded"},
            "subStatus": {"value": phrase, "localizedValue": f"{phrase} (HTTP Status Code: {status_code})"},
            "submissionTimestamp": stamp, "subscriptionId": sub, "tenantId": tenant_id,
            "properties": {"statusCode": phrase}}


def load_estate(name_or_path):
    """Load an estate by name (file in estates/) or path."""
    path = name_or_path if os.path.sep in name_or_path else os.path.join(ESTATE_DIR, name_or_path + ".json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@functools.lru_cache(maxsize=None)
def parse_id(resource_id):
    """Split an ARM id into (subscription, resource group, full type, parent id, name).

    Memoized: every list request scans the estate's ids, 20,000 of them in the largest benchmark."""
    parts = resource_id.strip("/").split("/")
    low = [p.lower() for p in parts]
    sub = parts[1] if len(parts) > 1 and low[0] == "subscriptions" else None
    rg = parts[3] if len(parts) > 3 and low[2] == "resourcegroups" else None
    if "providers" not in low:
        return sub, rg, None, None, parts[-1]
    i = len(low) - 1 - low[::-1].index("providers")
    ns, rest = parts[i + 1], parts[i + 2:]
    types = rest[0::2]
    full_type = "/".join([ns] + types)
    parent = "/" + "/".join(parts[:-2]) if len(rest) > 2 else None
    return sub, rg, full_type, parent, rest[-1] if rest else None


class Estate:
    """Resources by lower-cased id, with the lookups a loopback ARM needs."""

    def __init__(self, data, now=None):
        self.data = copy.deepcopy(data)
        self._resolve_times(now or datetime.now(timezone.utc))
        self.page_size = int(self.data.get("pageSize", 100))
        self.tenant_id = self.data.get("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47")
        self.subscriptions = {s["subscriptionId"].lower(): s for s in self.data.get("subscriptions", [])}
        self.billing = {k.lower(): v for k, v in self.data.get("billingProperties", {}).items()}
        self.usage = {k.lower(): v for k, v in self.data.get("usageDetails", {}).items()}
        self.resources = {}
        self.by_type = {}  # (subscription, type) -> {id: body}: a list request reads its own type, not the estate
        self.by_subscription = {}  # subscription -> {id: body}, in the estate's order: the group and generic lists
        self.listed = {}  # (subscription, group, type) -> the list's items: every page of a list takes its slice
        for res in self.data.get("resources", []):
            self.put(res)
        self.groups = {g.lower() for g in self.data.get("resourceGroups", [])}
        self.groups |= {f"/subscriptions/{parse_id(r)[0]}/resourcegroups/{parse_id(r)[1]}".lower()
                        for r in self.resources if parse_id(r)[1]}
        self.activity = self.data.setdefault("activityLog", [])
        self.exemptions = {k.lower(): parse_time(v) for k, v in self.data.get("exemptions", {}).items()}
        # ARM's createdTime of a resource (served by /resources with $expand=createdTime), by lower-cased id
        self.created = {k.lower(): v for k, v in self.data.get("createdTimes", {}).items()}
        self.faults = [dict(f) for f in self.data.get("faults", [])]
        self.token_lifetime = int(self.data.get("tokenLifetime", 3600))  # seconds the identity's tokens live
        # subscription -> the resource groups the caller has Reader on, when not the whole subscription
        self.reader_groups = {k.lower(): {g.lower() for g in v} for k, v in self.data.get("readerGroups", {}).items()}
        # What the caller may do (Microsoft.Authorization/permissions entries); default: everything, as Owner.
        self.permissions = self.data.get("permissions", [FULL_ACCESS])
        # What TCP connections from inside a VM meet, by lower-cased VM id and port (see run_command).
        self.probes = {k.lower(): v for k, v in self.data.get("probes", {}).items()}

    def _resolve_times(self, now):
        """Relative times in the places estates use them: events, VM creation, exemptions."""
        for event in self.data.get("activityLog", []):
            for key in ("eventTimestamp", "submissionTimestamp"):
                if key in event:
                    event[key] = resolve_time(event[key], now)
        for res in self.data.get("resources", []):
            props = res.get("properties", {})
            if res.get("type") == "Microsoft.Compute/virtualMachines" and "timeCreated" in props:
                props["timeCreated"] = resolve_time(props["timeCreated"], now)
        exemptions = self.data.get("exemptions", {})
        for sub in exemptions:
            exemptions[sub] = resolve_time(exemptions[sub], now)

    def put(self, res):
        key = res["id"].lower()
        self.resources[key] = res
        sub, _, rtype, _, _ = parse_id(key)
        self.by_type.setdefault((sub, rtype), {})[key] = res
        self.by_subscription.setdefault(sub, {})[key] = res
        self.listed = {}  # a new dict: a list worked out before this write lands in the old one, never read again

    def get(self, resource_id):
        """The body at `resource_id`, looking inside parents for embedded children."""
        key = resource_id.rstrip("/").lower()
        if key in self.resources:
            return self.resources[key]
        parent, child = self.embedded_parent(key)
        if parent is not None:
            for item in parent.get("properties", {}).get(child, []):
                if item["id"].lower() == key:
                    return item
        return None

    def embedded_parent(self, key):
        """(parent body, collection name) when `key` addresses an embedded child."""
        parts = key.split("/")
        if len(parts) >= 3 and parts[-2] in EMBEDDED:
            parent = self.resources.get("/".join(parts[:-2]))
            if parent is not None:
                return parent, EMBEDDED[parts[-2]]
        return None, None

    def group_exists(self, sub, rg):
        return f"/subscriptions/{sub}/resourcegroups/{rg}".lower() in self.groups

    def group_list(self, sub):
        """The subscription's resource groups as `GET /subscriptions/{id}/resourcegroups` lists them, only those
        the caller may read (ARM filters the list by the caller's role assignments)."""
        names = {}
        held = [r["id"] for r in self.by_subscription.get(sub, {}).values()]
        for ref in list(self.data.get("resourceGroups", [])) + held:
            rsub, rg = parse_id(ref)[:2]
            if rg and rsub.lower() == sub and rg.lower() in self.reader_groups.get(sub, {rg.lower()}):
                names.setdefault(rg.lower(), rg)
        return [{"id": f"/subscriptions/{sub}/resourceGroups/{name}", "name": name, "type":
                 "Microsoft.Resources/resourceGroups", "location": "westeurope",
                 "properties": {"provisioningState": "Succeeded"}} for _, name in sorted(names.items())]

    def list_collection(self, path):
        """Items of a collection URL, or None when the URL is not a collection ARM knows."""
        key = path.rstrip("/").lower()
        m = re.fullmatch(r"/subscriptions/([^/]+)(?:/resourcegroups/([^/]+))?/providers/([^/]+/[^/]+)", key)
        if m:
            scope, listed = m.groups(), self.listed
            if scope not in listed:
                sub, rg, rtype = scope
                listed[scope] = [r for k, r in self.by_type.get((sub, rtype), {}).items()
                                 if self._in_scope(k, sub, rg, rtype)]
            return list(listed[scope])
        parent_key, _, child = key.rpartition("/")
        parent = self.resources.get(parent_key)
        if parent is None:
            return None
        if child in EMBEDDED:
            return list(parent.get("properties", {}).get(EMBEDDED[child], []))
        # Nested collections, e.g. scale-set instances and scale-set NICs
        # (whose ids sit under .../virtualMachines/{i}/networkInterfaces/{nic}).
        prefix = parent_key + "/"
        return [r for k, r in self.resources.items() if k.startswith(prefix) and k.split("/")[-2] == child]

    # --- writes (the effects ARM applies, and the activity log they leave) --------
    def record(self, resource_id, operation, status_code, caller, now=None):
        """Log a successful write: the activity-log API and the exemption check read it back."""
        event = activity_event(self.tenant_id, resource_id, operation, status_code, caller,
                               now or datetime.now(timezone.utc))
        self.activity.append(event)
        return event

    def events(self, sub, start, end, now=None):
        """A subscription's events in [start, end], newest first, never older than the retention."""
        start = max(start, (now or datetime.now(timezone.utc)) - RETENTION)
        found = [e for e in self.activity if (e.get("subscriptionId") or "").lower() == sub.lower()
                 and start <= parse_time(e["eventTimestamp"]) <= end]
        return sorted(found, key=lambda e: parse_time(e["eventTimestamp"]), reverse=True)

    def power(self, vm, action):
        """Apply a power action at once; a start after a deallocate picks up a newer port-25 exemption."""
        vm["_power"] = POWER_ACTIONS[action][1]
        if action == "start" and self._redeployed_since_exemption(vm["id"]):
            for nic in self.nics(vm):
                if "allowPort25Out" in nic["properties"]:
                    nic["properties"]["allowPort25Out"] = True

    def _redeployed_since_exemption(self, vm_id):
        """The platform re-reads the exemption only when a VM is deallocated after it was granted."""
        granted = self.exemptions.get(parse_id(vm_id)[0].lower())
        deallocated = [parse_time(e["eventTimestamp"]) for e in self.activity
                       if (e.get("resourceId") or "").lower() == vm_id.lower()
                       and e.get("operationName", {}).get("value", "").endswith("/deallocate/action")]
        return granted is not None and bool(deallocated) and max(deallocated) > granted

    def allows(self, action):
        """Whether the caller's permissions grant `action` (one role's notActions take back only its own actions)."""
        def match(patterns):
            return any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in patterns or [])
        return any(match(p.get("actions")) and not match(p.get("notActions")) for p in self.permissions)

    def probe_result(self, vm, port):
        """What a TCP connection from `vm` to `port` meets: the estate's `probes` entry, else for port 25 the
        platform's own block (any NIC with allowPort25Out false drops it), else connected."""
        said = self.probes.get(vm["id"].lower(), {}).get(str(port))
        if said:
            return said
        blocked = port == 25 and any(n["properties"].get("allowPort25Out") is False for n in self.nics(vm))
        return "timed-out" if blocked else "connected"

    def run_command(self, vm, command_id, script):
        """RunCommandResult of `az smtp probe`'s script on `vm`: one `smtp-probe PORT RESULT DETAIL` line per port
        the script's header names, in the status shape of the VM's OS (Windows: StdOut and StdErr entries, as in
        VirtualMachineRunCommand.json; Linux: one 'Enable succeeded' message with both)."""
        header = next((m for m in map(PROBE_MARK.fullmatch, script) if m), None)
        host, ports = (header.group(1), header.group(2).split(",")) if header else ("", [])
        details = {"connected": f"220 {host} ESMTP ready", "timed-out": "no answer within 15 s",
                   "refused": "Connection refused"}
        out = "\n".join(f"smtp-probe {p} {r} {details.get(r, '')}"
                        for p, r in ((p, self.probe_result(vm, int(p))) for p in ports))

        def status(code, message):
            return {"code": code, "level": "Info", "displayStatus": "Provisioning succeeded", "message": message}
        if command_id == "RunPowerShellScript":
            return {"value": [status("ComponentStatus/StdOut/succeeded", out),
                              status("ComponentStatus/StdErr/succeeded", "")]}
        return {"value": [status("ProvisioningState/succeeded", f"Enable succeeded: \n[stdout]\n{out}\n\n[stderr]\n")]}

    def nics(self, vm):
        """A VM's NICs: those its network profile names and, for scale-set instances, those nested under it."""
        named = [self.get(n["id"]) for n in vm["properties"].get("networkProfile", {}).get("networkInterfaces", [])]
        nested = self.list_collection(vm["id"] + "/networkInterfaces") or []
        return list({n["id"].lower(): n for n in named + nested if n}.values())

    def subnet_users(self, subnet_id):
        """Ids of the IP configurations (NICs, firewalls, ...) placed in a subnet."""
        key = subnet_id.lower()
        return [ipc["id"] for r in self.resources.values() for ipc in r.get("properties", {}).get("ipConfigurations", [])
                if ipc.get("properties", {}).get("subnet", {}).get("id", "").lower() == key]

    def subnet_conflict(self, vnet, name, prefix):
        """(code, message) of the 400 the network RP returns for this subnet prefix, or None when it fits."""
        vname, subnet_id = vnet["name"], f"{vnet['id']}/subnets/{name}"
        try:
            net = ipaddress.ip_network(prefix)
        except (TypeError, ValueError):
            return "NetcfgInvalidSubnet", f"Subnet '{name}' is not valid in virtual network '{vname}'."
        space = [ipaddress.ip_network(p) for p in vnet["properties"]["addressSpace"]["addressPrefixes"]]
        if not any(net.version == s.version and net.subnet_of(s) for s in space):
            return "NetcfgSubnetRangeOutsideVnet", (f"Subnet '{name}' is not valid because its IP address range is "
                                                    f"outside the IP address range of virtual network '{vname}'.")
        for other in vnet["properties"].get("subnets", []):
            other_net = ipaddress.ip_network(subnet_prefix(other["properties"]))
            if other["id"].lower() == subnet_id.lower():
                if other_net != net and self.subnet_users(subnet_id):
                    return "InUseSubnetCannotBeUpdated", (f"Subnet {name} is in use and cannot be updated: "
                                                          "its address prefix has IP configurations in it.")
            elif net.version == other_net.version and net.overlaps(other_net):
                return "NetcfgSubnetRangesOverlap", (f"Subnet '{name}' is not valid because its IP address range "
                                                     f"overlaps with that of an existing subnet '{other['name']}' "
                                                     f"in virtual network '{vname}'.")
        return None

    def put_subnet(self, vnet, name, props):
        """Create or replace a subnet inside its VNet; it reads 'Updating' until its operation completes."""
        subnets = vnet["properties"].setdefault("subnets", [])
        old = self.get(f"{vnet['id']}/subnets/{name}")
        body = subnet_body(vnet["id"], old["name"] if old else name, subnet_prefix(props))
        body["properties"].update(props, provisioningState="Updating")
        if old:
            subnets[subnets.index(old)] = body
        else:
            subnets.append(body)
        return body, old is None

    @staticmethod
    def delete_subnet(vnet, subnet):
        vnet["properties"]["subnets"].remove(subnet)

    @staticmethod
    def render(body, query):
        """The body as ARM sends it: test-only keys (`_power`) dropped, instance view added when asked for, a
        site's routing properties as of the api-version (shapes.site_as_of)."""
        out = site_as_of({k: v for k, v in body.items() if not k.startswith("_")}, query.get("api-version", [""])[0])
        expand = query.get("$expand", [""])[0].lower() == "instanceview" or query.get("statusOnly", [""])[0] == "true"
        if "_power" in body and expand:
            statuses = [{"code": "ProvisioningState/succeeded", "level": "Info", "displayStatus": "Provisioning succeeded",
                         "time": body.get("_provisionedAt", body["properties"].get("timeCreated"))},
                        {"code": f"PowerState/{body['_power']}", "level": "Info",
                         "displayStatus": "VM " + body["_power"]}]
            out["properties"] = dict(out["properties"], instanceView={"statuses": statuses})
        return out

    @staticmethod
    def _in_scope(key, sub, rg, rtype):
        rsub, rrg, rfull, _, _ = parse_id(key)
        return (rsub == sub and rfull == rtype and (rg is None or rrg == rg))
