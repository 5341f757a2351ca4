"""Plain data read from Azure: what the collector fills and the analyzer reads.

No SDK types leak past the collector, so the analyzer stays pure and testable, and
other sources (Resource Graph, another credential, a saved snapshot) can fill the
same model.
"""
# Records mirror ARM resources field for field; splitting them to satisfy a count would only hide that.
# pylint: disable=too-many-instance-attributes
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional

from .i18n import Text, message
from .memo import Memo


def key(resource_id: Optional[str]) -> Optional[str]:
    """ARM ids are case-insensitive: compare and index them lower-cased."""
    return resource_id.lower() if resource_id else None


@dataclass
class Gap:
    """Something we could not read: which read (`key`, one of READS, for code), what (for people), why (HTTP
    status and code) and the command that would settle it. Code matches `key`, never the wording of `what`."""
    key: str
    what: str
    reason: str
    command: str
    status: Optional[int] = None


# What a Gap says was not read (Gap.key). How people call each one is the message `read.<key>` of data/i18n (`label`):
# the start of Gap.what in every language, which may name the one resource or resource group ("instances of scale
# set web", "virtual machines in resource group hub-rg").
READS = ("subscription", "billing", "usage", "resource_groups", "vms", "nics", "scale_sets", "scale_set_instances",
         "vnets", "nsgs", "route_tables", "load_balancers", "firewalls", "firewall_policies", "rule_collection_groups",
         "ip_groups", "activity", "apps", "slots", "app_plans", "hosting_environments", "other_paas", "app_config",
         "vnet_subscription", "vnet_created", "clusters")


def label(read: str) -> Text:
    """How people call the read `read` (a READS key, or `firewall-policy` / `ip-group`: one resource by id)."""
    return message(f"read.{read}")


@dataclass
class Billing:
    """The subscription's billing property (Microsoft.Billing/billingProperty/default)."""
    agreement_type: Optional[str] = None
    account_type: Optional[str] = None
    account_sub_type: Optional[str] = None
    workload_type: Optional[str] = None


@dataclass
class Usage:
    """The first consumption usage-detail record the subscription reports (or the error it answers)."""
    kind: str  # legacy (EA, pay-as-you-go) | modern (MCA) | empty | error
    offer_id: Optional[str] = None  # legacy records only
    error_code: Optional[str] = None
    period: str = "current"  # current | previous billing period


@dataclass
class Subscription:
    id: str
    display_name: Optional[str] = None
    state: Optional[str] = None
    quota_id: Optional[str] = None
    spending_limit: Optional[str] = None  # On | Off | CurrentPeriodOff
    billing: Optional[Billing] = None
    usage: Optional[Usage] = None  # read only when quotaId and billing property leave the offer open


@dataclass
class IpConfig:
    name: str
    subnet_id: Optional[str]
    private_ip: Optional[str] = None
    public_ip_id: Optional[str] = None
    backend_pool_ids: List[str] = field(default_factory=list)
    asg_ids: List[str] = field(default_factory=list)
    primary: bool = False


@dataclass
class Nic:
    id: str
    name: str
    ip_configs: List[IpConfig] = field(default_factory=list)
    nsg_id: Optional[str] = None
    primary: bool = False
    allow_port25_out: Optional[bool] = None
    default_outbound_enabled: Optional[bool] = None


@dataclass
class NodePool:
    """An AKS node pool: a uniform scale set that AKS manages (tagged aks-managed-poolName) in its cluster's node
    resource group. Its nodes are restarted through AKS, never through the scale-set API."""
    name: str  # the pool's name (the aks-managed-poolName tag)
    scale_set_id: str
    cluster: Optional[str] = None  # the cluster whose nodeResourceGroup holds the set; None: not found or not read
    cluster_group: Optional[str] = None
    mode: Optional[str] = None  # System | User (the cluster's agentPoolProfiles[].mode); None: not read

    @property
    def node_resource_group(self) -> str:
        return self.scale_set_id.split("/")[4]


@dataclass
class Vm:
    id: str
    name: str
    resource_group: str
    subscription_id: str
    nic_ids: List[str] = field(default_factory=list)
    scale_set_id: Optional[str] = None
    time_created: Optional[datetime] = None
    power_state: Optional[str] = None  # running | stopped | deallocated | ... (PowerState/*), None if not read
    os_type: Optional[str] = None  # Linux | Windows (storageProfile.osDisk.osType), None if not read
    node_pool: Optional[NodePool] = None  # an AKS node: restarted through AKS only

    @property
    def kind(self) -> str:
        return "scale-set-instance" if self.scale_set_id else "vm"


@dataclass
class SecurityRule:
    name: str
    priority: int
    direction: str
    access: str
    protocol: str
    destination_prefixes: List[str] = field(default_factory=list)
    destination_ports: List[str] = field(default_factory=list)
    destination_asg_ids: List[str] = field(default_factory=list)
    source_prefixes: List[str] = field(default_factory=lambda: ["*"])
    source_ports: List[str] = field(default_factory=lambda: ["*"])
    source_asg_ids: List[str] = field(default_factory=list)
    default: bool = False


@dataclass
class Nsg:
    id: str
    name: str
    rules: List[SecurityRule] = field(default_factory=list)


@dataclass
class Route:
    name: str
    prefix: str
    next_hop_type: str
    next_hop_ip: Optional[str] = None


@dataclass
class RouteTable:
    id: str
    name: str
    routes: List[Route] = field(default_factory=list)


@dataclass
class Subnet:
    id: str
    name: str
    vnet_id: str
    prefixes: List[str] = field(default_factory=list)
    nsg_id: Optional[str] = None
    route_table_id: Optional[str] = None
    nat_gateway_id: Optional[str] = None
    default_outbound_access: Optional[bool] = None
    delegations: List[str] = field(default_factory=list)


@dataclass
class Vnet:
    id: str
    name: str
    resource_group: str
    address_space: List[str] = field(default_factory=list)
    subnet_ids: List[str] = field(default_factory=list)
    created: Optional[datetime] = None  # ARM's createdTime (/resources with $expand=createdTime), read for apps' VNets


@dataclass
class LoadBalancer:
    id: str
    name: str
    sku: Optional[str] = None
    outbound_pool_ids: List[str] = field(default_factory=list)


@dataclass
class FirewallRule:
    """An Azure Firewall network rule (classic, or of a Firewall Policy), with its collection's priority and action."""
    collection: str
    priority: int
    action: str
    name: str
    protocols: List[str] = field(default_factory=list)
    sources: List[str] = field(default_factory=list)  # addresses; IP groups as 'ipgroup:<id>'
    destinations: List[str] = field(default_factory=list)  # addresses; FQDNs and IP groups as 'fqdn:'/'ipgroup:'
    ports: List[str] = field(default_factory=list)
    group: Optional[str] = None  # Firewall Policy: the rule collection group, processed by its priority first
    group_priority: int = 0
    policy: Optional[str] = None  # Firewall Policy: the policy's name


@dataclass
class FirewallPolicy:
    """A Firewall Policy with the rules of its rule collection groups; `gap` says why they could not be read."""
    id: str
    name: str
    base_policy_id: Optional[str] = None  # the parent policy, whose rules are processed first
    network_rules: List[FirewallRule] = field(default_factory=list)
    application_rules: int = 0  # how many application rules it holds (they never carry SMTP)
    dns_proxy: Optional[bool] = None  # FQDNs in network rules resolve only through the firewall's DNS proxy
    gap: Optional[Gap] = None


@dataclass
class IpGroup:
    id: str
    name: str
    addresses: List[str] = field(default_factory=list)
    gap: Optional[Gap] = None  # could not be read (another subscription, no rights)


@dataclass
class Firewall:
    id: str
    name: str
    private_ips: List[str] = field(default_factory=list)
    network_rules: List[FirewallRule] = field(default_factory=list)
    policy_id: Optional[str] = None  # rules then live in the Firewall Policy, not on the firewall


@dataclass
class ActivityEvent:
    """One succeeded control-plane operation from the activity log."""
    operation: str  # operationName.value, lower-cased
    resource_id: str
    timestamp: datetime


@dataclass
class ActivityLog:
    """Events read for a window; `since` is where the window starts (the log keeps 90 days)."""
    since: datetime
    until: datetime
    events: List[ActivityEvent] = field(default_factory=list)


@dataclass
class AppPlan:
    """An App Service plan (Microsoft.Web/serverfarms): its SKU decides whether VNet integration is possible."""
    id: str
    name: str
    sku_name: Optional[str] = None  # Y1, EP1, FC1, P1v3, ...
    sku_tier: Optional[str] = None  # Dynamic, ElasticPremium, FlexConsumption, PremiumV3, ...


@dataclass
class HostingEnvironment:
    """An App Service Environment: its apps send through the subnet it is deployed into."""
    id: str
    name: str
    kind: Optional[str] = None  # ASEV3, ASEV2, ...
    subnet_id: Optional[str] = None


@dataclass
class App:
    """A web app, function app or Logic App Standard (Microsoft.Web/sites) or one of its deployment slots."""
    id: str
    name: str
    resource_group: str
    subscription_id: str
    kind: str  # webapp | functionapp | logicapp | slot
    site_kind: Optional[str] = None  # ARM's kind: app, app,linux, functionapp,linux, functionapp,workflowapp, ...
    plan_id: Optional[str] = None
    subnet_id: Optional[str] = None  # regional VNet integration
    route_all: Optional[bool] = None  # all outbound traffic into the VNet; None: the properties do not say
    route_all_basis: str = ""  # which properties said so
    hosting_environment_id: Optional[str] = None
    site_id: Optional[str] = None  # a slot's site


@dataclass
class PaasResource:
    """A resource of a PaaS type that cannot send on TCP 25 (catalog otherPaas), as /resources lists it."""
    id: str
    name: str
    resource_group: str
    subscription_id: str
    type: str


@dataclass
class Inventory:
    """Everything read for one subscription (optionally one resource group), keyed by lower-cased id."""
    subscription: Subscription
    resource_group: Optional[str] = None
    vms: List[Vm] = field(default_factory=list)
    nics: Dict[str, Nic] = field(default_factory=dict)
    vnets: Dict[str, Vnet] = field(default_factory=dict)
    subnets: Dict[str, Subnet] = field(default_factory=dict)
    nsgs: Dict[str, Nsg] = field(default_factory=dict)
    route_tables: Dict[str, RouteTable] = field(default_factory=dict)
    load_balancers: Dict[str, LoadBalancer] = field(default_factory=dict)
    firewalls: Dict[str, Firewall] = field(default_factory=dict)
    firewall_policies: Dict[str, FirewallPolicy] = field(default_factory=dict)  # read when a firewall uses one
    ip_groups: Dict[str, IpGroup] = field(default_factory=dict)
    activity: Optional[ActivityLog] = None  # read only when an exemption date is known
    apps: List[App] = field(default_factory=list)
    app_plans: Dict[str, AppPlan] = field(default_factory=dict)
    hosting_environments: Dict[str, HostingEnvironment] = field(default_factory=dict)
    other_paas: List[PaasResource] = field(default_factory=list)
    # subscriptions outside the run's scope whose VNets its apps integrate with (lower-cased id -> subscription)
    vnet_subscriptions: Dict[str, Subscription] = field(default_factory=dict)
    gaps: List[Gap] = field(default_factory=list)
    engine: str = "arm"  # what read the resource lists: arm (list calls) or graph (Azure Resource Graph)
    engine_note: Optional[str] = None  # why Graph was not used although asked for (it failed: ARM read instead)
    memo: Memo = field(default_factory=Memo, repr=False, compare=False)  # the judge's answers, see core/memo.py

    def gap_for(self, read: str) -> Optional[Gap]:
        """The gap that left the collection `read` (a READS key such as 'nics') unread."""
        return next((g for g in self.gaps if g.key == read), None)

    def unread_reason(self, read: str) -> str:
        """Why a resource referenced from a VM is missing: the failed list (`read`: a READS key), how to settle it."""
        gap = self.gap_for(read)
        if gap:
            return message("unread.failed", what=label(read), reason=gap.reason, command=gap.command)
        return message("unread.out-of-scope")
