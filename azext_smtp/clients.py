"""SDK clients built from any azure-core TokenCredential (e.g. azure-identity's DefaultAzureCredential).

Same methods as _client_factory.CliClients, so the collector runs the same way outside `az`.
"""

PUBLIC_ARM = "https://management.azure.com/"


class CredentialClients:
    """Management clients for `base_url` (the cloud's ARM endpoint) authenticated with `credential`."""

    def __init__(self, credential, base_url=PUBLIC_ARM, **client_kwargs):
        self.credential = credential
        self.kwargs = {"base_url": base_url, "credential_scopes": [base_url.rstrip("/") + "/.default"],
                       **client_kwargs}

    def subscriptions(self):
        from azure.mgmt.resource.subscriptions import SubscriptionClient
        return SubscriptionClient(self.credential, **self.kwargs)

    def _client(self, client_type, subscription_id):
        return client_type(self.credential, subscription_id, **self.kwargs)

    def resources(self, subscription_id):
        from azure.mgmt.resource.resources import ResourceManagementClient
        return self._client(ResourceManagementClient, subscription_id)

    def compute(self, subscription_id):
        from azure.mgmt.compute import ComputeManagementClient
        return self._client(ComputeManagementClient, subscription_id)

    def network(self, subscription_id):
        from azure.mgmt.network import NetworkManagementClient
        return self._client(NetworkManagementClient, subscription_id)

    def monitor(self, subscription_id):
        from azure.mgmt.monitor import MonitorManagementClient
        return self._client(MonitorManagementClient, subscription_id)
