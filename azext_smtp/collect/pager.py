"""Raw ARM list pages through an SDK client's authenticated pipeline, as plain JSON dicts.

Deserializing SDK models was most of the CPU on large estates; the plain model needs only a few fields, so
bulk lists skip the models. Requests, retries (azure-core's policy) and errors stay those of the SDK clients.
"""
import urllib.parse
from typing import Dict, Iterator, Optional

# The api-versions the SDK operations send today (azure-mgmt-compute 2024-11-01 profile in az 2.91,
# azure-mgmt-network 33 defaults), so ARM answers exactly as before.
COMPUTE_API_VERSION = "2024-11-01"
NETWORK_API_VERSION = "2026-03-01"
VMSS_NIC_API_VERSION = "2018-10-01"  # network SDK's own default for the scale-set NIC list
SUBSCRIPTION_API_VERSION = "2022-12-01"  # az 2.91's profile for Microsoft.Resources subscriptions


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


def answer(response) -> dict:
    """The JSON body of a 200, else the typed error the SDK operations raise."""
    if response.status_code != 200:
        _raise_for(response)
    return _json(response)


def get(client, url: str, api_version: str, params: Optional[Dict[str, str]] = None) -> dict:
    """One ARM answer as JSON (same errors as the SDK's GET operations)."""
    from azure.core.rest import HttpRequest
    response = client.send_request(HttpRequest("GET", url, params={"api-version": api_version, **(params or {})}))
    if response.status_code != 200:
        _raise_for(response)
    return _json(response)


def error_code(err) -> Optional[str]:
    """The ARM error code of a failed request, also for the 401/404/409 errors `map_error` raises unparsed."""
    code = getattr(getattr(err, "error", None), "code", None)
    if code or getattr(err, "response", None) is None:
        return code
    try:
        return (err.response.json().get("error") or {}).get("code")
    except (ValueError, AttributeError):
        return None


def pages(client, url: str, api_version: str, params: Optional[Dict[str, str]] = None) -> Iterator[dict]:
    """Every item of a paged ARM list, following `nextLink`; `client` is any SDK client with `send_request`."""
    from azure.core.rest import HttpRequest
    request = HttpRequest("GET", url, params={"api-version": api_version, **(params or {})})
    while request is not None:
        response = client.send_request(request)
        if response.status_code != 200:
            _raise_for(response)
        body = _json(response)
        yield from body.get("value") or []
        next_link = body.get("nextLink")
        request = _next_request(next_link, api_version) if next_link else None


def scope_url(subscription_id: str, resource_group: Optional[str], provider_type: str) -> str:
    """A list URL over the subscription, or over one resource group when given."""
    group = f"/resourceGroups/{urllib.parse.quote(resource_group, safe='')}" if resource_group else ""
    return f"/subscriptions/{subscription_id}{group}/providers/{provider_type}"
