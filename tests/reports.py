"""Check results (the JSON `az smtp check -o json` prints) built in memory, for the renderers' tests and the
report benchmark: every kind of verdict, what blocks it, apps and other PaaS, at any size."""
import uuid

# (verdict, blockedBy, checks, actions, reasons, evidence) per kind of VM, as check reports them.
KINDS = [
    ("allowed", [], {"platform-port25": "pass", "nsg-NIC": "pass", "nsg-subnet": "pass", "route": "pass",
                     "outbound": "pass"}, [], [], []),
    ("blocked", ["nsg"], {"platform-port25": "pass", "nsg-NIC": "fail", "nsg-subnet": "pass", "route": "pass",
                          "outbound": "pass"}, ["fix-nsg-rule"],
     ["NSG nic-deny25: rule Deny-SMTP-Out (priority 100) -> Deny: outbound TCP 25 is denied on the NIC."],
     ["/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/networkSecurityGroups/nic-deny25",
      "NSG nic-deny25: rule Deny-SMTP-Out (priority 100) -> Deny"]),
    ("blocked", ["route"], {"platform-port25": "pass", "nsg-NIC": "pass", "nsg-subnet": "pass", "route": "fail"},
     ["fix-route"], ["user route drop-internet/blackhole sends 0.0.0.0/0 to None: the traffic is dropped."],
     ["0.0.0.0/0 -> None (user route drop-internet/blackhole)"]),
    ("blocked", ["firewall"], {"platform-port25": "pass", "nsg-NIC": "pass", "nsg-subnet": "pass", "route": "info",
                               "firewall": "fail"}, ["check-firewall-network-rule"],
     ["Azure Firewall hub-fw: no network rule allows TCP 25, so the firewall denies it."],
     ["/subscriptions/{sub}/resourceGroups/hub-rg/providers/Microsoft.Network/azureFirewalls/hub-fw"]),
    ("blocked", ["platform"], {"platform-port25": "fail", "nsg-NIC": "pass", "nsg-subnet": "pass", "route": "pass",
                               "outbound": "pass"}, ["use-authenticated-relay"],
     ["Rule SMTP25-OTHER: the platform blocks outbound TCP 25 for this offer."], ["rule SMTP25-OTHER: blocked"]),
    ("unknown", [], {"platform-port25": "pass", "nsg-NIC": "unknown", "nsg-subnet": "pass", "route": "pass",
                     "outbound": "pass"}, ["confirm-offer"],
     ["NSG nic-nsg could not be read (403 AuthorizationFailed)."], []),
]


def sub_id(i):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"report-sub-{i}"))


def vm(sub, group, name, kind=0):
    verdict, blocked, checks, actions, reasons, evidence = KINDS[kind % len(KINDS)]
    return {"id": f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachines/{name}",
            "name": name, "resourceGroup": group, "subscriptionId": sub, "kind": "vm", "scaleSet": None,
            "platformBasis": "rule", "port25Flag": True, "powerState": "running", "timeCreated": None,
            "egress": "default-outbound", "verdict": verdict, "blockedBy": list(blocked), "actions": list(actions),
            "reasons": list(reasons), "evidence": [e.format(sub=sub, rg=group) for e in evidence],
            "checks": dict(checks)}


def subscription(sub, name, family="ea", status="not-blocked"):
    return {"subscriptionId": sub, "displayName": name, "state": "Enabled", "resourceGroup": None,
            "offer": {"family": family, "familyName": family.upper(), "confidence": "confirmed",
                      "settledBy": "billingProperty"},
            "policy": {"status": status, "ruleId": "SMTP25-EA", "edition": "2023-12",
                       "source": "https://learn.microsoft.com/troubleshoot/azure/virtual-network/"
                                 "troubleshoot-outbound-smtp-connectivity"},
            "unknowns": [], "warnings": [], "engine": "arm", "engineNote": None}


def app(sub, group, name):
    return {"id": f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Web/sites/{name}", "name": name,
            "resourceGroup": group, "subscriptionId": sub, "kind": "webapp", "siteKind": "app", "site": None,
            "plan": None, "hostingEnvironment": None, "subnet": None, "routeAll": None, "egress": "none",
            "verdict": "blocked", "blockedBy": ["no-vnet"], "actions": ["add-vnet-integration"],
            "reasons": ["The app is not integrated with a virtual network."], "evidence": [],
            "checks": {"platform-port25": "pass", "app-vnet": "fail"}}


def other(sub, group, name):
    return {"id": f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.App/containerApps/{name}",
            "name": name, "resourceGroup": group, "subscriptionId": sub, "type": "Microsoft.App/containerApps",
            "service": "Container Apps", "verdict": "blocked", "blockedBy": ["paas"], "actions": [],
            "reasons": ["Container Apps cannot send on TCP 25."], "evidence": [], "checks": {"paas-support": "fail"}}


def check_result(vms=12, subscriptions=2, apps=1, others=1):
    """A check result with `vms` VMs spread over `subscriptions` subscriptions, cycling through KINDS."""
    subs = [sub_id(i) for i in range(subscriptions)]
    return {
        "rulesEdition": "2023-12",
        "scope": {"subscriptions": subs, "resourceGroup": None, "resourceGroupFrom": None},
        "subscriptions": [subscription(s, f"Sub {i}") for i, s in enumerate(subs)],
        "vms": [vm(subs[i % subscriptions], f"rg{i % 7}", f"vm{i}", i) for i in range(vms)],
        "vnets": [{"id": f"/subscriptions/{subs[0]}/resourceGroups/rg0/providers/Microsoft.Network/virtualNetworks/v",
                   "name": "v", "resourceGroup": "rg0", "subscriptionId": subs[0], "addressSpace": ["10.0.0.0/16"],
                   "delegatedSubnets": [], "actions": ["add-remove-temp-subnet"], "tempSubnetPrefix": "10.0.255.0/28",
                   "reasons": ["delegated subnet ase needs a temporary subnet added and removed"]}],
        "apps": [app(subs[0], "web-rg", f"app{i}") for i in range(apps)],
        "others": [other(subs[0], "ca-rg", f"ca{i}") for i in range(others)],
    }


META = {"generatedAt": "2026-12-03T10:00:00+00:00", "timestamp": "2026-12-03T10:00:00", "generatedBy": "ci@contoso",
        "hostname": "runner", "source": "test", "extensionVersion": "0.2.0", "azVersion": "2.91.0",
        "rulesEdition": "2023-12"}
