"""SDK clients built from the `az` login: the `clients.ManagementClients` interface inside `az`."""


def _mgmt(cli_ctx, client_type, subscription_id):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azext_smtp.clients import RETRIES
    return get_mgmt_service_client(cli_ctx, client_type, subscription_id=subscription_id, **RETRIES)


class CliClients:
    """Management clients authenticated and pointed at the cloud `az` is logged in to."""

    def __init__(self, cli_ctx):
        self.cli_ctx = cli_ctx

    def subscriptions(self):
        from azure.cli.core.commands.client_factory import get_mgmt_service_client
        from azure.cli.core.profiles import ResourceType, get_api_version
        from azext_smtp.clients import RETRIES
        kind = ResourceType.MGMT_RESOURCE_SUBSCRIPTIONS  # as get_subscription_service_client, with our retries
        return get_mgmt_service_client(self.cli_ctx, kind, subscription_bound=False,
                                       api_version=get_api_version(self.cli_ctx, kind), **RETRIES)

    def resources(self, subscription_id):
        from azure.cli.core.profiles import ResourceType
        return _mgmt(self.cli_ctx, ResourceType.MGMT_RESOURCE_RESOURCES, subscription_id)

    def compute(self, subscription_id):
        from azure.cli.core.profiles import ResourceType
        return _mgmt(self.cli_ctx, ResourceType.MGMT_COMPUTE, subscription_id)

    def network(self, subscription_id):
        from azure.mgmt.network import NetworkManagementClient
        return _mgmt(self.cli_ctx, NetworkManagementClient, subscription_id)

    def monitor(self, subscription_id):
        from azure.cli.core.profiles import ResourceType
        return _mgmt(self.cli_ctx, ResourceType.MGMT_MONITOR, subscription_id)
