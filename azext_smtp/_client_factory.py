"""SDK clients built from the `az` login: the `clients.ManagementClients` interface inside `az`."""
import threading


class CliClients:
    """Management clients authenticated and pointed at the cloud `az` is logged in to.

    Every client of a run shares one connection pool (sharing.SharedTransport) and, per tenant, one token
    (sharing.SharedToken): reading a subscription costs its requests, not a new TLS set-up and login."""

    def __init__(self, cli_ctx):
        from azure.cli.core._debug import change_ssl_cert_verification_track2
        from azext_smtp.sharing import SharedTransport
        self.cli_ctx = cli_ctx
        # az's connection_verify, and a read timeout shorter than azure-core's 300 s when set (`az config set
        # smtp.read_timeout=SECONDS`, or AZURE_SMTP_READ_TIMEOUT): a region that stops answering then becomes a
        # gap after azure-core's read retries instead of holding the run for minutes
        timeout = read_timeout(cli_ctx)
        self.transport = SharedTransport(**change_ssl_cert_verification_track2(),
                                         **({"read_timeout": timeout} if timeout > 0 else {}))
        self._tokens = {}
        self._lock = threading.Lock()

    def _credential(self, subscription_id):
        from azure.cli.core._profile import Profile
        from azext_smtp.sharing import SharedToken
        profile = Profile(cli_ctx=self.cli_ctx)
        account = profile.get_subscription(subscription_id)
        login = (account.get("tenantId"), (account.get("user") or {}).get("name"))  # whose token, for which tenant
        with self._lock:
            if login not in self._tokens:
                credential, _, _ = profile.get_login_credentials(subscription_id=subscription_id)
                self._tokens[login] = self.transport.watch(SharedToken(credential))
            return self._tokens[login]

    def _mgmt(self, client_type, subscription_id, **kwargs):
        from azure.cli.core.commands.client_factory import get_mgmt_service_client
        from azext_smtp.clients import RETRIES
        return get_mgmt_service_client(self.cli_ctx, client_type, subscription_id=subscription_id,
                                       credential=self._credential(subscription_id), transport=self.transport,
                                       **RETRIES, **kwargs)

    def compute(self, subscription_id):
        from azure.cli.core.profiles import ResourceType
        return self._mgmt(ResourceType.MGMT_COMPUTE, subscription_id)

    def network(self, subscription_id):
        from azure.mgmt.network import NetworkManagementClient
        return self._mgmt(NetworkManagementClient, subscription_id)

    def arm(self, subscription_id):
        """clients.arm_pipeline with what az gives its own clients: the cloud's ARM endpoint, the login's token for
        the subscription, az's headers and user agent; the run's transport and retries."""
        from azure.cli.core.commands.client_factory import _prepare_mgmt_client_kwargs_track2
        from azext_smtp.clients import RETRIES, arm_pipeline
        credential = self._credential(subscription_id)
        return arm_pipeline(credential, self.cli_ctx.cloud.endpoints.resource_manager, transport=self.transport,
                            **RETRIES, **_prepare_mgmt_client_kwargs_track2(self.cli_ctx, credential))

    def graph(self):
        """Tenant-wide, with the token of the login's current subscription."""
        from azure.cli.core.commands.client_factory import get_subscription_id
        from azure.mgmt.resourcegraph import ResourceGraphClient
        from azext_smtp.clients import body_reader
        return self._mgmt(ResourceGraphClient, get_subscription_id(self.cli_ctx), subscription_bound=False,
                          per_retry_policies=[body_reader()])


def read_timeout(cli_ctx) -> int:
    """`smtp.read_timeout` (az config, or AZURE_SMTP_READ_TIMEOUT): whole seconds, 1 to 3600; 0 or unset keeps
    azure-core's 300 s. Anything else is an az error naming the setting, never a traceback in every command."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    said = cli_ctx.config.get("smtp", "read_timeout", fallback="0")
    try:
        seconds = int(str(said).strip() or "0")
    except ValueError:
        seconds = -1
    if not 0 <= seconds <= 3600:
        raise InvalidArgumentValueError(f"smtp.read_timeout '{said}' is not a whole number of seconds from 1 to 3600.",
                                        "Fix it with `az config set smtp.read_timeout=60` (or unset it: `az config "
                                        "unset smtp.read_timeout`, or the AZURE_SMTP_READ_TIMEOUT variable).")
    return seconds
