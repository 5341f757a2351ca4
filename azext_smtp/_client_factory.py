"""SDK clients for the collector, built from the `az` login.

The collector only needs an object with these methods, so a Python caller can pass
clients built from an azure-identity credential instead (see clients.py).
"""


class CliClients:
    """Management clients authenticated and pointed at the cloud `az` is logged in to."""

    def __init__(self, cli_ctx):
        self.cli_ctx = cli_ctx

    def subscriptions(self):
        from azure.cli.core.commands.client_factory import get_subscription_service_client
        return get_subscription_service_client(self.cli_ctx)[0]

    def resources(self, subscription_id):
        from azure.cli.core.commands.client_factory import get_mgmt_service_client
        from azure.cli.core.profiles import ResourceType
        return get_mgmt_service_client(self.cli_ctx, ResourceType.MGMT_RESOURCE_RESOURCES, subscription_id=subscription_id)

    def compute(self, subscription_id):
        from azure.cli.core.commands.client_factory import get_mgmt_service_client
        from azure.cli.core.profiles import ResourceType
        return get_mgmt_service_client(self.cli_ctx, ResourceType.MGMT_COMPUTE, subscription_id=subscription_id)

    def network(self, subscription_id):
        from azure.cli.core.commands.client_factory import get_mgmt_service_client
        from azure.mgmt.network import NetworkManagementClient
        return get_mgmt_service_client(self.cli_ctx, NetworkManagementClient, subscription_id=subscription_id)

    def monitor(self, subscription_id):
        from azure.cli.core.commands.client_factory import get_mgmt_service_client
        from azure.cli.core.profiles import ResourceType
        return get_mgmt_service_client(self.cli_ctx, ResourceType.MGMT_MONITOR, subscription_id=subscription_id)
