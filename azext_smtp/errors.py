"""The domain errors `az smtp` raises; custom.py turns each into an azure-cli error with a fix."""
from typing import Optional


class ScopeNotFound(Exception):
    """The subscription or resource group asked for does not exist (or is invisible to the caller)."""


class VmNotFound(Exception):
    """The VM asked for is not in the subscription (or not visible to the caller)."""


class AppNotFound(Exception):
    """The web app, function app or slot asked for is not in the subscription (or not visible to the caller)."""


class ProbeBlocked(Exception):
    """`probe` stopped before writing: the VM is not running, or the caller may not run commands on it."""

    def __init__(self, vm, why: str, missing_action: Optional[str] = None):
        super().__init__(why)
        self.vm, self.missing_action = vm, missing_action


class GraphRefused(Exception):
    """Graph failed (after azure-core's retries): the run reads its lists with ARM instead."""
