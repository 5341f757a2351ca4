"""Azure Resource Graph on the loopback ARM: `POST /providers/Microsoft.ResourceGraph/resources`.

Shapes from azure-rest-api-specs, specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/
2021-03-01/examples/ResourcesBasicQuery.json and ResourcesMgBasicQuery.json (request `subscriptions` or
`managementGroups`, `query`, `options`; answer `totalRecords`, `count`, `resultTruncated`, `facets`, `data` as an
object array, `$skipToken` while more rows follow). Rows are the estate's ARM bodies (`kind` and `sku` too) with
Graph's lower-cased `type` and `resourceGroup` columns and `subscriptionId`; a VM's power state sits in
`properties.extended.instanceView.powerState`, as Graph keeps it. The instances of uniform scale sets and their NICs
are rows of the `ComputeResources` table, not of `Resources` (learn.microsoft.com/azure/governance/resource-graph/
reference/supported-tables-resources, "computeresources"; its sample query "Virtual Machine Scale Set Uniform
orchestration" reads an instance's `properties.extended.instanceView.powerState.code` there, as for VMs). The sites' and
slots' web configuration (/config/web) are rows of `AppServiceResources` (app_service_row). Per-user quota: QUOTA queries per WINDOW
seconds (a fixed window from the first query), told in `x-ms-user-quota-remaining` / `x-ms-user-quota-resets-after`; past it a 429 with Retry-After.

Only the query forms `az smtp` sends are understood (a table, `where` over `type`/`resourceGroup` with `=~`,
`in~`, `and`, `or`, parentheses, then `project`); anything else is Graph's 400 InvalidQuery.
"""
import base64
import json
import math
import re
import threading
import time

from .estate import parse_id

QUOTA, WINDOW = 15, 5.0
# Types in the ComputeResources table (the rest of an estate's resources are in Resources).
COMPUTE_TYPES = {"microsoft.compute/virtualmachinescalesets/virtualmachines",
                 "microsoft.compute/virtualmachinescalesets/virtualmachines/networkinterfaces"}
# Types in the AppServiceResources table: the sites' and slots' web configuration (their ARM /config/web bodies).
APP_SERVICE_TYPES = {"microsoft.web/sites/config", "microsoft.web/sites/slots/config"}
TABLES = ("Resources", "ComputeResources", "AppServiceResources", "ResourceContainers")
# The table holding each type (Resources: any other)
TABLE_OF = {**{t: "ComputeResources" for t in COMPUTE_TYPES}, **{t: "AppServiceResources" for t in APP_SERVICE_TYPES}}
MAX_TOP = 1000
TOKEN = re.compile(r"\s*('(?:[^'\\]|\\.)*'|\(|\)|,|=~|in~|\|\w+|[A-Za-z_][\w.]*)")


class InvalidQuery(ValueError):
    """What Graph answers 400 for."""


def _tokens(text):
    pos, out = 0, []
    while pos < len(text.rstrip()):
        m = TOKEN.match(text, pos)
        if not m:
            raise InvalidQuery(f"Query is invalid near '{text[pos:pos + 20]}'.")
        out.append(m.group(1))
        pos = m.end()
    return out


def _string(token):
    if not token.startswith("'"):
        raise InvalidQuery(f"Expected a string literal, got '{token}'.")
    return re.sub(r"\\(.)", r"\1", token[1:-1]).lower()


class _Where:
    """`where` conditions as predicates over a row (recursive descent: or > and > term)."""

    def __init__(self, tokens):
        self.tokens, self.pos = tokens, 0

    def _next(self):
        token = self.tokens[self.pos] if self.pos < len(self.tokens) else None
        self.pos += 1
        return token

    def parse(self):
        predicate = self._or()
        if self.pos != len(self.tokens):
            raise InvalidQuery(f"Unexpected '{self.tokens[self.pos]}' in where.")
        return predicate

    def _or(self):
        parts = [self._and()]
        while self.pos < len(self.tokens) and self.tokens[self.pos] == "or":
            self.pos += 1
            parts.append(self._and())
        return lambda row: any(p(row) for p in parts)

    def _and(self):
        parts = [self._term()]
        while self.pos < len(self.tokens) and self.tokens[self.pos] == "and":
            self.pos += 1
            parts.append(self._term())
        return lambda row: all(p(row) for p in parts)

    def _term(self):
        token = self._next()
        if token == "(":
            inner = self._or()
            if self._next() != ")":
                raise InvalidQuery("Missing ')'.")
            return inner
        column, op = token, self._next()
        if op == "=~":
            value = _string(self._next())
            return lambda row: str(row.get(column) or "").lower() == value
        if op == "in~" and self._next() == "(":
            values = set()
            while True:
                values.add(_string(self._next()))
                sep = self._next()
                if sep == ")":
                    return lambda row: str(row.get(column) or "").lower() in values
                if sep != ",":
                    raise InvalidQuery("Expected ',' or ')' in in~ list.")
        raise InvalidQuery(f"Unsupported operator '{op}'.")


def compile_query(text):
    """(table, predicate, projected columns) of a query of the forms above."""
    stages = [s.strip() for s in text.split("|")]
    table, where, columns = stages[0], (lambda row: True), None
    if table not in TABLES:
        raise InvalidQuery(f"Table '{table}' is not supported here.")
    for stage in stages[1:]:
        word, _, rest = stage.partition(" ")
        if word == "where":
            where = _Where(_tokens(rest)).parse()
        elif word == "project":
            columns = [c.strip() for c in rest.split(",")]
        else:
            raise InvalidQuery(f"Operator '{word}' is not supported here.")
    return table, where, columns


def resource_row(body):
    """A `Resources` row built from an ARM body."""
    sub, rg, rtype, _, _ = parse_id(body["id"])
    props = body.get("properties") or {}
    if "_power" in body:
        props = dict(props, extended={"instanceView": {"powerState": {
            "code": f"PowerState/{body['_power']}", "displayStatus": f"VM {body['_power']}", "level": "Info"}}})
    return {"id": body["id"], "name": body.get("name"), "type": rtype.lower(), "kind": body.get("kind"),
            "location": body.get("location"),
            "resourceGroup": (rg or "").lower(), "subscriptionId": sub, "properties": props,
            "sku": body.get("sku"), "zones": body.get("zones"), "tags": body.get("tags") or {}}


def app_service_row(body):
    """An `AppServiceResources` row built from a site's or slot's ARM /config/web body: type
    `microsoft.web/sites/config` (or `.../slots/config`), `name` the site's (Microsoft's sample queries join these
    rows to the sites' `Resources` rows `on name, subscriptionId`), the properties with PascalCase keys (the samples
    read `properties.MinTlsVersion`, `properties.IpSecurityRestrictions`). A slot's row is named `site/slot`
    (assumed: no sample shows one)."""
    row = resource_row(body)
    site = body["id"].split("/")[8]
    slot = parse_id(body["id"])[3].rsplit("/", 1)[1] if "/slots/" in body["id"].lower() else None
    props = {k[:1].upper() + k[1:]: v for k, v in (body.get("properties") or {}).items()}
    return dict(row, name=f"{site}/{slot}" if slot else site, properties=props)


def subscription_row(body):
    """A `ResourceContainers` row of a subscription."""
    return {"id": f"/subscriptions/{body['subscriptionId']}", "name": body.get("displayName"),
            "type": "microsoft.resources/subscriptions", "subscriptionId": body["subscriptionId"],
            "resourceGroup": "", "location": "", "tags": body.get("tags") or {},
            "properties": {"state": body.get("state"), "subscriptionPolicies": body.get("subscriptionPolicies")}}


class LocalGraph:
    """Queries over the estate the LocalArm serves, with a per-user quota."""

    def __init__(self, arm):
        self.arm = arm
        self.lock = threading.Lock()
        self.times = []  # when the queries of the current quota window came (the first opened it)
        self.cache = {}  # evaluated rows by (query, scope): pages of one query see the same rows
        self.throttled = 0  # 429s answered for the quota (tests: a client that paces itself draws none)

    def reset(self):
        with self.lock:
            self.times.clear()
            self.cache.clear()
            self.throttled = 0

    def stale(self):
        with self.lock:
            self.cache.clear()

    def _admit(self):
        """(True, headers) inside the quota, else (False, Retry-After headers). A fixed window opened by the first
        query after the last one ran out; `resets-after` says when it does."""
        now = time.monotonic()
        limits = self.arm.estate.data.get("graphQuota") or {}  # estate knob: smaller quotas for tests
        quota, window = limits.get("queries", QUOTA), limits.get("window", WINDOW)
        with self.lock:
            if not self.times or now - self.times[0] >= window:
                self.times = []
            resets = math.ceil(window - (now - self.times[0])) if self.times else math.ceil(window)
            if len(self.times) >= quota:
                self.throttled += 1
                return False, {"Retry-After": str(max(1, resets))}
            self.times.append(now)
            return True, {"x-ms-user-quota-remaining": str(quota - len(self.times)),
                          "x-ms-user-quota-resets-after": time.strftime("%H:%M:%S", time.gmtime(resets))}

    def query(self, body):
        """(status, body, headers) of one query request."""
        admitted, headers = self._admit()
        if not admitted:
            return 429, {"error": {"code": "RateLimiting", "message": "Please provide below info when asking for "
                                   "support: timestamp, correlationId. Details: Rate limit exceeded."}}, headers
        body = body or {}
        options = body.get("options") or {}
        try:
            rows = self._rows(body)
            top = int(options.get("$top", 100))
            start = int(base64.b64decode(options["$skipToken"]).decode()) if options.get("$skipToken") else 0
        except InvalidQuery as exc:
            return 400, {"error": {"code": "BadRequest", "message": "Please provide below info when asking for "
                                   "support: timestamp, correlationId.",
                                   "details": [{"code": "InvalidQuery", "message": str(exc)}]}}, headers
        except LookupError as exc:
            return 403, {"error": {"code": "AuthorizationFailed", "message": str(exc)}}, headers
        if not 1 <= top <= MAX_TOP or options.get("resultFormat", "objectArray") != "objectArray":
            return 400, {"error": {"code": "BadRequest", "message": "Only $top 1-1000 and the objectArray result "
                                   "format are served here."}}, headers
        page = rows[start:start + top]
        answer = {"totalRecords": len(rows), "count": len(page), "resultTruncated": "false", "facets": [],
                  "data": page}
        if start + top < len(rows):
            answer["$skipToken"] = base64.b64encode(str(start + top).encode()).decode()
        return 200, answer, headers

    def _subscriptions(self, body):
        """Lower-cased subscription ids in the request's scope (a management group's, nested groups included)."""
        if body.get("subscriptions"):
            return {s.lower() for s in body["subscriptions"]}
        groups = self.arm.estate.data.get("managementGroups") or {}
        found, todo = set(), list(body.get("managementGroups") or [])
        if not todo:
            return set(self.arm.estate.subscriptions)
        while todo:
            name = todo.pop()
            if name not in groups:
                raise LookupError(f"The client does not have authorization to read management group '{name}' "
                                  "or it does not exist.")
            todo += [m for m in groups[name] if m in groups]
            found |= {m.lower() for m in groups[name] if m not in groups}
        return found

    def _rows(self, body):
        key = json.dumps([body.get("query"), body.get("subscriptions"), body.get("managementGroups")])
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        table, where, columns = compile_query(body.get("query") or "")
        subs = self._subscriptions(body)
        est = self.arm.estate
        if table in est.data.get("graphRefusedTables", ()):  # estate knob: a table this tenant's Graph refuses
            raise InvalidQuery(f"Table '{table}' could not be queried.")
        hidden = {i.lower() for i in est.data.get("graphHidden", ())}  # estate knob: not indexed by Graph (yet)
        if table != "ResourceContainers":
            build = app_service_row if table == "AppServiceResources" else resource_row
            rows = (build(r) for k, r in est.resources.items() if (parse_id(k)[0] or "") in subs and k not in hidden
                    and TABLE_OF.get((parse_id(k)[2] or "").lower(), "Resources") == table)
        else:
            rows = (subscription_row(s) for k, s in est.subscriptions.items() if k in subs)
        rows = [row for row in rows if where(row)]
        if columns:
            rows = [{c: row.get(c) for c in columns} for row in rows]
        with self.lock:
            self.cache[key] = rows
        return rows
