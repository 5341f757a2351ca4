"""Microsoft's documented port-25 rules, loaded from the data files in data/editions/.

Each edition of the article is one JSON file; rules carry stable ids so verdicts,
tests and users can refer to them across releases.
"""
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional

from .i18n import Link, catalog_text, messages

EDITIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "editions")
CURRENT_EDITION = "2023-12"


@dataclass(frozen=True)
class OfferRule:
    id: str
    title: str
    families: tuple
    status: str
    scope: str
    way_out: str
    actions: tuple

    def covers(self, family):
        return family in self.families or "*" in self.families


@dataclass(frozen=True)
class FollowUpRule:
    id: str
    title: str
    action: Optional[str]
    role: str  # deallocate-and-start | add-remove-temp-subnet | direct-routes-only: what verdicts look it up by


@dataclass(frozen=True)
class Edition:  # pylint: disable=too-many-instance-attributes
    edition: str
    title: str
    source: str
    published: str
    reviewed: str
    offer_rules: tuple
    after_exemption: tuple = field(default_factory=tuple)
    commit: Optional[str] = None  # "owner/repo@sha" of the text the rules were read from, when known
    service_rules: tuple = field(default_factory=tuple)  # App Service and other PaaS, from the 2022 rewrite on

    def rule_for(self, family) -> OfferRule:
        """The first rule that names the family; the catch-all rule comes last."""
        named = [r for r in self.offer_rules if family in r.families]
        return named[0] if named else next(r for r in self.offer_rules if r.covers(family))

    def after_exemption_rule(self, role) -> FollowUpRule:
        """The after-exemption rule playing `role` (its id differs between editions)."""
        return next(r for r in self.after_exemption if r.role == role)

    def service_rule(self, role) -> Optional[FollowUpRule]:
        """The rule for App Service (`app-service`) or other PaaS (`other-paas`); None when the edition is silent."""
        return next((r for r in self.service_rules if r.role == role), None)


def available_editions() -> List[str]:
    return sorted(f[:-5] for f in os.listdir(EDITIONS_DIR) if f.endswith(".json"))


@lru_cache(maxsize=None)
def load_edition(edition: str = CURRENT_EDITION) -> Edition:
    with open(os.path.join(EDITIONS_DIR, edition + ".json"), encoding="utf-8") as f:
        data = json.load(f)

    def text(rule, name):
        return catalog_text(f"edition:{data['edition']}:{rule['id']}:{name}", rule[name])
    offer_rules = tuple(
        OfferRule(r["id"], text(r, "title"), tuple(r["families"]), r["status"], text(r, "scope"), text(r, "wayOut"),
                  tuple(r["actions"]))
        for r in data["offerRules"])
    follow_ups = tuple(FollowUpRule(r["id"], text(r, "title"), r["action"], r["role"])
                       for r in data.get("afterExemption", []))
    services = tuple(FollowUpRule(r["id"], text(r, "title"), r["action"], r["role"])
                     for r in data.get("serviceRules", []))
    return Edition(data["edition"], catalog_text(f"edition:{edition}:title", data["title"]), Link(data["source"]),
                   data["published"], data["reviewed"],
                   offer_rules, follow_ups, data.get("commit"), services)


def english_table() -> Dict[str, str]:
    """Every English text by id: the catalog's, the editions' and the message table's (here, as the catalog
    and editions load through i18n)."""
    from .catalog import load_catalog
    catalog = load_catalog()
    texts = [t for c in catalog.checks.values() for t in (c.title, c.examines, c.remediation)]
    texts += [t for a in catalog.actions.values() for t in (a.title, a.text)]
    texts += list(catalog.offers.family_names.values()) + list(catalog.offers.usage_error_meanings.values())
    for edition in map(load_edition, available_editions()):
        texts.append(edition.title)
        texts += [t for r in edition.offer_rules for t in (r.title, r.scope, r.way_out)]
        texts += [r.title for r in edition.after_exemption + edition.service_rules]
    return {**{t.key: str(t) for t in texts}, **messages("en")}
