"""Every human text in three languages: English, Turkish and German (data/i18n/*.json).

English stays where it was written: the catalog (data/catalog.json), the rule editions
(data/editions/*.json) and, for the sentences the checks put together, the message table
data/i18n/en.json. Turkish and German live beside them in data/i18n/tr.json and de.json, keyed by
the same stable ids. A text is a `Text`: a str holding its English wording, which also remembers its
id and arguments, so the report can say it again in another language (`say`). Pure: no I/O but the
data files.
"""
import json
import os
import re
import string
from datetime import datetime
from functools import lru_cache
from typing import Dict

LANGUAGES = ("en", "tr", "de")
DEFAULT_LANGUAGE = "en"
I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "i18n")
LOCALES = {"en": None, "tr": "tr-tr", "de": "de-de"}  # learn.microsoft.com's path segment for the article
LEARN = re.compile(r"^(https://learn\.microsoft\.com/)(?![a-z]{2}-[a-z]{2}/)")
# lists in a sentence: `{names:or}` says "a or b", `{caveats:semi}` "a; b", `{ids:comma}` "a, b", `{x:concat}` "ab"
_SEPARATORS = {"semi": "; ", "comma": ", ", "space": " ", "concat": ""}
JOINS = {"en": {"or": " or ", "and": " and ", "then": " then ", **_SEPARATORS},
         "tr": {"or": " veya ", "and": " ve ", "then": " ardından ", **_SEPARATORS},
         "de": {"or": " oder ", "and": " und ", "then": " dann ", **_SEPARATORS}}
THOUSANDS = {"tr": ".", "de": "."}  # English keeps its digits as they were
MOMENTS = {"en": "%Y-%m-%d %H:%M UTC", "tr": "%d.%m.%Y %H:%M UTC", "de": "%d.%m.%Y %H:%M UTC"}


class Text(str):
    """An English text that can be said in another language: its id in the tables and its arguments."""
    key: str
    args: Dict[str, object]

    def __new__(cls, key: str, english: str, args=None):
        text = super().__new__(cls, english)
        text.key, text.args = key, dict(args or {})
        return text

    def __reduce__(self):
        return Text, (self.key, str(self), self.args)


class Link(str):
    """A learn.microsoft.com address: said in another language it points to that language's page."""

    def __reduce__(self):
        return Link, (str(self),)


def message(key: str, **args) -> Text:
    """The sentence `key` of the message table, in English, with its arguments kept for other languages."""
    return Text(key, _render(messages("en")[key], args, "en"), args)


def catalog_text(key: str, english: str) -> Text:
    """A text of the catalog or an edition: English from its own file, other languages from data/i18n."""
    return Text(key, english)


_PLAIN = (str, int, bool, float, type(None))  # what `say` leaves as it is without asking further


def say(value, language: str):
    """`value` (a Text, Link, list, dict or anything else) in `language`; what is not text stays as it is."""
    if type(value) in _PLAIN:  # pylint: disable=unidiomatic-typecheck  # not a Text or Link (str subclasses)
        return value
    if isinstance(value, Text):
        return _say_text(value, language)
    if isinstance(value, Link):
        return link(value, language)
    if isinstance(value, dict):
        return {k: say(v, language) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [say(v, language) for v in value]
    return value


def _say_text(text: Text, language: str) -> str:
    if language == "en":
        return str(text)
    template = table(language).get(text.key)
    if template is None:  # a missing translation: English (tests/unit/test_i18n.py fails on it)
        return str(text)
    return _render(template, text.args, language) if text.key in messages("en") else template


def link(url: str, language: str) -> str:
    locale = LOCALES.get(language)
    return LEARN.sub(rf"\g<1>{locale}/", url) if locale else str(url)


def fmt(value, language: str, spec: str = "") -> str:
    """One argument as the language writes it: texts in that language, lists joined with its words, numbers
    with its thousands separator, moments in its date order (JSON keeps ISO: this is for sentences only)."""
    if isinstance(value, (list, tuple)):
        return JOINS[language][spec or "comma"].join(fmt(v, language) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and language in THOUSANDS and abs(value) >= 10000:
        return f"{value:,}".replace(",", THOUSANDS[language])
    if isinstance(value, datetime):
        return value.strftime(MOMENTS[language])
    return str(say(value, language))


def _render(template: str, args, language: str) -> str:
    """The template with its {name} and {name:spec} fields (the only kinds the tables use: test_i18n.py) filled in,
    each argument said with `fmt`; the template is parsed once."""
    return "".join(part if name is None else fmt(args[name], language, part)
                   for part, name in _parts(template))


@lru_cache(maxsize=None)
def _parts(template: str):
    """(literal text, None) and (format spec, field name) in the template's order."""
    parts = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        parts += [(literal, None)] + ([(spec or "", name)] if name is not None else [])
    return tuple(parts)


def placeholders(template: str):
    """The {name:spec} fields of a template, to compare languages."""
    return sorted((name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name is not None)


@lru_cache(maxsize=None)
def _file(language: str) -> dict:
    with open(os.path.join(I18N_DIR, language + ".json"), encoding="utf-8") as f:
        return json.load(f)


def messages(language: str) -> Dict[str, str]:
    return _file(language).get("messages", {})


@lru_cache(maxsize=None)
def table(language: str) -> Dict[str, str]:
    """Every text of `language` (tr, de) by id: the catalog's, the editions' and the message table's.

    English stays in the files that hold it (catalog.json, editions/*.json, i18n/en.json): editions.english_table."""
    data = _file(language)
    flat = {}
    for kind, entries in data.get("catalog", {}).items():
        for entry_id, fields in entries.items():
            if isinstance(fields, dict):
                flat.update({f"{kind}:{entry_id}:{f}": v for f, v in fields.items()})
            else:
                flat[f"{kind}:{entry_id}"] = fields
    for edition, texts in data.get("editions", {}).items():
        flat[f"edition:{edition}:title"] = texts["title"]
        flat.update({f"edition:{edition}:{rule}:{f}": v for rule, fields in texts["rules"].items()
                     for f, v in fields.items()})
    flat.update(messages(language))
    return flat
