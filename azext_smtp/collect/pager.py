"""Raw ARM list pages through an SDK client's authenticated pipeline, as plain JSON dicts.

Deserializing SDK models was most of the CPU on large estates; the plain model needs only a few fields, so
bulk lists skip the models. Requests, retries (azure-core's policy) and errors stay those of the SDK clients.
"""
import urllib.parse
from typing import Dict, Iterator, Optional

# A listing that goes on longer than this is a server loop, not data. A subscription holds at most 980
# resource groups x 800 resources = 784,000 resources; at ARM's smallest common page (100 items) that is
# 7,840 pages, so 10,000 is far beyond any real list. Empty pages with a fresh nextLink are legal (a backend
# shard with nothing to list, Azure/autorest.go#433) but come a few at a time: 100 in a row is a loop.
MAX_PAGES = 10_000
MAX_EMPTY_PAGES = 100
# ARM's answer to a token that expired in flight; azure-core drops its cached token on any 401 and the shared
# transport makes the SharedToken drop it too, so one resend carries a fresh one (a CAE `insufficient_claims`
# challenge is answered by azure-core itself).
EXPIRED_TOKEN_CODES = {"ExpiredAuthenticationToken", "InvalidAuthenticationTokenExpired"}


def page_loop():
    """A listing that will not end: an HttpResponseError, so every reader turns it into a gap like any failure."""
    from azure.core.exceptions import HttpResponseError
    err = HttpResponseError(message="page loop")
    err.reason = "page loop"
    return err


def _raise_for(response):
    """Fail as the SDK operations do: typed azure-core errors carrying the ARM error code (`err.error.code`)."""
    from azure.core.exceptions import (ClientAuthenticationError, HttpResponseError, ResourceExistsError,
                                       ResourceNotFoundError, ResourceNotModifiedError, map_error)
    from azure.mgmt.core.exceptions import ARMErrorFormat
    error_map = {401: ClientAuthenticationError, 404: ResourceNotFoundError, 409: ResourceExistsError,
                 304: ResourceNotModifiedError}
    map_error(status_code=response.status_code, response=response, error_map=error_map)
    raise HttpResponseError(response=response, error_format=ARMErrorFormat)


def _json(response) -> dict:
    """The body of a 200, or azure-core's DecodeError (an HttpResponseError, as the SDK raises) when it is not JSON."""
    from azure.core.exceptions import DecodeError
    try:
        body = response.json()
    except ValueError as err:
        raise DecodeError(message=f"the answer is not JSON ({err})", response=response) from err
    return body if isinstance(body, dict) else {}


def _next_request(next_link: str, api_version: str):
    """The next page, keeping its query but always with our api-version (as the SDK pagers do)."""
    from azure.core.rest import HttpRequest
    parsed = urllib.parse.urlparse(next_link)
    params = {k: v for k, v in urllib.parse.parse_qs(parsed.query).items() if k.lower() != "api-version"}
    params["api-version"] = api_version
    return HttpRequest("GET", urllib.parse.urljoin(next_link, parsed.path), params=params)


def sent(send, request):
    """`send(request)` (a client's `send_request`) streamed, so the body is decoded once, by the reader. Unstreamed,
    every answer would be decoded twice: by azure-core's ContentDecodePolicy, which every ARM pipeline carries and
    whose result `send_request` drops, then by the reader's `json()` (a sixth of a large run's CPU went to the
    first). The run's pipelines read the body inside their retry policy (clients.body_reader); reading it here too
    (then a no-op) keeps any other ManagementClients' client correct."""
    response = send(request, stream=True)
    response.read()
    return response


def _send(client, request):
    """One request, resent once when ARM says the token expired on the way (the resend gets a fresh token)."""
    response = sent(client.send_request, request)
    if response.status_code == 401 and _body_code(response) in EXPIRED_TOKEN_CODES:
        response = sent(client.send_request, request)
    return response


def _body_code(response) -> Optional[str]:
    try:
        body = response.json()
    except ValueError:
        return None
    return (body.get("error") or {}).get("code") if isinstance(body, dict) else None


def answer(response) -> dict:
    """The JSON body of a 200, else the typed error the SDK operations raise."""
    if response.status_code != 200:
        _raise_for(response)
    return _json(response)


def get(client, url: str, api_version: str, params: Optional[Dict[str, str]] = None) -> dict:
    """One ARM answer as JSON (same errors as the SDK's GET operations)."""
    from azure.core.rest import HttpRequest
    return answer(_send(client, HttpRequest("GET", url, params={"api-version": api_version, **(params or {})})))


def error_code(err) -> Optional[str]:
    """The ARM error code of a failed request, also for the 401/404/409 errors `map_error` raises unparsed."""
    code = getattr(getattr(err, "error", None), "code", None)
    if code or getattr(err, "response", None) is None:
        return code
    try:
        return _body_code(err.response)
    except AttributeError:
        return None


def bodies(client, url: str, api_version: str, params: Optional[Dict[str, str]] = None) -> Iterator[dict]:
    """Every page (its JSON body: `value`, `nextLink`) of a paged ARM list, following `nextLink`; `client` is any
    SDK client with `send_request`. The next page is asked for only when the caller takes it.

    A nextLink seen before in this listing, more than MAX_PAGES pages or MAX_EMPTY_PAGES empty pages in a row
    end it with a "page loop" error instead of reading forever."""
    from azure.core.rest import HttpRequest
    request = HttpRequest("GET", url, params={"api-version": api_version, **(params or {})})
    seen, empty_run = set(), 0
    while request is not None:
        if len(seen) >= MAX_PAGES or empty_run >= MAX_EMPTY_PAGES:
            raise page_loop()
        body = answer(_send(client, request))
        empty_run = 0 if body.get("value") else empty_run + 1
        yield body
        next_link = body.get("nextLink")
        if next_link in seen:
            raise page_loop()
        seen.add(next_link)
        request = _next_request(next_link, api_version) if next_link else None


def items(body: dict) -> list:
    """The items of one page."""
    return body.get("value") or []


def pages(client, url: str, api_version: str, params: Optional[Dict[str, str]] = None) -> Iterator[dict]:
    """Every item of a paged ARM list (see `bodies`)."""
    for body in bodies(client, url, api_version, params):
        yield from items(body)


def scope_url(subscription_id: str, resource_group: Optional[str], provider_type: str) -> str:
    """A list URL over the subscription, or over one resource group when given."""
    group = f"/resourceGroups/{urllib.parse.quote(resource_group, safe='')}" if resource_group else ""
    return f"/subscriptions/{subscription_id}{group}/providers/{provider_type}"
