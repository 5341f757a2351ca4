"""Argument values checked the same way for the CLI (`_validators.py` turns the ValueError into an az error) and
the Python API (`api.py` lets TypeError and ValueError through)."""
import re
from typing import List, Optional

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def check_destination(value) -> Optional[str]:
    """None (any internet receiver) or a public IPv4 address; ValueError saying what is wrong otherwise."""
    import ipaddress
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"destination is a string, not {type(value).__name__}")
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError as err:
        raise ValueError(f"destination '{value}' is not an IP address") from err
    if address.version == 6 and address.is_global:
        raise ValueError(f"destination {address}: IPv6 receivers are not evaluated yet")
    if address.version != 4 or not address.is_global:
        raise ValueError(f"destination {address} is not a public IPv4 address (port 25 is blocked only towards the "
                         "internet)")
    return str(address)


def check_edition(value) -> str:
    from .editions import available_editions
    if not isinstance(value, str):
        raise TypeError(f"edition is a string, not {type(value).__name__}")
    if value not in available_editions():
        raise ValueError(f"unknown rules edition '{value}': use one of {', '.join(available_editions())}")
    return value


def check_subscription_ids(values) -> List[str]:
    """A list of subscription ids (GUIDs), never one string read as its characters."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"subscription ids come as a list of strings, not {type(values).__name__}")
    ids = list(values)
    if not ids:
        raise ValueError("no subscription id given")
    for value in ids:
        if not isinstance(value, str):
            raise TypeError(f"a subscription id is a string, not {type(value).__name__}")
        if not GUID.fullmatch(value.strip()):
            raise ValueError(f"'{value}' is not a subscription id (a GUID)")
    return [v.strip() for v in ids]


def check_credential(credential) -> None:
    """An azure-core TokenCredential: something with get_token()."""
    if not callable(getattr(credential, "get_token", None)):
        raise TypeError(f"credential must be an azure-core TokenCredential (with get_token), not "
                        f"{type(credential).__name__}")
