"""Python API: the same verdicts as `az smtp`, from an azure-core TokenCredential.

    from azure.identity import DefaultAzureCredential
    from azext_smtp.api import check
    result = check(DefaultAzureCredential(), ["<subscription id>"])
"""
from typing import Iterable, Optional

from .clients import PUBLIC_ARM, CredentialClients
from .core.editions import CURRENT_EDITION
from .core.ids import subscription_of
from .collect.path import VmRef
from . import scan


def check(credential, subscription_ids: Iterable[str], resource_group: Optional[str] = None, *,
          base_url: str = PUBLIC_ARM, edition: str = CURRENT_EDITION, destination: Optional[str] = None,
          engine: Optional[str] = None, **client_kwargs) -> dict:
    """`az smtp check` as a function; returns the same JSON-ready dict. `engine`: arm, graph or None (auto)."""
    clients = CredentialClients(credential, base_url, **client_kwargs)
    return scan.check(clients, subscription_ids, resource_group, scan.Options(edition, destination, engine=engine))


def explain_vm(credential, vm_id: str, *, base_url: str = PUBLIC_ARM, edition: str = CURRENT_EDITION,
               destination: Optional[str] = None, **client_kwargs) -> dict:
    """`az smtp explain-vm --ids VM_ID` as a function."""
    clients = CredentialClients(credential, base_url, **client_kwargs)
    return scan.explain_vms(clients, [VmRef.of_id(vm_id)], scan.Options(edition, destination))[0]


def explain_app(credential, app_id: str, *, base_url: str = PUBLIC_ARM, edition: str = CURRENT_EDITION,
                destination: Optional[str] = None, **client_kwargs) -> dict:
    """`az smtp explain-app --ids APP_ID` (a site or slot id) as a function."""
    clients = CredentialClients(credential, base_url, **client_kwargs)
    return scan.explain_app(clients, subscription_of(app_id), scan.by_id(app_id), app_id,
                            scan.Options(edition, destination))
