"""What the caller may do on a resource, from ARM's `Microsoft.Authorization/permissions` answer (pure).

ARM returns one entry per role the caller holds there: `actions` and `notActions` with `*` wildcards,
matched case-insensitively; an action is allowed when one entry grants it and that same entry does not exclude it.
"""
import re
from typing import Iterable, Optional

RUN_COMMAND = {"vm": "Microsoft.Compute/virtualMachines/runCommand/action",
               "scale-set-instance": "Microsoft.Compute/virtualMachineScaleSets/virtualMachines/runCommand/action"}
RUN_COMMAND_ROLE = "Virtual Machine Contributor"  # built-in role granting both (Microsoft.Compute/virtualMachines/*)


def _matches(pattern: str, action: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), action, re.I) is not None


def allows(permissions: Iterable[dict], action: str) -> bool:
    """Whether any permission entry grants `action` without its own notActions taking it back."""
    return any(any(_matches(a, action) for a in p.get("actions") or [])
               and not any(_matches(n, action) for n in p.get("notActions") or [])
               for p in permissions)


def missing_run_command(permissions: Optional[Iterable[dict]], kind: str) -> Optional[str]:
    """The Run Command action the caller lacks on a VM of `kind`, or None (also when permissions were not read)."""
    action = RUN_COMMAND[kind]
    return None if permissions is None or allows(permissions, action) else action
