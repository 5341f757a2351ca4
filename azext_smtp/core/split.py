"""First-match evaluation over address sets, and how a split over receivers is summed up.

NSG rules (by priority), firewall rules (by collection priority) and routes (longest prefix first) are all
ordered lists whose first entry holding a receiver decides for it. Walking such a list over a set of receivers
cuts the set into exact pieces, one per deciding entry.
"""
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, List, Optional, Tuple

from .addresses import AddressSet


@dataclass
class Entry:
    covered: AddressSet  # receivers it holds, read exactly
    outcome: Hashable  # what it decides (Allow, Deny, a next hop)
    source: object  # the rule or route
    unread: List[str] = field(default_factory=list)  # prefixes whose ranges are not read (service tags, FQDNs)
    decides: bool = True  # False: it matches only some clients (source ports), so it never decides


@dataclass
class Piece:
    addresses: AddressSet
    outcome: Hashable
    source: object


@dataclass
class Walk:
    pieces: List[Piece]
    reached: List[Entry]  # entries with unread prefixes, or that do not decide, met while receivers were undecided
    rest: AddressSet  # receivers no entry decided
    unknown: Optional[Entry] = None  # stop_at_unread: the unread entry met first


def walk(receivers: AddressSet, entries: Iterable[Entry], stop_at_unread: bool = False) -> Walk:
    """The first entry holding each receiver decides it. An entry with unread prefixes may hold any receiver
    not decided yet: with stop_at_unread (one concrete receiver) the walk stops there, else it is noted."""
    remaining, pieces, reached = receivers, [], []
    for entry in entries:
        if not remaining:
            break
        hit = entry.covered & remaining
        if not entry.decides:
            if hit or entry.unread:
                reached.append(entry)
            continue
        if hit:
            pieces.append(Piece(hit, entry.outcome, entry.source))
            remaining = remaining - hit
        if entry.unread and remaining:
            if stop_at_unread:
                return Walk(pieces, reached, remaining, entry)
            reached.append(entry)
    return Walk(pieces, reached, remaining)


def choose(pieces: List[Piece], rank: Callable[[Hashable], int]) -> Tuple[Piece, List[Piece], List[Piece]]:
    """The outcome holding the most receivers (ties: the lowest rank): (its largest piece, its other pieces,
    the pieces of every other outcome)."""
    totals = {}
    for piece in pieces:
        totals[piece.outcome] = totals.get(piece.outcome, 0) + piece.addresses.size()
    best = max(totals, key=lambda o: (totals[o], -rank(o)))
    same = sorted((p for p in pieces if p.outcome == best), key=lambda p: -p.addresses.size())
    return same[0], same[1:], [p for p in pieces if p.outcome != best]
