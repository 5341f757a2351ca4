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


def walk(receivers: AddressSet, entries: Iterable[Entry]) -> Walk:
    """The first entry holding each receiver decides it. An entry with unread prefixes may hold any receiver
    not decided yet: it is noted in `reached`."""
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
            reached.append(entry)
    return Walk(pieces, reached, remaining)


def unread_first(result: Walk) -> List[Entry]:
    """For one receiver: the deciding entries with unread prefixes that might hold it before its deciding entry."""
    return [e for e in result.reached if e.decides and e.unread]


def disagreeing(result: Walk) -> Optional[Entry]:
    """For one receiver (its walk has one piece): the first entry with unread prefixes that might hold it first
    with another outcome. None: whichever entry holds it, the outcome is its piece's, which then stands."""
    outcome = result.pieces[0].outcome
    return next((e for e in unread_first(result) if e.outcome != outcome), None)


def choose(pieces: List[Piece], rank: Callable[[Hashable], int]) -> Tuple[Piece, List[Piece], List[Piece]]:
    """The outcome holding the most receivers (ties: the lowest rank): (its largest piece, its other pieces,
    the pieces of every other outcome)."""
    totals = {}
    for piece in pieces:
        totals[piece.outcome] = totals.get(piece.outcome, 0) + piece.addresses.size()
    best = max(totals, key=lambda o: (totals[o], -rank(o)))
    same = sorted((p for p in pieces if p.outcome == best), key=lambda p: -p.addresses.size())
    return same[0], same[1:], [p for p in pieces if p.outcome != best]
