"""Python API: the same verdicts as `az smtp`, from an azure-core TokenCredential.

    from azure.identity import DefaultAzureCredential
    from azext_smtp.api import check
    result = check(DefaultAzureCredential(), ["<subscription id>"])

Arguments are checked before any request: a wrong type is a TypeError (a subscription id string where a list
belongs, a credential without get_token), a wrong value a ValueError saying what is accepted."""
from typing import Iterable, Optional

from .clients import PUBLIC_ARM, CredentialClients
from .core import arguments
from .core.editions import CURRENT_EDITION
from .core.resource_ids import APP_KINDS, VM_KINDS, check_name, parse_id
from .collect.path import VmRef
from . import scan
from .heap import seldom_collected


def _options(credential, edition, destination, engine=None) -> scan.Options:
    arguments.check_credential(credential)
    if engine not in (None, "arm", "graph"):
        raise ValueError(f"engine '{engine}' is not one of arm, graph or None (auto)")
    return scan.Options(arguments.check_edition(edition), arguments.check_destination(destination), engine=engine)


def check(credential, subscription_ids: Iterable[str], resource_group: Optional[str] = None, *,
          base_url: str = PUBLIC_ARM, edition: str = CURRENT_EDITION, destination: Optional[str] = None,
          engine: Optional[str] = None, **client_kwargs) -> dict:
    """`az smtp check` as a function; returns the same JSON-ready dict. `engine`: arm, graph or None (auto)."""
    options = _options(credential, edition, destination, engine)
    subscription_ids = arguments.check_subscription_ids(subscription_ids)
    if resource_group is not None:
        check_name(resource_group, "resource_group")
    clients = CredentialClients(credential, base_url, **client_kwargs)
    with seldom_collected():
        return scan.check(clients, subscription_ids, resource_group, options)


def explain_vm(credential, vm_id: str, *, base_url: str = PUBLIC_ARM, edition: str = CURRENT_EDITION,
               destination: Optional[str] = None, **client_kwargs) -> dict:
    """`az smtp explain-vm --ids VM_ID` as a function."""
    options = _options(credential, edition, destination)
    parse_id(vm_id, VM_KINDS)
    clients = CredentialClients(credential, base_url, **client_kwargs)
    return scan.explain_vms(clients, [VmRef.of_id(vm_id)], options)[0]


def explain_app(credential, app_id: str, *, base_url: str = PUBLIC_ARM, edition: str = CURRENT_EDITION,
                destination: Optional[str] = None, **client_kwargs) -> dict:
    """`az smtp explain-app --ids APP_ID` (a site or slot id) as a function."""
    options = _options(credential, edition, destination)
    app = parse_id(app_id, APP_KINDS)
    clients = CredentialClients(credential, base_url, **client_kwargs)
    return scan.explain_app(clients, app.subscription, scan.by_id(app.id), app.id, options)
