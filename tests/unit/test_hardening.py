"""In-process: ids parsed against the accepted types, remote text cleaned for the terminal, argument values
driven through the CLI's validators and malformed ARM bodies through the parse layer (never a traceback), and the
Python API's TypeError/ValueError."""
import argparse
import inspect
import json
import re

import pytest
from azure.cli.core.azclierror import AzCLIError
from hypothesis import HealthCheck, given, settings, strategies as st

from azext_smtp import _format, _validators, api
from azext_smtp.collect import parse
from azext_smtp.core.resource_ids import (APP_KINDS, SCALE_SET, SCALE_SET_INSTANCE, VM, VM_KINDS, ResourceIdError,
                                          parse_id)
from azext_smtp.sanitize import clean, clean_all

SUB = "d20aed05-be93-54a7-8335-4109e74d6579"
RG = f"/subscriptions/{SUB}/resourceGroups/mail-rg"
COMPUTE = f"{RG}/providers/Microsoft.Compute"
VM_ID = f"{COMPUTE}/virtualMachines/mailvm"
INSTANCE = f"{COMPUTE}/virtualMachineScaleSets/mailss/virtualMachines/3"
SITE = f"{RG}/providers/Microsoft.Web/sites/contoso"
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- ids ------------------------------------------------------------------------------------------------------
def test_vm_and_instance_ids_parse_to_their_kind_and_parts():
    vm, inst = parse_id(VM_ID, VM_KINDS), parse_id(INSTANCE.lower(), VM_KINDS)
    assert (vm.kind, vm.subscription, vm.resource_group, vm.name, vm.child) == (VM, SUB, "mail-rg", "mailvm", None)
    assert (inst.kind, inst.name, inst.child) == (SCALE_SET_INSTANCE, "mailss", "3")
    assert parse_id(f"{SITE}/slots/staging", APP_KINDS).parent_id == SITE


def test_a_scale_set_id_is_never_a_vm_and_names_how_to_list_its_instances():
    with pytest.raises(ResourceIdError) as err:
        parse_id(f"{COMPUTE}/virtualMachineScaleSets/mailss", VM_KINDS)
    assert err.value.kind == SCALE_SET and "az vmss list-instances -g mail-rg -n mailss" in str(err.value)
    assert parse_id(f"{COMPUTE}/virtualMachineScaleSets/mailss", VM_KINDS + (SCALE_SET,)).kind == SCALE_SET


@pytest.mark.parametrize("bad", [
    f"{COMPUTE}/virtualMachines", f"/subscriptions/{SUB}/providers/Microsoft.Compute", RG, f"{COMPUTE}/virtualMachines/{{x}}",
    f"{COMPUTE}/virtualMachines/a#b", f"{COMPUTE}/virtualMachines/a b", f"{VM_ID}/extensions/x",
    f"{COMPUTE}/virtualMachines/vm\x1b[2J", VM_ID.replace(SUB, "not-a-guid"), "mailvm", "", SITE,
    f"{RG}/providers/Microsoft.Network/networkInterfaces/nic",
])
def test_ids_that_are_not_vms_are_value_errors_naming_what_is_accepted(bad):
    with pytest.raises(ValueError, match="expected a VM"):
        parse_id(bad, VM_KINDS)


# --- remote text ------------------------------------------------------------------------------------------------
HOSTILE = "220 mx\x1b[2J\x1b]0;pwned\x07\x1b[31mred\x1b[0m\r\nfake row\x9b1m\u202eevil\x00"


def test_clean_strips_escape_sequences_and_controls_and_keeps_the_words():
    assert clean(HOSTILE) == "220 mxred  fake rowevil"
    assert clean(None) == "" and clean("plain: ok") == "plain: ok"
    assert clean_all({"a\x1b[1m": ["x\x07", 3, None]}) == {"a": ["x", 3, None]}


def test_every_table_cell_is_clean():
    result = {"probes": [{"target": "mx", "port": 25, "result": "connected", "detail": HOSTILE}],
              "verdict": "allowed", "agreement": {"status": "confirmed", "detail": HOSTILE}}
    rows = _format.probe_table(result)
    text = "".join(str(v) for row in rows for v in row.values())
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", text)


# --- CLI argument values through the validators (in-process, as az calls them) ----------------------------------
def _namespace(**given):
    fields = dict(vm_ids=None, vm_name=None, resource_group_name=None, subscriptions=None, all_subscriptions=False,
                  management_group=None, offer=None, app_id=None, app_name=None, slot=None, exempted_at=None,
                  destination=None, target=None, edition=None)
    fields.update(given)
    return argparse.Namespace(**fields)


TEXT = st.one_of(st.text(max_size=40), st.sampled_from(["", " ", "0001-01-01", "2017-11-14", "2999-01-01",
                                                         "224.0.0.1", "255.255.255.255", "10.1.0.4", "::1",
                                                         "mx.example.com:99999", VM_ID, INSTANCE, SITE]))
IDS = st.lists(st.one_of(TEXT, st.sampled_from([VM_ID, INSTANCE, f"{COMPUTE}/virtualMachineScaleSets/s"]),
                         TEXT.map(lambda t: VM_ID + t)), min_size=1, max_size=3)


def _validate(validator, namespace):
    """A validator either accepts or raises an az error (what az prints as `ERROR: ...`): nothing else."""
    try:
        validator(namespace)
    except AzCLIError as err:
        assert str(err) and "Traceback" not in str(err)


@QUICK
@given(IDS, TEXT, TEXT, TEXT)
def test_any_argument_value_gets_an_az_error_or_passes(ids, name, date, host):
    _validate(_validators.validate_vm_ids, _namespace(vm_ids=ids))
    _validate(_validators.validate_vm_reference, _namespace(vm_ids=ids))
    _validate(_validators.validate_vm_reference, _namespace(vm_name=name, resource_group_name="rg"))
    _validate(_validators.validate_app_reference, _namespace(app_id=ids[0]))
    _validate(_validators.validate_offer, _namespace(vm_ids=ids, offer="ea"))
    _validate(_validators.validate_exempted_at, _namespace(exempted_at=date))
    _validate(_validators.validate_destination, _namespace(destination=host))
    _validate(_validators.validate_target, _namespace(target=host))


def test_dates_before_the_block_existed_and_special_purpose_addresses_are_refused():
    for date in ("0001-01-01", "2017-11-14"):
        with pytest.raises(AzCLIError, match="before Azure began blocking TCP 25"):
            _validators.validate_exempted_at(_namespace(exempted_at=date))
    for target, what in (("224.0.0.5", "multicast"), ("255.255.255.255", "broadcast"), ("999.1.2.3", "not an IPv4")):
        with pytest.raises(AzCLIError, match=what):
            _validators.validate_target(_namespace(target=target))
    other = VM_ID.replace(SUB, "00000000-0000-0000-0000-000000000001")
    with pytest.raises(AzCLIError, match="--ids name 2"):
        _validators.validate_offer(_namespace(vm_ids=[VM_ID, other], offer="ea"))


# --- malformed ARM bodies through the parse layer ------------------------------------------------------------------
FIELDS = sorted(set(re.findall(r'get\("([A-Za-z$]+)"\)', inspect.getsource(parse))) | {"id", "name", "properties"})
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8) |
                    st.sampled_from([VM_ID, "2024-05-01T10:00:00.1234567Z", "PowerState/running", "not-a-date"]),
                    lambda inner: st.lists(inner, max_size=3) |
                    st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5), max_leaves=25)
PARSERS = [(name, fn) for name, fn in vars(parse).items()
           if inspect.isfunction(fn) and fn.__module__ == parse.__name__ and not name.startswith("_")]


@QUICK
@given(JSON, st.sampled_from(PARSERS))
def test_a_malformed_arm_body_never_raises_in_the_parse_layer(body, named):
    name, fn = named
    extra = {"usage": ("2024-05",), "subnet": (VM_ID,), "firewall_policy": (body,), "node_pool": ([body],)}.get(name, ())
    fn(body, *extra)


@pytest.mark.parametrize("body", [{}, [], {"id": None}, {"properties": []}, "text"])
def test_empty_and_wrong_shaped_bodies_give_models_without_an_id(body):
    assert parse.vm(body).id is None and parse.nic(body).id is None and parse.vnet(body).subnet_ids == []


# --- the Python API ------------------------------------------------------------------------------------------------
class _Credential:
    def get_token(self, *scopes, **kwargs):
        raise AssertionError("no request may be made with invalid arguments")


@pytest.mark.parametrize("call,error,words", [
    (lambda: api.check(None, [SUB]), TypeError, "TokenCredential"),
    (lambda: api.check(_Credential(), SUB), TypeError, "list of strings"),
    (lambda: api.check(_Credential(), []), ValueError, "no subscription"),
    (lambda: api.check(_Credential(), ["mysub"]), ValueError, "GUID"),
    (lambda: api.check(_Credential(), [SUB], edition="1999"), ValueError, "unknown rules edition"),
    (lambda: api.check(_Credential(), [SUB], destination="10.0.0.1"), ValueError, "public IPv4"),
    (lambda: api.check(_Credential(), [SUB], engine="fast"), ValueError, "engine"),
    (lambda: api.check(_Credential(), [SUB], resource_group="a/b"), ValueError, "resource name"),
    (lambda: api.explain_vm(_Credential(), f"{COMPUTE}/virtualMachineScaleSets/mailss"), ValueError, "scale set"),
    (lambda: api.explain_vm(_Credential(), 42), TypeError, "string"),
    (lambda: api.explain_app(_Credential(), VM_ID), ValueError, "web app"),
])
def test_the_python_api_checks_its_arguments_before_any_request(call, error, words):
    with pytest.raises(error, match=words):
        call()



# --- a half-done exemption -------------------------------------------------------------------------------------------
def test_a_vm_deallocated_after_the_exemption_and_not_started_is_down_with_the_start_action():
    from datetime import datetime, timedelta, timezone
    from azext_smtp.core.exemption import vm_refresh
    from azext_smtp.core.model import ActivityEvent, ActivityLog, Inventory, Subscription, Vm
    granted = datetime(2026, 11, 1, tzinfo=timezone.utc)
    vm = Vm(VM_ID, "mailvm", "mail-rg", SUB, [], power_state="deallocated")
    inv = Inventory(Subscription(SUB))
    op = "microsoft.compute/virtualmachines/{}/action"
    inv.activity = ActivityLog(granted - timedelta(days=1), granted + timedelta(days=5),
                               [ActivityEvent(op.format("deallocate"), VM_ID, granted + timedelta(days=1))])
    refresh = vm_refresh(vm, granted, inv)
    assert refresh.down and "deallocated 2026-11-02" in refresh.reason and "not started since" in refresh.reason
    inv.activity.events.append(ActivityEvent(op.format("start"), VM_ID, granted + timedelta(days=2)))
    inv.activity.events.append(ActivityEvent(op.format("deallocate"), VM_ID, granted - timedelta(days=3)))
    assert "not started since" not in vm_refresh(vm, granted, inv).reason  # started since: an owner's choice


def test_an_unknown_verdict_without_an_action_never_says_nothing_to_do():
    result = {"steps": [{"check": "subnet", "result": "unknown", "detail": "Subnet s could not be read: 403."}],
              "verdict": "unknown", "nextAction": None}
    last = _format.explain_table(result)[-1]["Detail"].replace("\n", " ")
    assert "Nothing to do" not in last and "settle the unknown steps" in last
    assert _format.explain_table(dict(result, steps=[], verdict="allowed"))[-1]["Detail"] == "Nothing to do."


def test_a_subscription_name_two_subscriptions_share_is_ambiguous(monkeypatch):
    from types import SimpleNamespace
    from azure.cli.core._profile import Profile
    from azext_smtp import custom
    other = "00000000-0000-0000-0000-000000000001"
    subs = [{"id": i, "name": "Prod", "environmentName": "AzureCloud", "state": "Enabled"} for i in (SUB, other)]
    monkeypatch.setattr(Profile, "__init__", lambda self, **_: None)
    monkeypatch.setattr(Profile, "load_cached_subscriptions", lambda self, *a, **k: subs)
    cmd = SimpleNamespace(cli_ctx=SimpleNamespace(cloud=SimpleNamespace(name="AzureCloud")))
    with pytest.raises(AzCLIError, match="2 subscriptions are named 'prod'"):
        custom._subscription_ids(cmd, False, ["prod"])
    assert custom._subscription_ids(cmd, False, [other]) == [other]
