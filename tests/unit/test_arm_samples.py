"""Every real ARM sample in ../shared/reference/arm-samples goes through our parser: list bodies as raw JSON (as
the reader passes them), the subscription GET through its SDK model."""
import json
import os

import pytest

from azext_smtp.collect import parse
from tests.paths import ARM_SAMPLES


def _vnet_of(subnet_id):
    return subnet_id.split("/subnets/")[0]


def _raw(body):
    return body


PARSERS = {
    # file name prefix: (how the reader hands the body over, our parser)
    "NetworkInterfaces_Get": (_raw, parse.nic),
    "NetworkSecurityGroups_Get": (_raw, parse.nsg),
    "RouteTables_Get": (_raw, parse.route_table),
    "Subnets_Get": (_raw, lambda b: parse.subnet(b, _vnet_of(b["id"]))),
    "VirtualNetworks_Get": (_raw, lambda b: (parse.vnet(b), parse.subnets(b))),
    "LoadBalancers_": (_raw, parse.load_balancer),
    "AzureFirewalls_Get": (_raw, parse.firewall),
    "VirtualMachines_Get": (_raw, parse.vm),
    "VirtualMachines_List": (_raw, parse.vm),
    "VirtualMachineScaleSetVMs_": (_raw, parse.vm),
    "VirtualMachineScaleSets_": (_raw, lambda b: (b.get("properties") or {}).get("orchestrationMode")),
    "Subscriptions_": (dict, parse.subscription),
    "WebApps_Get": (_raw, parse.app),
    "AppServiceEnvironments_": (_raw, parse.hosting_environment),
}

# Samples of operations `az smtp` does not call (yet), each with the reason.
NOT_PARSED = {
    "BillingAccounts_": "billing accounts: az smtp reads the subscription's billing property instead",
    "VirtualMachines_InstanceView": "per-VM instance view: az smtp reads power state from the list ($expand)",
    "NetworkInterfaces_GetEffectiveRouteTable": "per-NIC action Reader lacks: optional refinement, not the main path",
    "NetworkInterfaces_ListEffectiveNetworkSecurityGroups": "per-NIC action Reader lacks: optional refinement",
    "NatGateways_Get": "NAT gateways: a subnet's natGateway id is what the outbound path needs, no check reads more",
    "PublicIPAddresses_Get": "public IPs: a NIC's publicIPAddress id is what the outbound path needs, no check reads more",
}


def _samples():
    for folder, _, files in sorted(os.walk(ARM_SAMPLES)):
        for name in sorted(files):
            if name.endswith(".json"):
                yield os.path.relpath(os.path.join(folder, name), ARM_SAMPLES)


def _bodies(path):
    """Response bodies of a sample: a spec example's 200/201 body, or a recorded body; lists give their items."""
    with open(os.path.join(ARM_SAMPLES, path), encoding="utf-8") as f:
        data = json.load(f)
    if "responses" in data:
        responses = data["responses"]
        data = (responses.get("200") or responses.get("201"))["body"]
    return data["value"] if isinstance(data.get("value"), list) else [data]


def _operation(path):
    base = os.path.basename(path)
    return base.split(".", 1)[1] if base.startswith(("test_", "ext_")) else base


def test_samples_are_present():
    assert len(list(_samples())) >= 40, f"expected the shared ARM samples at {ARM_SAMPLES}"


@pytest.mark.parametrize("path", list(_samples()))
def test_sample_parses(path):
    op = _operation(path)
    skipped = [p for p in NOT_PARSED if op.startswith(p)]
    if skipped:
        pytest.skip(NOT_PARSED[skipped[0]])
    prefix = next((p for p in PARSERS if op.startswith(p)), None)
    assert prefix, f"no parser for sample {path}: add one or say why in NOT_PARSED"
    build, parser = PARSERS[prefix]
    for body in _bodies(path):
        model = build(body)
        parser(model)


def test_recorded_nic_keeps_allow_port25_out():
    path = "azure-cli-recordings/test_vm_open_port.NetworkInterfaces_Get.api2022-01-01.json"
    nic = parse.nic(_bodies(path)[0])
    assert nic.allow_port25_out is True
    assert nic.ip_configs[0].public_ip_id.endswith("/vm1PublicIP")
    assert nic.nsg_id.endswith("/vm1NSG")


def test_recorded_nsg_plural_port_ranges():
    path = "azure-cli-recordings/test_vm_open_port.NetworkSecurityGroups_Get.api2022-01-01.json"
    nsg = parse.nsg(_bodies(path)[0])
    rule = next(r for r in nsg.rules if r.destination_ports == ["555", "556", "557-559"])
    assert not rule.default
    assert sum(r.default for r in nsg.rules) == 6


def test_recorded_delegated_subnet():
    path = "azure-cli-recordings/test_webapp_vnetE2E.Subnets_Get_delegated_Microsoft.Web_serverFarms.api2022-01-01.json"
    subnet = parse.subnet(_bodies(path)[0], "/vnet")
    assert subnet.delegations == ["Microsoft.Web/serverFarms"]


def test_recorded_subscription_uses_subscription_id_not_id():
    path = "azure-cli-recordings/ext_account_test_account.Subscriptions_Get.api2016-06-01.json"
    sub = parse.subscription(_bodies(path)[0])
    assert sub.quota_id == "EnterpriseAgreement_2014-09-01"


def test_enum_fields_keep_their_wire_values():
    path = "Microsoft.Network/NetworkSecurityGroups_Get.2024-05-01.json"
    nsg = parse.nsg(_bodies(path)[0])
    assert {r.access for r in nsg.rules} <= {"Allow", "Deny"}
    assert {r.direction for r in nsg.rules} <= {"Inbound", "Outbound"}
    table = parse.route_table(_bodies("Microsoft.Network/RouteTables_Get.2024-05-01.json")[0])
    assert table.routes[0].next_hop_type == "VirtualNetworkGateway"


def test_recorded_vm_list_item_power_state_and_aware_time():
    path = "azure-cli-recordings/test_vm_open_port.VirtualMachines_Get_expand_instanceView.uri-api2026-04-01.json"
    vm = parse.vm(_bodies(path)[0])
    assert vm.power_state == "running"
    assert vm.time_created.utcoffset() is not None and vm.time_created.microsecond == 119222
    assert vm.nic_ids[0].endswith("/vm1VMNic")


def test_spec_web_app_and_app_service_environment():
    app = parse.app(_bodies("Microsoft.Web/WebApps_Get.2023-12-01.json")[0])
    assert (app.kind, app.route_all, app.subnet_id, app.hosting_environment_id) == ("webapp", False, None, None)
    assert app.route_all_basis == "vnetRouteAllEnabled: false, siteConfig.vnetRouteAllEnabled: false"
    ase = parse.hosting_environment(_bodies("Microsoft.Web/AppServiceEnvironments_Get.2024-04-01.json")[0])
    assert (ase.kind, ase.subnet_id.rsplit("/", 2)[1:]) == ("ASEV3", ["subnets", "delegated"])
