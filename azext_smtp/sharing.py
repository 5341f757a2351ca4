"""What every management client of one run shares: connections, tokens, and ARM's throttling.

Each SDK client otherwise opens its own connections (a TLS handshake and a CA-bundle load each) and asks for
its own token: on a 50-subscription tenant that was most of the run's CPU (800 handshakes, 400 token requests
with a managed identity, whose tokens MSAL does not cache). Sharing them makes the per-subscription cost a few
requests and nothing else.
"""
import re
import threading
import time

from azure.core.pipeline.transport import HttpTransport

# Requests in flight at most (collect.reads: 4 subscriptions x 8 lists, and lists read group by group): the
# transport lets no more out at once, and the connection pool keeps that many connections open so none is dropped
# and opened again.
IN_FLIGHT = 32
REFRESH_MARGIN = 300  # seconds before expiry a shared token is asked for again
_SUBSCRIPTION = re.compile(r"/subscriptions/([^/?]+)", re.I)


class SharedToken:
    """A TokenCredential that asks `credential` once per scope set and hands the token to every client.

    Claims (a CAE challenge) always go to the credential: such a token is for that request alone."""

    def __init__(self, credential):
        self._credential = credential
        self._tokens = {}
        self._lock = threading.Lock()

    def _cached(self, key, fetch):
        with self._lock:  # the first fetch is made once, the other threads wait for it
            token = self._tokens.get(key)
            if token is None or token.expires_on - REFRESH_MARGIN < time.time():
                token = self._tokens[key] = fetch()
            return token

    def forget(self, token: str) -> None:
        """ARM rejected `token` before its stated expiry (clock skew, revocation): the next ask fetches a new one
        instead of handing the rejected one out again until it nears expiry."""
        with self._lock:
            for stale in [k for k, t in self._tokens.items() if t.token == token]:
                del self._tokens[stale]

    def get_token(self, *scopes, **kwargs):
        if kwargs.get("claims"):
            return self._credential.get_token(*scopes, **kwargs)
        return self._cached(("token", scopes, tuple(sorted(kwargs.items()))),
                            lambda: self._credential.get_token(*scopes, **kwargs))

    def get_token_info(self, *scopes, options=None):
        if not hasattr(self._credential, "get_token_info"):
            return self.get_token(*scopes, **(options or {}))
        if (options or {}).get("claims"):
            return self._credential.get_token_info(*scopes, options=options)
        return self._cached(("info", scopes, tuple(sorted((options or {}).items()))),
                            lambda: self._credential.get_token_info(*scopes, options=options))


class Throttle:
    """After a 429 with Retry-After, every request to the same subscription waits it out, not only the one retried.

    azure-core's retry policy sleeps the throttled request alone; the other reads of the pool would meet 429s
    too and spend their own retries. ARM counts reads per subscription and principal, so the wait is per
    subscription (requests outside one share a tenant-wide key)."""

    def __init__(self):
        self._until = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(url: str) -> str:
        match = _SUBSCRIPTION.search(url)
        return match.group(1).lower() if match else ""

    def wait(self, url: str):
        with self._lock:
            until = self._until.get(self.key(url), 0.0)
        delay = until - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def observe(self, url: str, status: int, headers):
        if status != 429:
            return
        try:
            delay = float(headers.get("Retry-After") or 0)
        except ValueError:  # an HTTP date: azure-core's retry policy still honours it for the request itself
            return
        with self._lock:
            key = self.key(url)
            self._until[key] = max(self._until.get(key, 0.0), time.monotonic() + delay)


def _session():
    """A requests session that reads the environment (proxy variables and NO_PROXY, REQUESTS_CA_BUNDLE) once per
    host instead of for every request: requests walks all of os.environ twice a request, about a tenth of a large
    run's CPU, for an answer that does not change during a run."""
    import requests
    from urllib.parse import urlsplit

    class Session(requests.Session):
        def __init__(self):
            super().__init__()
            self.settings = {}

        def merge_environment_settings(self, url, proxies, stream, verify, cert):
            key = (urlsplit(url)[:2], tuple(sorted((proxies or {}).items())), stream, verify, cert)
            found = self.settings.get(key)
            if found is None:
                found = self.settings[key] = super().merge_environment_settings(url, proxies, stream, verify, cert)
            return {**found, "proxies": dict(found["proxies"])}
    return Session()


class SharedTransport(HttpTransport):
    """One requests session with a pool of IN_FLIGHT connections for every client, gated by a Throttle and by
    IN_FLIGHT slots: a request past them waits for one to free (after the Throttle's wait, so a paused subscription
    holds no slot).

    `connection` takes what a client would hand its own transport (connection_verify, read_timeout, ...)."""

    def __init__(self, **connection):
        import requests
        from urllib3.util.retry import Retry
        from azure.core.pipeline.transport import RequestsTransport
        session = _session()
        # What azure-core mounts (its retry policy retries, not urllib3), with a pool as large as the reads in flight.
        adapter = requests.adapters.HTTPAdapter(max_retries=Retry(total=False, redirect=False, raise_on_status=False),
                                                pool_maxsize=IN_FLIGHT)
        for scheme in ("http://", "https://"):
            session.mount(scheme, adapter)
        self._inner = RequestsTransport(session=session, session_owner=False, **connection)
        self.throttle = Throttle()
        self.slots = threading.BoundedSemaphore(IN_FLIGHT)
        self._tokens = []  # the SharedTokens whose rejected tokens this transport reports (watch)

    def watch(self, shared: SharedToken) -> SharedToken:
        """Report to `shared` the tokens ARM rejects (401, `error="invalid_token"`), so a resend gets a new one."""
        self._tokens.append(shared)
        return shared

    def send(self, request, **kwargs):
        self.throttle.wait(request.url)
        with self.slots:
            response = self._inner.send(request, **kwargs)
        self.throttle.observe(request.url, response.status_code, response.headers)
        if response.status_code == 401 and "invalid_token" in (response.headers.get("WWW-Authenticate") or ""):
            rejected = (request.headers.get("Authorization") or "").partition(" ")[2]
            for shared in tuple(self._tokens):
                shared.forget(rejected)
        return response

    def open(self):
        self._inner.open()

    def close(self):
        """Clients come and go; the shared session stays open for the others until the process ends."""

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *args):
        self.close()
