"""An NSG rule's source holds exactly the NIC addresses its prefixes name, read in their order (the brute-force
reading in brute_network.py): `*` before or after `VirtualNetwork`, the `Internet` tag, service tags, no address."""
from hypothesis import given, settings, strategies as st

from azext_smtp.core.model import IpConfig, SecurityRule
from azext_smtp.core.nsg import _source_address_matches  # pylint: disable=protected-access

from . import brute_network as brute

ANY_SOURCE = ("*", "any", "0.0.0.0/0")
PREFIXES = st.lists(st.sampled_from(["*", "Any", "0.0.0.0/0", "Internet", "internet", "VirtualNetwork", "10.0.0.0/24",
                                     "10.0.0.0/16", "192.168.1.4", "10.0.0.1-10.0.0.9", "172.16.0.0/12", "Storage",
                                     "AzureCloud.westeurope"]), min_size=1, max_size=4)
SPACES = st.lists(st.sampled_from(["10.0.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "Any"]),
                  max_size=2)
ADDRESSES = st.sampled_from(["10.0.0.4", "10.0.5.1", "10.0.0.9", "192.168.1.4", "192.168.7.7", "172.20.0.9",
                             "100.64.1.1", "8.8.8.8"])


def _rule(prefixes, asgs=()):
    return SecurityRule("r", 100, "Outbound", "Deny", "Tcp", ["*"], ["25"], source_prefixes=list(prefixes),
                        source_asg_ids=list(asgs))


@settings(max_examples=400, deadline=None)
@given(PREFIXES, SPACES, ADDRESSES)
def test_a_source_holds_the_addresses_its_prefixes_name_in_order(prefixes, space, address):
    ipc = IpConfig("ipconfig1", None, address)
    assert _source_address_matches(_rule(prefixes), ipc, space) == bool(brute._nsg_source(_rule(prefixes), ipc, space))


@settings(max_examples=100, deadline=None)
@given(PREFIXES, SPACES)
def test_a_nic_without_an_address_is_held_only_by_any_source(prefixes, space):
    held = _source_address_matches(_rule(prefixes), IpConfig("ipconfig1", None, None), space)
    assert held == any(p.lower() in ANY_SOURCE for p in prefixes)


def test_application_security_groups_decide_alone_and_compare_ids_case_insensitively():
    rule = _rule(["*"], ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/Web"])
    member = IpConfig("c", None, "10.0.0.4", asg_ids=[rule.source_asg_ids[0].upper()])
    other = IpConfig("c", None, "10.0.0.4", asg_ids=[rule.source_asg_ids[0] + "2"])
    assert _source_address_matches(rule, member, []) and not _source_address_matches(rule, other, [])


def test_an_ipv6_address_is_held_only_by_any_source_before_virtual_network():
    ipc = IpConfig("c", None, "fd00::4")
    assert _source_address_matches(_rule(["*", "VirtualNetwork"]), ipc, ["10.0.0.0/16"])
    assert not _source_address_matches(_rule(["VirtualNetwork", "*"]), ipc, ["10.0.0.0/16"])
    assert not _source_address_matches(_rule(["10.0.0.0/8"]), ipc, [])
