"""Resource ids given on the command line or to the Python API, parsed once, before any request, against the
resource types a command accepts: an id of anything else is refused with what is accepted, never read as a VM.

Parsed by azure-mgmt-core; the id must rebuild to itself (no missing or extra segments) and its names must not
hold characters no Azure name holds (`{x}`, `#`, `?`, `%`, spaces, control characters)."""
import re
from dataclasses import dataclass
from typing import Iterable, Optional

VM = "vm"
SCALE_SET_INSTANCE = "scale-set-instance"
SCALE_SET = "scale-set"
APP = "app"
SLOT = "slot"
VM_KINDS = (VM, SCALE_SET_INSTANCE)
APP_KINDS = (APP, SLOT)

# (namespace, type, child types) -> kind, all lower case
_SHAPES = {("microsoft.compute", "virtualmachines", ()): VM,
           ("microsoft.compute", "virtualmachinescalesets", ("virtualmachines",)): SCALE_SET_INSTANCE,
           ("microsoft.compute", "virtualmachinescalesets", ()): SCALE_SET,
           ("microsoft.web", "sites", ()): APP,
           ("microsoft.web", "sites", ("slots",)): SLOT}
SHAPE = {VM: "a VM (/subscriptions/SUB/resourceGroups/GROUP/providers/Microsoft.Compute/virtualMachines/NAME)",
         SCALE_SET_INSTANCE: "a scale-set instance (.../providers/Microsoft.Compute/virtualMachineScaleSets/SET/"
                             "virtualMachines/INSTANCE)",
         SCALE_SET: "a scale set (.../providers/Microsoft.Compute/virtualMachineScaleSets/SET)",
         APP: "a web app or function app (.../providers/Microsoft.Web/sites/NAME)",
         SLOT: "a deployment slot (.../providers/Microsoft.Web/sites/NAME/slots/SLOT)"}
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
BAD_NAME = re.compile(r"[\s\x00-\x1f\x7f-\x9f/\\?#%{}<>|*&:;,\"']")


class ResourceIdError(ValueError):
    """An id that is not one of the resource types the command accepts; the message says what is accepted."""

    def __init__(self, message: str, kind: Optional[str] = None):
        super().__init__(message)
        self.kind = kind  # what the id is when it is a known type the command does not take (a scale set)


@dataclass(frozen=True)
class ResourceId:
    id: str
    kind: str  # VM | SCALE_SET_INSTANCE | SCALE_SET | APP | SLOT
    subscription: str
    resource_group: str
    name: str  # the VM's, the scale set's or the site's name
    child: Optional[str] = None  # the instance id or the slot name

    @property
    def parent_id(self) -> str:
        """The scale set of an instance, the site of a slot; the resource itself otherwise."""
        return self.id.rsplit("/", 2)[0] if self.child is not None else self.id


def accepted(kinds: Iterable[str]) -> str:
    return " or ".join(SHAPE[k] for k in kinds)


def _shape(text: str, parts: dict) -> Optional[str]:
    from azure.mgmt.core.tools import resource_id
    children = tuple(parts.get(f"child_type_{n}", "").lower() for n in range(1, parts.get("last_child_num", 0) + 1))
    kind = _SHAPES.get(((parts.get("namespace") or "").lower(), (parts.get("type") or "").lower(), children))
    if kind is None:
        return None
    wanted = ("subscription", "resource_group", "namespace", "type", "name", "child_type_", "child_name_")
    rebuilt = resource_id(**{k: v for k, v in parts.items() if k.startswith(wanted)})
    return kind if rebuilt.lower() == text.rstrip("/").lower() else None


def parse_id(text, kinds: Iterable[str]) -> ResourceId:
    """`text` as one of `kinds`; ResourceIdError (a ValueError) naming what is accepted otherwise, TypeError for a
    value that is not a string."""
    from azure.mgmt.core.tools import parse_resource_id
    kinds = tuple(kinds)
    if not isinstance(text, str):
        raise TypeError(f"a resource id is a string, not {type(text).__name__}")
    text = text.strip()
    want = f"expected {accepted(kinds)}"
    if not text.startswith("/subscriptions/"):
        raise ResourceIdError(f"'{text}' is not a resource id: {want}")
    parts = parse_resource_id(text)
    kind = _shape(text, parts)
    names = [parts.get(k) or "" for k in ("resource_group", "name", "child_name_1")]
    if kind is None or not GUID.fullmatch(parts.get("subscription") or "") or \
            any(BAD_NAME.search(n) for n in names):
        raise ResourceIdError(f"'{text}' is not a well-formed resource id of the accepted types: {want}")
    parsed = ResourceId(text.rstrip("/"), kind, parts["subscription"], parts["resource_group"], parts["name"],
                        parts.get("child_name_1"))
    if kind not in kinds:
        hint = ""
        if kind == SCALE_SET and SCALE_SET_INSTANCE in kinds:
            hint = (f"; give one of its instances, {parsed.id}/virtualMachines/INSTANCE (list them with "
                    f"`az vmss list-instances -g {parsed.resource_group} -n {parsed.name} --query \"[].id\" -o tsv`)")
        raise ResourceIdError(f"'{text}' is {SHAPE[kind].split(' (')[0]}: {want}{hint}", kind)
    return parsed


def parse_ids(texts, kinds: Iterable[str]):
    """Every id of `texts` (a list, never one string read as its characters)."""
    if isinstance(texts, (str, bytes)) or texts is None:
        raise TypeError("resource ids come as a list of strings, not a single "
                        f"{type(texts).__name__}")
    return [parse_id(t, kinds) for t in texts]


def check_name(value, what: str) -> str:
    """A resource name given alone (-n, -g, --slot): not empty, no character Azure names never hold."""
    if not isinstance(value, str):
        raise TypeError(f"{what} is a string, not {type(value).__name__}")
    if not value.strip() or BAD_NAME.search(value):
        raise ValueError(f"{what} '{value}' is not a resource name (empty, or holding '/', spaces, control "
                         "characters or other characters Azure names never hold)")
    return value
