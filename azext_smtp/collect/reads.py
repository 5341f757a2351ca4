"""What every read of Azure shares: one read that becomes a Gap when it fails, a raw list, and reads side by side.

A leaf: it imports only pager, the plain model and the domain errors, so every reader (reader, path, policies,
apps, engine) imports it and none imports another for its helpers.
"""
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, List, Optional, Tuple

from . import pager
from ..core.i18n import message
from ..core.model import Gap
from ..errors import ScopeNotFound

# Reads in flight: the lists of one subscription side by side, and several subscriptions at once. ARM refills
# 25 reads/s per subscription and principal (bucket 250), so 8 lists of one subscription stay well inside it;
# SUBSCRIPTION_WORKERS x LIST_WORKERS is a whole run's 32 requests in flight (sharing.IN_FLIGHT).
LIST_WORKERS = 8
SUBSCRIPTION_WORKERS = 4
# A list read group by group (a long one, or one the caller may not read subscription-wide) reads this many groups
# at once, in the thread that waited for the list. Those threads can outnumber the 32 requests in flight: the
# shared transport lets sharing.IN_FLIGHT requests out at a time, the others wait for a slot.
GROUP_WORKERS = 8


def reason(err) -> str:
    """A failed read's status and ARM error code, or what kept the answer from coming."""
    from azure.core.exceptions import HttpResponseError
    if not isinstance(err, HttpResponseError):  # no answer at all: timeout, connection reset, DNS
        return message("read.no-answer", error=type(err).__name__)
    code = getattr(getattr(err, "error", None), "code", None) or getattr(err, "reason", None) or type(err).__name__
    return f"{getattr(err, 'status_code', None) or ''} {code}".strip()


def read(gaps: List[Gap], key: str, what: str, command: str, fn: Callable):
    """Run one read; on an HTTP failure, a page loop or no answer (timeout) record a Gap (`key`: what was not
    read, see model.READS; `what`: the same for people) and return None. A missing resource group is ScopeNotFound."""
    from azure.core.exceptions import AzureError
    try:
        return fn()
    except AzureError as err:
        status = getattr(err, "status_code", None)
        if status == 404 and pager.error_code(err) == "ResourceGroupNotFound":
            raise ScopeNotFound(str(err.message if hasattr(err, "message") else err)) from err
        gaps.append(Gap(key, what, reason(err), command, status))
        return None


def counted(items: list, on_items: Optional[Callable[[int], None]]) -> list:
    """`items`, after telling `on_items` (progress) how many."""
    if on_items:
        on_items(len(items))
    return items


def listing(client, url: str, api_version: str, on_items: Optional[Callable[[int], None]] = None,
            **params) -> Callable[[], list]:
    """A raw list read (JSON items, no SDK models) through `client`'s pipeline; `on_items` hears how many."""
    return lambda: counted(list(pager.pages(client, url, api_version, params)), on_items)


def in_parallel(reads: List[Callable[[List[Gap]], object]], workers: int) -> List[Tuple[object, List[Gap]]]:
    """Run independent reads side by side; each page chain stays a chain inside its read.

    Results and gaps come back in the order the reads were given, so the output never depends on timing.
    Retries stay azure-core's (per request, honouring Retry-After): the pool adds none."""
    def run(one):
        gaps = []
        return one(gaps), gaps
    if workers <= 1 or len(reads) <= 1:
        return [run(r) for r in reads]
    with ThreadPoolExecutor(max_workers=min(workers, len(reads)), thread_name_prefix="azsmtp-read") as pool:
        futures = [pool.submit(run, r) for r in reads]
        return [f.result() for f in futures]
