"""One token per login and a shared wait after ARM throttles, for every client of a run."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from azure.core.credentials import AccessToken

from azext_smtp.sharing import REFRESH_MARGIN, SharedToken, SharedTransport, Throttle


class CountingCredential:
    def __init__(self, lifetime=3600):
        self.calls = []
        self.lifetime = lifetime
        self.lock = threading.Lock()

    def get_token(self, *scopes, **kwargs):
        with self.lock:
            self.calls.append((scopes, kwargs))
        time.sleep(0.05)  # a token request takes a while: other threads arrive meanwhile
        return AccessToken(f"t{len(self.calls)}", int(time.time()) + self.lifetime)


def test_parallel_clients_ask_for_one_token():
    credential = CountingCredential()
    shared = SharedToken(credential)
    with ThreadPoolExecutor(16) as pool:
        tokens = list(pool.map(lambda _: shared.get_token("https://arm/.default").token, range(32)))
    assert len(credential.calls) == 1 and set(tokens) == {"t1"}


def test_other_scopes_and_claims_get_their_own_token():
    credential = CountingCredential()
    shared = SharedToken(credential)
    shared.get_token("https://arm/.default")
    shared.get_token("https://graph/.default")
    shared.get_token("https://arm/.default", claims='{"access_token": {}}')
    shared.get_token("https://arm/.default", claims='{"access_token": {}}')
    assert len(credential.calls) == 4


def test_a_token_near_expiry_is_asked_for_again():
    credential = CountingCredential(lifetime=REFRESH_MARGIN - 1)
    shared = SharedToken(credential)
    assert shared.get_token("s").token == "t1" and shared.get_token("s").token == "t2"


def test_a_rejected_token_is_forgotten_and_only_that_one():
    """ARM rejected the token before its stated expiry; the next ask fetches a new one."""
    credential = CountingCredential()
    shared = SharedToken(credential)
    assert shared.get_token("s").token == "t1"
    shared.forget("some other token")
    assert shared.get_token("s").token == "t1" and len(credential.calls) == 1
    shared.forget("t1")
    assert shared.get_token("s").token == "t2" and shared.get_token("s").token == "t2"


class _Answer:
    def __init__(self, status, headers):
        self.status_code, self.headers = status, headers


class _Request:
    url = "https://arm/subscriptions/AAA/providers/Microsoft.Network/networkInterfaces"
    headers = {"Authorization": "Bearer t1"}


class _Inner:
    def __init__(self, answer):
        self.answer = answer

    def send(self, _request, **_kwargs):
        return self.answer


def _transport_answering(status, headers):
    transport = SharedTransport()
    transport._inner = _Inner(_Answer(status, headers))  # pylint: disable=protected-access
    return transport


def test_the_shared_transport_reports_a_token_arm_calls_invalid():
    expired = 'Bearer authorization_uri="https://login", error="invalid_token", error_description="expired"'
    for status, headers, asked in ((401, {"WWW-Authenticate": expired}, 2), (401, {}, 1), (403, {}, 1),
                                   (200, {"WWW-Authenticate": expired}, 1)):
        credential = CountingCredential()
        transport = _transport_answering(status, headers)
        shared = transport.watch(SharedToken(credential))
        shared.get_token("s")
        transport.send(_Request())
        shared.get_token("s")
        assert len(credential.calls) == asked, (status, headers)


def test_after_429_the_throttled_subscription_waits_and_others_do_not():
    throttle = Throttle()
    throttled = "https://arm/subscriptions/AAA/providers/Microsoft.Network/networkInterfaces"
    throttle.observe(throttled, 429, {"Retry-After": "0.3"})
    started = time.monotonic()
    throttle.wait("https://arm/subscriptions/bbb/providers/Microsoft.Compute/virtualMachines")
    assert time.monotonic() - started < 0.1
    throttle.wait("https://arm/subscriptions/aaa/resourceGroups/g/providers/Microsoft.Network/routeTables")
    assert time.monotonic() - started >= 0.29


def test_only_429_with_a_delay_in_seconds_makes_others_wait():
    throttle = Throttle()
    url = "https://arm/subscriptions/aaa/providers/x"
    throttle.observe(url, 503, {"Retry-After": "5"})
    throttle.observe(url, 429, {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"})
    started = time.monotonic()
    throttle.wait(url)
    assert time.monotonic() - started < 0.1


def test_a_read_answered_missing_registration_is_not_followed_by_a_registration_post():
    """The read pipeline never writes: ARM's 409 MissingSubscriptionRegistration comes back as it is, after one
    GET, instead of a POST .../providers/X/register and a wait for it."""
    from azure.core.pipeline.transport import HttpTransport
    from azure.core.rest import HttpRequest
    from azext_smtp.clients import arm_pipeline

    class Answer409:
        def __init__(self, request):
            self.request, self.status_code, self.reason = request, 409, "Conflict"
            self.headers = {"Content-Type": "application/json"}
            self.content_type = "application/json"

        def body(self):
            return b'{"error": {"code": "MissingSubscriptionRegistration", "message": "The subscription is not ' \
                   b'registered to use namespace \'Microsoft.Network\'."}}'

        def text(self, encoding=None):  # pylint: disable=unused-argument
            return self.body().decode()

        def read(self):
            return self.body()

    class Recording(HttpTransport):
        def __init__(self):
            self.sent = []

        def send(self, request, **kwargs):
            self.sent.append((request.method, request.url))
            return Answer409(request)

        def open(self):
            pass

        def close(self):
            pass

        def __exit__(self, *args):
            pass

    transport = Recording()
    pipeline = arm_pipeline(CountingCredential(), "https://arm.local/", ["https://arm.local/.default"],
                            transport=transport)
    answer = pipeline.send_request(HttpRequest("GET", "/subscriptions/s/providers/Microsoft.Network/"
                                                      "networkSecurityGroups?api-version=2024-05-01"))
    assert answer.status_code == 409
    assert transport.sent == [("GET", "https://arm.local/subscriptions/s/providers/Microsoft.Network/"
                                      "networkSecurityGroups?api-version=2024-05-01")]


def test_the_environment_is_read_once_per_host_and_still_obeyed(monkeypatch):
    """Proxy variables, NO_PROXY and the CA bundle apply as requests applies them, read once per host of a run."""
    import requests.sessions
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "login.example")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    reads = []
    real = requests.sessions.get_environ_proxies
    monkeypatch.setattr(requests.sessions, "get_environ_proxies", lambda *a, **k: reads.append(a) or real(*a, **k))
    session = SharedTransport()._inner.session  # pylint: disable=protected-access
    arm = [session.merge_environment_settings(f"https://arm.example/subscriptions/{i}", {}, False, None, None)
           for i in range(3)]
    login = session.merge_environment_settings("https://login.example/token", {}, False, None, None)
    assert all(a["proxies"].get("https") == "http://proxy.example:3128" for a in arm)
    assert "https" not in login["proxies"]
    assert {a["verify"] for a in arm} | {login["verify"]} == {"/etc/ssl/certs/ca-certificates.crt"}
    assert len(reads) == 2, "once for each host"
    arm[0]["proxies"]["https"] = "changed by a caller"
    assert session.merge_environment_settings("https://arm.example/x", {}, False, None, None)["proxies"]["https"] == \
        "http://proxy.example:3128"
