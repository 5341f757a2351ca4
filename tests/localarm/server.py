"""A loopback Azure Resource Manager over HTTPS that speaks the real REST shapes.

It serves an `Estate` (see estate.py): api-version required, ARM error bodies,
paging with `nextLink`, a managed-identity token endpoint (App Service protocol) and
cloud metadata so `az cloud register` and `az login --identity` work against it.
Writes (VM power actions, Run Command, subnet create/delete) are long-running operations polled the
way azure-core's ARMPolling does, and leave activity-log events that the activity-log
API serves back. Every request is recorded so tests can assert what a command did.
"""
import base64
import json
import os
import re
import ssl
import subprocess
import threading
import time
import urllib.parse
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .estate import POWER_ACTIONS, Estate, iso, parse_id, parse_time, subnet_prefix
from .graph import LocalGraph

NO_API_VERSION = {"/metadata/endpoints", "/msi/token"}
GRAPH = "/providers/microsoft.resourcegraph/resources"
CALLER = "11111111-2222-3333-4444-555555555555"  # object id of the managed identity fake_jwt signs in
VM_ACTION = re.compile(r"(/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.compute/"
                       r"(?:virtualmachines|virtualmachinescalesets/[^/]+/virtualmachines)/[^/]+)/([^/]+)", re.I)
SUBNET = re.compile(r"(/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.network/virtualnetworks/[^/]+)"
                    r"/subnets/([^/]+)", re.I)
OPERATION = re.compile(r"/subscriptions/([^/]+)/providers/microsoft\.(?:compute|network)/locations/[^/]+/"
                       r"(operations|operationresults)/([^/]+)", re.I)
# Poll again at once. Not `Retry-After: 0`: azure-core (1.39) treats a zero delay as absent and
# sleeps its 30 s default; it does honour `retry-after-ms` when Retry-After is missing.
POLL_NOW = {"retry-after-ms": "1"}
ACTIVITY = "/providers/microsoft.insights/eventtypes/management/values"
PERMISSIONS = "/providers/microsoft.authorization/permissions"
FILTER_TERM = re.compile(r"(\w+)\s+(eq|ge|le)\s+'([^']*)'", re.I)
RESOURCES = re.compile(r"(?:/resourcegroups/([^/]+))?/resources")
TYPE_TERM = re.compile(r"resourceType\s+eq\s+'([^']+)'", re.I)
GENERIC_KEYS = ("id", "name", "type", "kind", "location", "tags", "sku", "managedBy", "identity", "plan")
# createdTime of a resource the estate gives none (`createdTimes`): after the VNets' port-25 setting date
DEFAULT_CREATED = "2024-06-03T08:15:42.1234567Z"
EVENT_FIELDS = {"resourcegroupname": lambda e: e.get("resourceGroupName"),
                "resourceprovider": lambda e: (e.get("resourceProviderName") or {}).get("value"),
                "resourceuri": lambda e: e.get("resourceId")}


def make_certificate(directory):
    """Self-signed certificate for 127.0.0.1 (IP SAN), made with the openssl CLI."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    if not os.path.exists(cert):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", key, "-out", cert],
            check=True, capture_output=True)
    return cert, key


def fake_jwt(tenant_id, audience, lifetime=3600):
    """An unsigned-looking JWT with the claims azure-cli reads (signature is not checked)."""
    def enc(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    now = int(time.time())
    claims = {"tid": tenant_id, "oid": CALLER, "aud": audience, "uti": uuid.uuid4().hex,
              "iss": f"https://sts.windows.net/{tenant_id}/", "iat": now, "nbf": now, "exp": now + lifetime,
              "appid": "localarm-mi", "xms_mirid": "/subscriptions/x/mi"}
    return f"{enc({'typ': 'JWT', 'alg': 'RS256'})}.{enc(claims)}.c2lnbmF0dXJl"


def parse_type_filter(text):
    """The resource types of `resourceType eq 'A' or resourceType eq 'B'` (lower-cased); None without a filter."""
    if not text.strip():
        return None
    terms = [TYPE_TERM.fullmatch(t.strip()) for t in re.split(r"\s+or\s+", text.strip(), flags=re.I)]
    if not all(terms):
        raise ValueError(f"Invalid $filter '{text}': this local ARM understands resourceType eq '...' joined by or.")
    return {t.group(1).lower() for t in terms}


def arm_error(status, code, message):
    return status, {"error": {"code": code, "message": message}}


CUT = "x-localarm-cut"  # a fault's mark (never sent): serve the body only up to this many bytes
# ARM's answer to a token past its expiry; azure-core drops its cached token on a 401.
EXPIRED = (*arm_error(401, "ExpiredAuthenticationToken",
                      "The access token expiry UTC time is earlier than current UTC time."),
           {"WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", '
                                'error="invalid_token", error_description="The access token has expired."'})


def parse_event_filter(text):
    """(start, end, {field: lower-cased value}) of an activity-log $filter; ValueError says what the service would."""
    bounds, equals = {}, {}
    for term in re.split(r"\s+and\s+", text.strip(), flags=re.I) if text.strip() else []:
        m = FILTER_TERM.fullmatch(term.strip())
        field, op, value = (m.group(1).lower(), m.group(2).lower(), m.group(3)) if m else (None, None, None)
        if field == "eventtimestamp" and op in ("ge", "le"):
            try:
                bounds[op] = parse_time(value)
            except ValueError:
                raise ValueError(f"'{value}' is not a valid eventTimestamp.") from None
        elif field in EVENT_FIELDS and op == "eq":
            equals[field] = value.lower()
        else:
            raise ValueError(f"The $filter term '{term}' is not supported.")
    if set(bounds) != {"ge", "le"}:
        raise ValueError("The $filter must bound eventTimestamp: "
                         "\"eventTimestamp ge '<start>' and eventTimestamp le '<end>'\" are both required.")
    return bounds["ge"], bounds["le"], equals


class LocalArm:
    """Owns the estate, the HTTPS server thread and the request log."""

    def __init__(self, estate_data, workdir, port=0, latency=0.0):
        self.latency = latency  # seconds each ARM answer waits, like a real region's round trip (benchmarks)
        self.estate = Estate(estate_data)
        self.requests = []
        self.operations = {}
        self.issued, self.revoked = set(), set()  # access tokens handed out, and those ARM now says expired
        self.graph = LocalGraph(self)
        self.lock = threading.Lock()
        self.cert, key = make_certificate(workdir)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.url = f"https://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def use(self, estate_data):
        """Serve another estate from now on (same port, same login)."""
        self.estate = Estate(estate_data)
        self.graph.reset()
        self.reset_log()

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset_log(self):
        with self.lock:
            self.requests.clear()

    def log(self, method, path, query, body=None):
        with self.lock:
            self.requests.append({"method": method, "path": path, "query": query, "body": body})

    # --- request handling -------------------------------------------------
    def handle(self, method, path, query, body, token=None):
        """Return (status, json body, headers) for one request (`token`: its bearer token)."""
        if path not in NO_API_VERSION and "api-version" not in query:
            return (*arm_error(400, "MissingApiVersionParameter",
                               "The api-version query parameter (?api-version=) is required for all requests."), {})
        if path == "/metadata/endpoints":
            return 200, self._metadata(), {}
        if path == "/msi/token":
            return 200, self._token(query), {}
        if token in self.revoked:
            return EXPIRED
        fault = self._fault(method, path, query)
        if fault:
            return fault
        if self.latency:
            time.sleep(self.latency)
        if method == "POST" and path.lower() == GRAPH:
            return self.graph.query(body)
        if method != "GET":
            self.graph.stale()  # a write changes what queries find
            with self.lock:  # a write's checks and effects must not interleave with another write's
                return self._write(method, path, query, body)
        operation = OPERATION.fullmatch(path)
        if operation:
            return self._poll(operation, query)
        return (*self._get(path, query), {})

    def _fault(self, method, path, query):
        """The first matching fault's answer (`path` and optional `query` regexes, `times` left), or None.

        Besides an error status or a `raw` body: `page` "self" (the real page whose nextLink points back at
        itself) or "endless" (empty pages, each with a fresh nextLink), `delay` seconds before the real answer
        (a slow region), `expireTokens` (every token issued so far is expired from now on, as ARM answers it), `cut`
        (the real answer whose body stops after that many bytes, the connection closed)."""
        query_text = urllib.parse.urlencode({k: v[0] for k, v in query.items()})
        for fault in self.estate.faults:
            if fault.get("method", "GET") == method and re.search(fault["path"], path, re.I) and \
                    re.search(fault.get("query", ""), query_text, re.I):
                if fault.get("times") is not None:
                    if fault["times"] <= 0:
                        continue
                    fault["times"] -= 1
                return self._fault_answer(fault, path, query)
        return None

    def _fault_answer(self, fault, path, query):
        """The answer one matching fault gives (see `_fault`); None lets the request through after a `delay`."""
        if "delay" in fault:
            time.sleep(fault["delay"])
            return None
        if fault.get("expireTokens"):
            with self.lock:
                self.revoked |= self.issued
            return EXPIRED
        if fault.get("page") == "endless":  # a fresh link each time, whose real answer is the first page again
            params = {**{k: v[0] for k, v in query.items()}, "$skiptoken": "0", "empty": uuid.uuid4().hex}
            return 200, {"value": [], "nextLink": f"{self.url.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"}, {}
        if "cut" in fault:  # the real answer, its body cut off after `cut` bytes by a connection lost on the way
            status, body = self._get(path, query)
            return status, body, {CUT: str(fault["cut"])}
        if fault.get("page") == "self":
            status, body = self._get(path, query)
            here = f"{self.url.rstrip('/')}{path}?{urllib.parse.urlencode({k: v[0] for k, v in query.items()})}"
            return status, dict(body, nextLink=here), {}
        status = fault.get("status", 403)
        if "raw" in fault:  # a body that is not JSON (a proxy's HTML page, a cut-off answer)
            return status, fault["raw"].encode(), {}
        headers = {"Retry-After": str(fault.get("retryAfter", 1))} if status == 429 else {}
        if "retryAfterMs" in fault:  # a 5xx asking for a quick retry (azure-core honours retry-after-ms)
            headers["retry-after-ms"] = str(fault["retryAfterMs"])
        code = fault.get("code", "AuthorizationFailed")
        message = fault.get("message", f"The client does not have authorization to perform action over scope '{path}'.")
        return (*arm_error(status, code, message), headers)

    def _metadata(self):
        """Cloud metadata in the /metadata/endpoints?api-version=2022-09-01 shape."""
        base = self.url.rstrip("/")
        return {"name": "LocalArm", "resourceManager": self.url, "portal": base + "/portal/",
                "gallery": base + "/gallery/", "graph": base + "/graph/", "graphAudience": base + "/graph/",
                "microsoftGraphResourceId": base + "/msgraph/", "sqlManagement": base + "/sql/",
                "batch": base + "/batch/", "media": base + "/media/", "vmImageAliasDoc": base + "/aliases.json",
                "authentication": {"loginEndpoint": base + "/login/", "audiences": [self.url],
                                   "tenant": "common", "identityProvider": "AAD"},
                "suffixes": {"acrLoginServer": "azurecr.localarm", "sqlServerHostname": "database.localarm",
                             "storage": "core.localarm", "keyVaultDns": "vault.localarm",
                             "attestationEndpoint": "attest.localarm", "storageSyncEndpointSuffix": "afs.localarm",
                             "mhsmDns": "managedhsm.localarm", "mysqlServerEndpoint": "mysql.localarm",
                             "postgresqlServerEndpoint": "postgres.localarm", "mariadbServerEndpoint": "mariadb.localarm",
                             "synapseAnalytics": "dev.synapse.localarm"}}

    def _token(self, query):
        resource = query.get("resource", [self.url])[0]
        lifetime = self.estate.token_lifetime  # under 5 minutes, MSAL and azure-core fetch a new one every time
        token = fake_jwt(self.estate.tenant_id, resource, lifetime)
        with self.lock:
            self.issued.add(token)
        return {"access_token": token, "expires_on": str(int(time.time()) + lifetime),
                "resource": resource, "token_type": "Bearer"}

    def _get(self, path, query):
        est = self.estate
        low = path.rstrip("/").lower()
        if low == "/tenants":
            return 200, {"value": [{"id": f"/tenants/{est.tenant_id}", "tenantId": est.tenant_id,
                                    "tenantCategory": "Home", "displayName": "Local ARM"}]}
        if low == "/subscriptions":
            return self._page(list(est.subscriptions.values()), path, query)
        m = re.fullmatch(r"/subscriptions/([^/]+)(/.*)?", low)
        if not m:
            return arm_error(404, "NotFound", f"No route for {path}.")
        sub, rest = m.group(1), m.group(2) or ""
        error = self._scope_error(path) or self._reader_error(sub, path, rest)
        if error:
            return error
        if not rest:
            return 200, est.subscriptions[sub]
        if rest == "/resourcegroups":
            return self._page(est.group_list(sub), path, query)
        if re.fullmatch(r"/resourcegroups/[^/]+", rest):  # _scope_error answered for a missing one
            _, rg, _, _, _ = parse_id(path)
            return 200, {"id": f"/subscriptions/{sub}/resourceGroups/{rg}", "name": rg,
                         "type": "Microsoft.Resources/resourceGroups", "location": "westeurope",
                         "properties": {"provisioningState": "Succeeded"}}
        if rest == "/providers/microsoft.billing/billingproperty/default":
            return self._billing(sub)
        if rest == ACTIVITY:
            return self._activity(sub, path, query)
        if rest == "/providers/microsoft.consumption/usagedetails":
            return self._usage(sub, path, query)
        if rest.endswith(PERMISSIONS):
            _, error = self._target(path[:-len(PERMISSIONS)])
            return error or self._page(est.permissions, path, query)
        resources = RESOURCES.fullmatch(rest)
        if resources:
            return self._resources(sub, resources.group(1), path, query)
        body = est.get(path)
        if body is not None:
            return 200, est.render(body, query)
        items = est.list_collection(path)
        if items is not None:
            return self._page(items, path, query, lambda item: est.render(item, query))
        return self._not_found(path)

    def _scope_error(self, path):
        """ARM's 404 for an unknown subscription or resource group, checked before the resource itself."""
        sub, rg, _, _, _ = parse_id(path)
        if sub.lower() not in self.estate.subscriptions:
            return arm_error(404, "SubscriptionNotFound", f"The subscription '{sub.lower()}' could not be found.")
        if rg and not self.estate.group_exists(sub, rg):
            return arm_error(404, "ResourceGroupNotFound", f"Resource group '{rg}' could not be found.")
        return None

    def _reader_error(self, sub, path, rest):
        """A caller with Reader on some resource groups only (estate `readerGroups`): 403 on every read above or
        outside them; the subscription itself and its group list (filtered to those groups) stay readable."""
        groups = self.estate.reader_groups.get(sub)
        if groups is None or rest in ("", "/resourcegroups"):
            return None
        rg = parse_id(path)[1]
        if rg and rg.lower() in groups:
            return None
        return arm_error(403, "AuthorizationFailed", f"The client '{CALLER}' with object id '{CALLER}' does not have "
                                                     f"authorization to perform action 'read' over scope '{path}' "
                                                     "or the scope is invalid.")

    @staticmethod
    def _not_found(path):
        _, rg, rtype, _, name = parse_id(path)
        return arm_error(404, "ResourceNotFound",
                         f"The Resource '{rtype}/{name}' under resource group '{rg}' was not found. "
                         "For more details please go to https://aka.ms/ARMResourceNotFoundFix")

    def _target(self, resource_id):
        """(body, None) for the resource a write addresses, or (None, the ARM 404)."""
        error = self._scope_error(resource_id)
        body = None if error else self.estate.get(resource_id)
        return body, error or (None if body is not None else self._not_found(resource_id))

    def _resources(self, sub, rg, path, query):
        """`/resources`: top-level resources of the scope in the generic shape (no properties), `$filter`ed by type;
        `$expand=createdTime` adds ARM's createdTime (Resources_List, Microsoft.Resources 2024-11-01)."""
        try:
            types = parse_type_filter(query.get("$filter", [""])[0])
        except ValueError as exc:
            return arm_error(400, "InvalidFilterInQueryString", str(exc))
        expand = {e.strip().lower() for e in query.get("$expand", [""])[0].split(",")}
        items = []
        for key_, body in self.estate.by_subscription.get(sub, {}).items():
            _, rrg, rtype, parent, _ = parse_id(key_)
            if parent or not rtype or (rg and rrg != rg) or (types and rtype not in types):
                continue
            items.append({k: body[k] for k in GENERIC_KEYS if k in body})
            if "createdtime" in expand:
                items[-1]["createdTime"] = self.estate.created.get(key_, DEFAULT_CREATED)
        return self._page(items, path, query)

    def _activity(self, sub, path, query):
        """Activity-log events (`EventData`) the $filter selects, newest first, trimmed to $select."""
        try:
            start, end, equals = parse_event_filter(query.get("$filter", [""])[0])
        except ValueError as exc:
            return arm_error(400, "BadRequest", str(exc))
        events = [e for e in self.estate.events(sub, start, end)
                  if all((EVENT_FIELDS[f](e) or "").lower() == v for f, v in equals.items())]
        select = {f.strip().lower() for f in query.get("$select", [""])[0].split(",") if f.strip()}
        if select:
            events = [{k: v for k, v in e.items() if k.lower() in select} for e in events]
        return self._page(events, path, query)

    # --- writes: long-running operations -------------------------------------
    def _write(self, method, path, query, body):
        """VM power actions and subnet create/delete; other writes are not served."""
        action, subnet = VM_ACTION.fullmatch(path), SUBNET.fullmatch(path)
        if method == "POST" and action and action.group(2).lower() in POWER_ACTIONS:
            return self._power(action.group(1), action.group(2).lower(), query)
        if method == "POST" and action and action.group(2).lower() == "runcommand":
            return self._run_command(action.group(1), query, body)
        if method == "PUT" and subnet:
            return self._put_subnet(*subnet.groups(), query, body)
        if method == "DELETE" and subnet:
            return self._delete_subnet(*subnet.groups(), query)
        return (*arm_error(405, "MethodNotAllowed", f"{method} is not supported on {path}."), {})

    def _power(self, vm_id, action, query):
        """The effect lands at once; the 202 still makes clients poll like against real ARM."""
        vm, error = self._target(vm_id)
        if error:
            return (*error, {})
        self.estate.power(vm, action)
        self.estate.record(vm["id"], f"{parse_id(vm['id'])[2]}/{POWER_ACTIONS[action][0]}/action", 202, CALLER)
        return self._accepted(202, None, vm["id"], vm["location"], query, with_location=True)

    def _run_command(self, vm_id, query, body):
        """The classic Run Command action (VirtualMachineRunCommand.json): a running VM 'runs' the script and the
        operation's Location URL answers its RunCommandResult once done; any other power state is a 409."""
        vm, error = self._target(vm_id)
        if error:
            return (*error, {})
        action = f"{parse_id(vm['id'])[2]}/runCommand/action"
        if not self.estate.allows(action):
            return (*arm_error(403, "AuthorizationFailed", f"The client '{CALLER}' does not have authorization to "
                                                           f"perform action '{action}' over scope '{vm['id']}' or the "
                                                           "scope is invalid."), {})
        if vm.get("_power", "running") != "running":
            return (*arm_error(409, "OperationNotAllowed", f"Operation 'RunCommand' is not allowed on VM "
                                                           f"'{vm['name']}' since the VM is {vm['_power']}."), {})
        result = self.estate.run_command(vm, (body or {}).get("commandId"), (body or {}).get("script") or [])
        self.estate.record(vm["id"], action, 202, CALLER)
        return self._accepted(202, None, vm["id"], vm["location"], query, with_location=True, result=result)

    def _put_subnet(self, vnet_id, name, query, body):
        vnet, error = self._target(vnet_id)
        if error:
            return (*error, {})
        props = (body or {}).get("properties") or {}
        conflict = self.estate.subnet_conflict(vnet, name, subnet_prefix(props))
        if conflict:
            return (*arm_error(400, *conflict), {})
        subnet, created = self.estate.put_subnet(vnet, name, props)
        status = 201 if created else 200
        self.estate.record(subnet["id"], "Microsoft.Network/virtualNetworks/subnets/write", status, CALLER)
        return self._accepted(status, subnet, subnet["id"], vnet["location"], query,
                              on_done=lambda: subnet["properties"].update(provisioningState="Succeeded"))

    def _delete_subnet(self, vnet_id, name, query):
        vnet, error = self._target(vnet_id)
        if error:
            return (*error, {})
        subnet = self.estate.get(f"{vnet_id}/subnets/{name}")
        if subnet is None:
            return 204, None, {}
        users = self.estate.subnet_users(subnet["id"])
        if users:
            return (*arm_error(400, "InUseSubnetCannotBeDeleted",
                               f"Subnet {subnet['name']} is in use by {users[0]} and cannot be deleted. In order to "
                               "delete the subnet, delete all the resources within the subnet."), {})
        self.estate.delete_subnet(vnet, subnet)
        self.estate.record(subnet["id"], "Microsoft.Network/virtualNetworks/subnets/delete", 202, CALLER)
        return self._accepted(202, None, subnet["id"], vnet["location"], query, with_location=True)

    def _accepted(self, status, body, resource_id, location, query, with_location=False, on_done=None, result=None):
        """Start an operation. ARMPolling follows Azure-AsyncOperation (then Location for POST/DELETE, whose
        final answer is `result`)."""
        sub, _, rtype, _, _ = parse_id(resource_id)
        namespace, op_id = rtype.split("/")[0], str(uuid.uuid4())
        self.operations[op_id] = {"sub": sub.lower(), "polls": 0, "on_done": on_done, "result": result,
                                  "startTime": iso(datetime.now(timezone.utc))}
        base = f"{self.url.rstrip('/')}/subscriptions/{sub}/providers/{namespace}/locations/{location}"
        version = urllib.parse.urlencode({"api-version": query["api-version"][0]})
        headers = {"Azure-AsyncOperation": f"{base}/operations/{op_id}?{version}", **POLL_NOW}
        if with_location:  # compute monitors the operation itself, network has an operationResults URL
            headers["Location"] = (f"{base}/operations/{op_id}?monitor=true&{version}" if namespace == "Microsoft.Compute"
                                   else f"{base}/operationResults/{op_id}?{version}")
        return status, body, headers

    def _poll(self, match, query):
        """InProgress on the first poll and Succeeded after, so clients really poll; the Location URL
        answers 202 until then and a 200 once done (empty, or the operation's result)."""
        sub, kind, op_id = match.groups()
        op = self.operations.get(op_id.lower())
        if op is None or op["sub"] != sub.lower():
            return (*arm_error(404, "OperationNotFound", f"The operation '{op_id}' could not be found."), {})
        op["polls"] += 1
        done = op["polls"] > 1
        if done and op["on_done"]:
            op["on_done"]()
            op["on_done"] = None
        headers = dict(POLL_NOW)
        if kind.lower() == "operationresults" or query.get("monitor") == ["true"]:
            return (200, op["result"], headers) if done else (202, None, headers)
        status = {"name": op_id, "startTime": op["startTime"], "status": "Succeeded" if done else "InProgress"}
        if done:
            status["endTime"] = op.setdefault("endTime", iso(datetime.now(timezone.utc)))
        return 200, status, headers

    def _billing(self, sub):
        prop = self.estate.billing.get(sub)
        if prop is None:
            return arm_error(404, "ResourceNotFound", "Billing property not found for the subscription.")
        if "error" in prop:
            return prop["status"], {"error": prop["error"]}
        return 200, prop

    def _usage(self, sub, path, query):
        """Consumption usage details: the estate's records (none when unlisted) or its error; $top caps the records.
        $filter, startDate and endDate are accepted and ignored: estates hold a handful of records."""
        usage = self.estate.usage.get(sub, {})
        if "error" in usage:
            err = usage["error"]
            return arm_error(err["status"], err["code"], err["message"])
        records = usage.get("records", [])
        if "$top" in query:
            try:
                top = int(query["$top"][0])
            except ValueError:
                top = -1
            if not 1 <= top <= 1000:
                return arm_error(400, "BadRequest", f"Invalid $top value '{query['$top'][0]}': use 1 to 1000.")
            records = records[:top]
        return self._page(records, path, query)

    def _page(self, items, path, query, render=None):
        """ARM paging: `value` plus a `nextLink` carrying a skip token until the last page (only the page's items
        are rendered)."""
        start = int(query.get("$skiptoken", ["0"])[0])
        size = self.estate.page_size
        body = {"value": [render(i) if render else i for i in items[start:start + size]]}
        if start + size < len(items):
            params = {k: v[0] for k, v in query.items() if k != "$skiptoken"}
            params["$skiptoken"] = str(start + size)
            body["nextLink"] = f"{self.url.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"
        return 200, body


def _handler_for(arm):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # TCP_NODELAY, as a real front end sets it: the headers and the body go out as two writes, and Nagle held the
        # second until the client's delayed ACK of the first, about 40 ms added to every answer on loopback.
        disable_nagle_algorithm = True

        def _serve(self):
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null") if length else None
            path = urllib.parse.unquote(url.path)
            arm.log(self.command, path, {k: v[0] for k, v in query.items()}, body)
            auth = self.headers.get("Authorization") or ""
            status, payload, headers = arm.handle(self.command, path, query, body, auth.partition(" ")[2] or None)
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode() if payload is not None \
                else b""
            self.send_response(status)
            raw = isinstance(payload, bytes)  # a fault's non-JSON body: served as a proxy's HTML page would be
            self.send_header("Content-Type", "text/html" if raw else "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-ms-request-id", "localarm")
            cut = headers.pop(CUT, None)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data[:int(cut)] if cut else data)
            if cut:
                self.close_connection = True

        do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _serve

        def log_message(self, *args):
            pass

    return Handler
