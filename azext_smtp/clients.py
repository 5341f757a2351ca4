"""The one client interface the collector and the remediation use, and its azure-identity implementation.

`az` builds its clients from the login (`_client_factory.CliClients`); a Python caller passes any
azure-core TokenCredential (`CredentialClients`). Both satisfy `ManagementClients`.
"""
from typing import Any, Protocol

PUBLIC_ARM = "https://management.azure.com/"
# ARM throttles with 429 and Retry-After. azure-core retries a request 3 times on a bad status by default, so a
# list that meets four 429s in a row would become a gap; honouring Retry-After up to 10 times keeps throttling
# from ever turning into an `unknown`. These are the only retries: the read pool adds none.
RETRIES = {"retry_status": 10, "retry_total": 12}


class ManagementClients(Protocol):
    """Authenticated management clients for one cloud, per subscription."""

    def compute(self, subscription_id: str) -> Any:
        """azure-mgmt-compute ComputeManagementClient."""

    def network(self, subscription_id: str) -> Any:
        """azure-mgmt-network NetworkManagementClient (remediate.py's writes)."""

    def arm(self, subscription_id: str) -> Any:
        """A plain ARM pipeline (`arm_pipeline`): its `send_request` carries every read of collect/."""

    def graph(self) -> Any:
        """azure-mgmt-resourcegraph ResourceGraphClient (tenant-wide): its `send_request` carries Graph queries."""


class CredentialClients:
    """Management clients for `base_url` (the cloud's ARM endpoint) authenticated with `credential`."""

    def __init__(self, credential, base_url=PUBLIC_ARM, **client_kwargs):
        from .sharing import SharedToken, SharedTransport
        transport = SharedTransport(**client_kwargs)  # one connection pool and one token for every client
        self.credential = transport.watch(SharedToken(credential))
        self.kwargs = {"base_url": base_url, "credential_scopes": [base_url.rstrip("/") + "/.default"],
                       "transport": transport, **RETRIES, **client_kwargs}

    def _client(self, client_type, subscription_id):
        return client_type(self.credential, subscription_id, **self.kwargs)

    def compute(self, subscription_id):
        from azure.mgmt.compute import ComputeManagementClient
        return self._client(ComputeManagementClient, subscription_id)

    def network(self, subscription_id):
        from azure.mgmt.network import NetworkManagementClient
        return self._client(NetworkManagementClient, subscription_id)

    def arm(self, subscription_id):  # pylint: disable=unused-argument
        """The same pipeline for every subscription: the subscription is in each read's URL."""
        return arm_pipeline(self.credential, **self.kwargs)

    def graph(self):
        from azure.mgmt.resourcegraph import ResourceGraphClient
        return ResourceGraphClient(self.credential, per_retry_policies=[body_reader()], **self.kwargs)


def body_reader():
    """A policy that reads each answer's body within azure-core's retry policy (a per-retry policy). The reads ask
    for answers streamed, so that ContentDecodePolicy leaves them to the reader, which decodes each body once
    (pager.sent); read here, a body cut off or timed out on the way is retried as an unstreamed answer's is."""
    from azure.core.pipeline.policies import HTTPPolicy

    class ReadBody(HTTPPolicy):  # pylint: disable=too-few-public-methods
        def send(self, request):
            response = self.next.send(request)
            response.http_response.read()
            return response
    return ReadBody()


def arm_pipeline(credential, base_url: str, credential_scopes, **kwargs):
    """An ARM pipeline for raw reads of any resource provider (azure-mgmt-core's ARMPipelineClient), with the
    policies, in the order, of the generated SDK clients (azure-mgmt-network 33's) but one: one client whatever the
    provider, sharing `kwargs`' transport, retries and headers with the SDK clients of the run. It only reads, so it
    has no ARMAutoResourceProviderRegistrationPolicy: a read answered 409 MissingSubscriptionRegistration is a gap
    to report, never a cue to POST a provider registration (a write) and wait for it. After the retry policy it
    reads each streamed answer's body (`body_reader`)."""
    import copy
    from azure.core.pipeline import policies
    from azure.mgmt.core import ARMPipelineClient
    from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy, ARMHttpLoggingPolicy
    kwargs.setdefault("sdk_moniker", "azext-smtp")
    authentication = kwargs.pop("authentication_policy", None) or \
        ARMChallengeAuthenticationPolicy(credential, *credential_scopes, **kwargs)

    class Pipeline(ARMPipelineClient):
        def send_request(self, request, **send):
            """`request` (a path, as for the SDK clients' send_request) against `base_url`."""
            request = copy.deepcopy(request)
            request.url = self.format_url(request.url)
            return super().send_request(request, **send)
    return Pipeline(base_url=base_url, policies=[
        policies.RequestIdPolicy(**kwargs), policies.HeadersPolicy(**kwargs), policies.UserAgentPolicy(**kwargs),
        policies.ProxyPolicy(**kwargs), policies.ContentDecodePolicy(**kwargs),
        policies.RedirectPolicy(**kwargs), policies.RetryPolicy(**kwargs), body_reader(),
        authentication, policies.CustomHookPolicy(**kwargs), policies.NetworkTraceLoggingPolicy(**kwargs),
        policies.DistributedTracingPolicy(**kwargs), policies.SensitiveHeaderCleanupPolicy(**kwargs),
        ARMHttpLoggingPolicy(**kwargs)], **kwargs)
