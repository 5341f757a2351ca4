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

Only the query forms `az smtp` sends are understood (_Parser: `where`, `extend`, `summarize make_list(pack())`,
`join kind=leftouter`, `union`, `project`), within Graph's limits (3 joins, 3 union legs a query; $skipToken only for
a result with an `id` column); anything else is Graph's 400 InvalidQuery.
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
MAX_JOINS, MAX_UNION_LEGS = 3, 3  # Resource Graph's limits per query (query-language.md, "Supported tabular operators")
JOIN_KINDS = ("leftouter",)  # of the flavours Graph allows, the one served here
TOKEN = re.compile(r"\s*('(?:[^'\\]|\\.)*'|\(|\)|,|\||=~|in~|=|[A-Za-z_][\w.]*)")


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
    if not token or not token.startswith("'"):
        raise InvalidQuery(f"Expected a string literal, got '{token}'.")
    return re.sub(r"\\(.)", r"\1", token[1:-1])


def _path(row, path):
    """A column or a dotted path into a dynamic column (`properties.virtualMachine.id`); null when absent."""
    value = row
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _tostring(value):
    """KQL's tostring: null is the empty string, a dynamic value its JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def _empty(value):
    return value is None or value == ""


class _Parser:  # pylint: disable=too-few-public-methods
    """The query forms `az smtp` sends, by recursive descent over the tokens: a table, then stages `where` (`=~`,
    `in~`, `isempty()`, `isnotempty()`, `and`, `or`, parentheses), `extend c = tolower(...)`/`tostring(...)`,
    `summarize c = make_list(pack('k', col, ...)) by key`, `join kind=leftouter (query) on key`, `union (query)`,
    `project` columns. Anything else is Graph's 400 InvalidQuery."""

    def __init__(self, tokens):
        self.tokens, self.pos, self.joins, self.unions = tokens, 0, 0, 0

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _next(self):
        token = self._peek()
        self.pos += 1
        return token

    def _expect(self, token):
        got = self._next()
        if got != token:
            raise InvalidQuery(f"Expected '{token}', got '{got}'.")

    def parse(self):
        query = self._query()
        if self.pos != len(self.tokens):
            raise InvalidQuery(f"Unexpected '{self._peek()}'.")
        if self.joins > MAX_JOINS or self.unions + 1 > MAX_UNION_LEGS:
            raise InvalidQuery(f"At most {MAX_JOINS} join and {MAX_UNION_LEGS} union legs in a query.")
        return query

    def _query(self):
        table = self._next()
        if table not in TABLES:
            raise InvalidQuery(f"Table '{table}' is not supported here.")
        query = Query(table)
        while self._peek() == "|":
            self._next()
            word = self._next()
            stage = getattr(self, f"_{word}", None) if word in STAGES else None
            if stage is None:
                raise InvalidQuery(f"Operator '{word}' is not supported here.")
            stage(query)
        return query

    def _where(self, query):
        predicate = self._or()
        query.where = query.where or predicate
        query.stages.append(lambda rows, _tables: [r for r in rows if predicate(r)])

    def _or(self):
        parts = [self._and()]
        while self._peek() == "or":
            self._next()
            parts.append(self._and())
        return lambda row: any(p(row) for p in parts)

    def _and(self):
        parts = [self._term()]
        while self._peek() == "and":
            self._next()
            parts.append(self._term())
        return lambda row: all(p(row) for p in parts)

    def _term(self):
        token = self._next()
        if token == "(":
            inner = self._or()
            self._expect(")")
            return inner
        if token in ("isempty", "isnotempty"):
            self._expect("(")
            column = self._next()
            self._expect(")")
            return (lambda row: _empty(_path(row, column))) if token == "isempty" else \
                (lambda row: not _empty(_path(row, column)))
        column, op = token, self._next()
        if op == "=~":
            value = _string(self._next()).lower()
            return lambda row: _tostring(_path(row, column)).lower() == value
        if op == "in~" and self._next() == "(":
            values = set()
            while True:
                values.add(_string(self._next()).lower())
                sep = self._next()
                if sep == ")":
                    return lambda row: _tostring(_path(row, column)).lower() in values
                if sep != ",":
                    raise InvalidQuery("Expected ',' or ')' in in~ list.")
        raise InvalidQuery(f"Unsupported operator '{op}'.")

    def _expression(self):
        """`tolower(e)`, `tostring(e)` or a column path, as a function of a row."""
        token = self._next()
        if token in ("tolower", "tostring"):
            self._expect("(")
            inner = self._expression()
            self._expect(")")
            if token == "tostring":
                return lambda row: _tostring(inner(row))
            return lambda row: None if inner(row) is None else _tostring(inner(row)).lower()
        if token is None or not re.fullmatch(r"[A-Za-z_][\w.]*", token):
            raise InvalidQuery(f"Expected an expression, got '{token}'.")
        return lambda row: _path(row, token)

    def _extend(self, query):
        column = self._next()
        self._expect("=")
        value = self._expression()
        query.stages.append(lambda rows, _tables: [{**r, column: value(r)} for r in rows])

    def _summarize(self, query):
        """`c = make_list(pack('k', col, ...)) by key`: one row per key (first seen first), its rows' packs listed."""
        column = self._next()
        for token in ("=", "make_list", "(", "pack", "("):
            self._expect(token)
        fields = []
        while True:
            name = _string(self._next())
            self._expect(",")
            fields.append((name, self._expression()))
            if self._next() == ")":
                break
        self._expect(")")
        self._expect("by")
        by = self._next()

        def summarize(rows, _tables):
            groups = {}
            for row in rows:
                groups.setdefault(json.dumps(row.get(by)), (row.get(by), []))[1].append(
                    {name: value(row) for name, value in fields})
            return [{by: k, column: packs} for k, packs in groups.values()]
        query.stages.append(summarize)

    def _join(self, query):
        """`join kind=leftouter (query) on key`: each left row with every right row of an equal key (null never
        matches), or alone with the right's columns null; a right column named as a left one gets the suffix 1."""
        self.joins += 1
        self._expect("kind")
        self._expect("=")
        kind = self._next()
        if kind not in JOIN_KINDS:
            raise InvalidQuery(f"Join kind '{kind}' is not supported here.")
        self._expect("(")
        right = self._query()
        self._expect(")")
        self._expect("on")
        key = self._next()

        def join(rows, tables):
            matches = {}
            for r in right.run(tables):
                if r.get(key) is not None:
                    matches.setdefault(r[key], []).append(r)
            columns = {c for rs in matches.values() for r in rs for c in r}
            out = []
            for left in rows:
                for r in matches.get(left.get(key)) or [dict.fromkeys(columns)]:
                    out.append({**left, **{(c + "1" if c in left else c): v for c, v in r.items()}})
            return out
        query.stages.append(join)

    def _union(self, query):
        """`union (query)`: the rows of both, a column missing from one side null there (kind=outer)."""
        self.unions += 1
        self._expect("(")
        other = self._query()
        self._expect(")")
        query.stages.append(lambda rows, tables: rows + other.run(tables))

    def _project(self, query):
        columns = [self._next()]
        while self._peek() == ",":
            self._next()
            columns.append(self._next())
        query.columns = columns
        query.stages.append(lambda rows, _tables: [{c: _path(r, c) for c in columns} for r in rows])


STAGES = ("where", "extend", "summarize", "join", "union", "project")


class Query:  # pylint: disable=too-few-public-methods
    """A parsed query: its table, its first `where` (tests read it), its last `project`, and `run`."""

    def __init__(self, table):
        self.table, self.where, self.columns, self.stages = table, None, None, []

    def run(self, tables):
        """The rows of the query, `tables(name)` giving a table's rows in the request's scope."""
        rows = tables(self.table)
        for stage in self.stages:
            rows = stage(rows, tables)
        return rows


def compile_query(text):
    """The Query of a text of the forms _Parser reads."""
    return _Parser(_tokens(text)).parse()


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
            rows, pageable = self._rows(body)
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
        more = start + top < len(rows)
        answer = {"totalRecords": len(rows), "count": len(page), "resultTruncated": str(more and not pageable).lower(),
                  "facets": [], "data": page}
        if more and pageable:
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
        """(rows, pageable) of a query: Graph pages ($skipToken) only a result with an `id` column (work-with-data.md,
        "Paging results"); past a page, a result without it is cut there (`resultTruncated`)."""
        key = json.dumps([body.get("query"), body.get("subscriptions"), body.get("managementGroups")])
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        query = compile_query(body.get("query") or "")
        subs = self._subscriptions(body)
        est = self.arm.estate
        hidden = {i.lower() for i in est.data.get("graphHidden", ())}  # estate knob: not indexed by Graph (yet)
        built = {}

        def table_rows(table):
            """A table's rows in the request's scope (built once per query, each use a copy of the list)."""
            if table in est.data.get("graphRefusedTables", ()):  # estate knob: a table this tenant's Graph refuses
                raise InvalidQuery(f"Table '{table}' could not be queried.")
            if table not in built:
                if table != "ResourceContainers":
                    build = app_service_row if table == "AppServiceResources" else resource_row
                    built[table] = [build(r) for k, r in est.resources.items()
                                    if (parse_id(k)[0] or "") in subs and k not in hidden
                                    and TABLE_OF.get((parse_id(k)[2] or "").lower(), "Resources") == table]
                else:
                    built[table] = [subscription_row(s) for k, s in est.subscriptions.items() if k in subs]
            return list(built[table])
        found = (query.run(table_rows), query.columns is None or "id" in query.columns)
        with self.lock:
            self.cache[key] = found
        return found
