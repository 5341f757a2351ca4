"""In-memory ARM state of a sample estate, addressed by resource id like the real ARM.

An estate file is JSON holding real ARM response bodies (subscriptions, billing
properties, resources, activity-log events) plus test-only knobs (page size, faults).
"""
import copy
import json
import os
import re

ESTATE_DIR = os.path.join(os.path.dirname(__file__), "estates")

# Child collections that ARM returns embedded in their parent's body.
EMBEDDED = {"subnets": "subnets"}


def load_estate(name_or_path):
    """Load an estate by name (file in estates/) or path, merging its `include`s."""
    path = name_or_path if os.path.sep in name_or_path else os.path.join(ESTATE_DIR, name_or_path + ".json")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for inc in data.pop("include", []):
        merge_estates(data, load_estate(inc))
    return data


def merge_estates(target, extra):
    """Add `extra`'s lists and maps into `target` (used by includes and generators)."""
    for key in ("subscriptions", "resources", "resourceGroups", "activityLog", "faults"):
        target.setdefault(key, []).extend(extra.get(key, []))
    target.setdefault("billingProperties", {}).update(extra.get("billingProperties", {}))
    for key, value in extra.items():
        target.setdefault(key, value)
    return target


def parse_id(resource_id):
    """Split an ARM id into (subscription, resource group, full type, parent id, name)."""
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

    def __init__(self, data):
        self.data = copy.deepcopy(data)
        self.page_size = int(self.data.get("pageSize", 100))
        self.tenant_id = self.data.get("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47")
        self.subscriptions = {s["subscriptionId"].lower(): s for s in self.data.get("subscriptions", [])}
        self.billing = {k.lower(): v for k, v in self.data.get("billingProperties", {}).items()}
        self.resources = {}
        for res in self.data.get("resources", []):
            self.put(res)
        self.groups = {g.lower() for g in self.data.get("resourceGroups", [])}
        self.groups |= {f"/subscriptions/{parse_id(r)[0]}/resourcegroups/{parse_id(r)[1]}".lower()
                        for r in self.resources if parse_id(r)[1]}
        self.activity = self.data.get("activityLog", [])
        self.faults = [dict(f) for f in self.data.get("faults", [])]

    def put(self, res):
        self.resources[res["id"].lower()] = res

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

    def list_collection(self, path):
        """Items of a collection URL, or None when the URL is not a collection ARM knows."""
        key = path.rstrip("/").lower()
        m = re.fullmatch(r"/subscriptions/([^/]+)(?:/resourcegroups/([^/]+))?/providers/([^/]+/[^/]+)", key)
        if m:
            sub, rg, rtype = m.groups()
            return [r for k, r in self.resources.items() if self._in_scope(k, sub, rg, rtype)]
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

    @staticmethod
    def render(body, query):
        """The body as ARM sends it: test-only keys (`_power`) dropped, instance view added when asked for."""
        out = {k: v for k, v in body.items() if not k.startswith("_")}
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
