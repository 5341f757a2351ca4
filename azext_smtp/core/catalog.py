"""The catalog of checks, actions and offer vocabulary (data/catalog.json), like cfn-lint's rule metadata.

Verdicts refer to checks and actions by id; titles, doc URLs, remediation texts and commands live
in the data file, so adding a check is one pure function plus one catalog entry.
"""
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Optional, Tuple

from .i18n import Link, catalog_text

CATALOG_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "catalog.json")


@dataclass(frozen=True)
class Check:  # pylint: disable=too-many-instance-attributes
    id: str
    title: str
    examines: str
    blocks_as: Optional[str]  # the blockedBy category when the check fails
    results: Tuple[str, ...]  # what the check can answer: pass | fail | unknown | info
    source: str
    remediation: str
    fail_verdict: str = "blocked"  # the verdict its failure alone gives: blocked, or unsupported (may work)


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    text: str
    source: str
    command: Optional[str]


@dataclass(frozen=True)
class OfferVocabulary:
    """What each piece of offer evidence can say: families, and the quotaIds, offerIds and codes that name them."""
    family_names: Dict[str, str]
    quota_families: Dict[str, Tuple[str, ...]]
    offer_ids: Dict[str, str]  # usage-detail offerId -> family
    usage_errors: Dict[str, Tuple[str, ...]]  # usage-detail error code -> families it implies
    usage_error_meanings: Dict[str, str]  # usage-detail error code -> what it says about the agreement
    modern_usage_families: Tuple[str, ...]  # what a `kind: modern` (MCA) usage record implies
    credit_families: Tuple[str, ...]  # what spendingLimit On implies


@dataclass(frozen=True)
class Catalog:
    checks: Dict[str, Check]
    actions: Dict[str, Action]
    offers: OfferVocabulary
    other_paas: Dict[str, str]  # resource type -> service name: PaaS that cannot send on TCP 25
    other_paas_source: str

    def check(self, check_id: str) -> Check:
        return self.checks[check_id]

    def action(self, action_id: str) -> Action:
        return self.actions[action_id]


def offer_families():
    """The families --offer accepts: every named family but the placeholders."""
    return [f for f in load_catalog().offers.family_names if f not in ("other", "unknown")]


@lru_cache(maxsize=None)
def load_catalog() -> Catalog:
    with open(CATALOG_FILE, encoding="utf-8") as f:
        data = json.load(f)

    def text(kind, entry, name):
        return catalog_text(f"{kind}:{entry['id']}:{name}", entry[name])
    checks = {c["id"]: Check(c["id"], text("check", c, "title"), text("check", c, "examines"), c["blocksAs"],
                             tuple(c["results"]), Link(c["source"]), text("check", c, "remediation"),
                             c.get("failVerdict", "blocked")) for c in data["checks"]}
    actions = {a["id"]: Action(a["id"], text("action", a, "title"), text("action", a, "text"), Link(a["source"]),
                               a["command"]) for a in data["actions"]}
    quota = {q: tuple(families) for q, families in data["quotaFamilies"]["map"].items()}
    errors = {code: tuple(families) for code, families in data["usageErrors"]["map"].items()}
    names = {family: catalog_text(f"offer:{family}", name) for family, name in data["offerFamilies"].items()}
    meanings = {code: catalog_text(f"usage-error:{code}", meaning)
                for code, meaning in data["usageErrors"]["meaning"].items()}
    offers = OfferVocabulary(names, quota, dict(data["offerIds"]["map"]), errors, meanings,
                             tuple(data["modernUsageFamilies"]),
                             tuple(data["creditOffers"]["families"]))
    return Catalog(checks, actions, offers, dict(data["otherPaas"]["types"]), data["otherPaas"]["source"])
