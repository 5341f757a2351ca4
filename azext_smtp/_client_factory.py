"""SDK clients built from the `az` login: the `clients.ManagementClients` interface inside `az`."""


def _mgmt(cli_ctx, client_type, subscription_id, **kwargs):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azext_smtp.clients import RETRIES
    return get_mgmt_service_client(cli_ctx, client_type, subscription_id=subscription_id, **RETRIES, **kwargs)


class CliClients:
    """Management clients authenticated and pointed at the cloud `az` is logged in to."""

    def __init__(self, cli_ctx):
        self.cli_ctx = cli_ctx

    def compute(self, subscription_id):
        from azure.cli.core.profiles import ResourceType
        return _mgmt(self.cli_ctx, ResourceType.MGMT_COMPUTE, subscription_id)

    def network(self, subscription_id):
        from azure.mgmt.network import NetworkManagementClient
        return _mgmt(self.cli_ctx, NetworkManagementClient, subscription_id)

    def monitor(self, subscription_id):
        from azure.cli.core.profiles import ResourceType
        return _mgmt(self.cli_ctx, ResourceType.MGMT_MONITOR, subscription_id)

    def graph(self):
        from azure.mgmt.resourcegraph import ResourceGraphClient
        return _mgmt(self.cli_ctx, ResourceGraphClient, None, subscription_bound=False)
