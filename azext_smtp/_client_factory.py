"""SDK clients built from the `az` login: the `clients.ManagementClients` interface inside `az`."""


def _mgmt(cli_ctx, client_type, subscription_id):
    """A client with our retries and, when set (`az config set smtp.read_timeout=SECONDS` or the environment
    variable AZURE_SMTP_READ_TIMEOUT), a read timeout shorter than azure-core's 300 s: a region that stops
    answering then becomes a gap after azure-core's read retries instead of holding the run for minutes."""
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azext_smtp.clients import RETRIES
    timeout = cli_ctx.config.getint("smtp", "read_timeout", fallback=0)
    return get_mgmt_service_client(cli_ctx, client_type, subscription_id=subscription_id, **RETRIES,
                                   **({"read_timeout": timeout} if timeout > 0 else {}))


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
