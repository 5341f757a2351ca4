"""The words a verdict is made of: verdicts, check results, rule statuses, check ids and action ids.

Each is a string enum whose value is the exact text the output carries (JSON, tables, f-strings), so code names a
term once and a typo is an AttributeError, not a silently different verdict. Check and action ids are the catalog's
(data/catalog.json); a unit test keeps the two in step.
"""
from enum import Enum


class Term(str, Enum):
    """A string enum that prints, formats and serializes as its value on every Python version."""
    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Verdict(Term):
    """A VM's, app's or resource's answer to "can it send on TCP 25?"."""
    ALLOWED = "allowed"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"
    UNSUPPORTED = "unsupported"  # works for some, but Azure does not support it (an app without VNet integration)


class Result(Term):
    """One check's result: fail blocks, unknown leaves the verdict open, info only informs."""
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    INFO = "info"


class RuleStatus(Term):
    """What the documented rule says for the subscription's offer (policy.status)."""
    NOT_BLOCKED = "not-blocked"
    BLOCKED = "blocked"
    EXEMPTIBLE = "exemptible"
    EXEMPTED = "exempted"
    UNKNOWN = "unknown"


class CheckId(Term):
    """The catalog's checks (data/catalog.json "checks"), in the order a person follows them."""
    PLATFORM_PORT25 = "platform-port25"
    EXEMPTION_REFRESH = "exemption-refresh"
    NETWORK_INTERFACE = "network-interface"
    NICS = "nics"
    SUBNET = "subnet"
    ROUTE = "route"
    OUTBOUND = "outbound"
    FIREWALL = "firewall"
    NSG_NIC = "nsg-NIC"
    NSG_SUBNET = "nsg-subnet"
    APP_VNET = "app-vnet"
    APP_ROUTE_ALL = "app-route-all"
    PAAS_SUPPORT = "paas-support"


class ActionId(Term):
    """The catalog's actions (data/catalog.json "actions"): what a verdict asks a user to do."""
    USE_AUTHENTICATED_RELAY = "use-authenticated-relay"
    REQUEST_EXEMPTION = "request-exemption"
    DEALLOCATE_AND_START = "deallocate-and-start"
    ADD_REMOVE_TEMP_SUBNET = "add-remove-temp-subnet"
    CONFIRM_OFFER = "confirm-offer"
    FIX_NSG_RULE = "fix-nsg-rule"
    FIX_ROUTE = "fix-route"
    ADD_NAT_GATEWAY = "add-nat-gateway"
    CHECK_FIREWALL_NETWORK_RULE = "check-firewall-network-rule"
    ADD_POLICY_NETWORK_RULE = "add-policy-network-rule"
    READ_FIREWALL_POLICY = "read-firewall-policy"
    CHECK_APPLIANCE = "check-appliance"
    CHECK_ON_PREMISES_EGRESS = "check-on-premises-egress"
    RESOLVE_SERVICE_TAG = "resolve-service-tag"
    START_VM = "start-vm"
    RESTART_AKS_NODE_POOL = "restart-aks-node-pool"
    TEST_PORT25 = "test-port25"
    ADD_VNET_INTEGRATION = "add-vnet-integration"
    ENABLE_ROUTE_ALL = "enable-route-all"
    CHECK_APP_ROUTE_ALL = "check-app-route-all"
