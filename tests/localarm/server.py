"""A loopback Azure Resource Manager over HTTPS that speaks the real REST shapes.

It serves an `Estate` (see estate.py): api-version required, ARM error bodies,
paging with `nextLink`, a managed-identity token endpoint (App Service protocol) and
cloud metadata so `az cloud register` and `az login --identity` work against it.
Every request is recorded so tests can assert what a command did.
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .estate import Estate, parse_id

NO_API_VERSION = {"/metadata/endpoints", "/msi/token"}


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


def fake_jwt(tenant_id, audience):
    """An unsigned-looking JWT with the claims azure-cli reads (signature is not checked)."""
    def enc(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    now = int(time.time())
    claims = {"tid": tenant_id, "oid": "11111111-2222-3333-4444-555555555555", "aud": audience,
              "iss": f"https://sts.windows.net/{tenant_id}/", "iat": now, "nbf": now, "exp": now + 3600,
              "appid": "localarm-mi", "xms_mirid": "/subscriptions/x/mi"}
    return f"{enc({'typ': 'JWT', 'alg': 'RS256'})}.{enc(claims)}.c2lnbmF0dXJl"


def arm_error(status, code, message):
    return status, {"error": {"code": code, "message": message}}


class LocalArm:
    """Owns the estate, the HTTPS server thread and the request log."""

    def __init__(self, estate_data, workdir, port=0):
        self.estate = Estate(estate_data)
        self.requests = []
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

    def log(self, method, path, query):
        with self.lock:
            self.requests.append({"method": method, "path": path, "query": query})

    # --- request handling -------------------------------------------------
    def handle(self, method, path, query, body):
        """Return (status, json body, headers) for one request."""
        if path not in NO_API_VERSION and "api-version" not in query:
            return (*arm_error(400, "MissingApiVersionParameter",
                               "The api-version query parameter (?api-version=) is required for all requests."), {})
        fault = self._fault(method, path)
        if fault:
            return fault
        if path == "/metadata/endpoints":
            return 200, self._metadata(), {}
        if path == "/msi/token":
            return 200, self._token(query), {}
        if method != "GET":
            return (*arm_error(405, "MethodNotAllowed", f"{method} is not supported on {path}."), {})
        return (*self._get(path, query), {})

    def _fault(self, method, path):
        for fault in self.estate.faults:
            if fault.get("method", "GET") == method and re.search(fault["path"], path, re.I):
                if fault.get("times") is not None:
                    if fault["times"] <= 0:
                        continue
                    fault["times"] -= 1
                status = fault.get("status", 403)
                headers = {"Retry-After": str(fault.get("retryAfter", 1))} if status == 429 else {}
                code = fault.get("code", "AuthorizationFailed")
                message = fault.get("message", f"The client does not have authorization to perform action over scope '{path}'.")
                return (*arm_error(status, code, message), headers)
        return None

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
        return {"access_token": fake_jwt(self.estate.tenant_id, resource), "expires_on": str(int(time.time()) + 3600),
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
        if sub not in est.subscriptions:
            return arm_error(404, "SubscriptionNotFound", f"The subscription '{sub}' could not be found.")
        if not rest:
            return 200, est.subscriptions[sub]
        if rest == "/providers/microsoft.billing/billingproperty/default":
            return self._billing(sub)
        _, rg, _, _, _ = parse_id(path)
        if rg and not est.group_exists(sub, rg):
            return arm_error(404, "ResourceGroupNotFound", f"Resource group '{rg}' could not be found.")
        body = est.get(path)
        if body is not None:
            return 200, est.render(body, query)
        items = est.list_collection(path)
        if items is not None:
            return self._page([est.render(i, query) for i in items], path, query)
        _, _, rtype, _, name = parse_id(path)
        return arm_error(404, "ResourceNotFound",
                         f"The Resource '{rtype}/{name}' under resource group '{rg}' was not found. "
                         "For more details please go to https://aka.ms/ARMResourceNotFoundFix")

    def _billing(self, sub):
        prop = self.estate.billing.get(sub)
        if prop is None:
            return arm_error(404, "ResourceNotFound", "Billing property not found for the subscription.")
        if "error" in prop:
            return prop["status"], {"error": prop["error"]}
        return 200, prop

    def _page(self, items, path, query):
        """ARM paging: `value` plus a `nextLink` carrying a skip token until the last page."""
        start = int(query.get("$skiptoken", ["0"])[0])
        size = self.estate.page_size
        body = {"value": items[start:start + size]}
        if start + size < len(items):
            params = {k: v[0] for k, v in query.items() if k != "$skiptoken"}
            params["$skiptoken"] = str(start + size)
            body["nextLink"] = f"{self.url.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"
        return 200, body


def _handler_for(arm):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self):
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null") if length else None
            path = urllib.parse.unquote(url.path)
            arm.log(self.command, path, {k: v[0] for k, v in query.items()})
            status, payload, headers = arm.handle(self.command, path, query, body)
            data = json.dumps(payload).encode() if payload is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-ms-request-id", "localarm")
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _serve

        def log_message(self, *args):
            pass

    return Handler
