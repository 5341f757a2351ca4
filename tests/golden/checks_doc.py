"""docs/checks.md, the check reference, rendered from the catalog (azext_smtp/data/catalog.json).

`python -m tests.golden.regenerate` (scripts/golden.sh) rewrites it with the snapshots; a unit test compares the
committed file with a fresh rendering."""
import os

from azext_smtp.core.catalog import load_catalog

CHECKS_DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "checks.md")


def _cell(text):
    return (text or "-").replace("|", "\\|")


def render() -> str:
    """The check reference as Markdown: every check, then every action, in catalog order."""
    catalog = load_catalog()
    lines = ["# Checks and actions", "",
             "Generated from `azext_smtp/data/catalog.json` by `bash scripts/golden.sh`; do not edit by hand.",
             "Check ids appear in `checks{}` and `steps[].check`, action ids in `actions[]`; both are stable.", "",
             "## Checks", ""]
    for check in catalog.checks.values():
        lines += [f"### `{check.id}`: {check.title}", "",
                  f"- Examines: {check.examines}",
                  f"- Results: {', '.join(check.results)}",
                  f"- Blocked by (when it fails): {check.blocks_as or '-'}",
                  f"- Remediation: {check.remediation}",
                  f"- Documentation: <{check.source}>", ""]
    lines += ["## Actions", "", "| id | title | what to do | command | documentation |", "|---|---|---|---|---|"]
    lines += [f"| `{a.id}` | {_cell(a.title)} | {_cell(a.text)} | "
              + (f"`{_cell(a.command)}`" if a.command else "-") + f" | <{a.source}> |"
              for a in catalog.actions.values()]
    return "\n".join(lines) + "\n"


def write() -> None:
    os.makedirs(os.path.dirname(CHECKS_DOC), exist_ok=True)
    with open(CHECKS_DOC, "w", encoding="utf-8", newline="\n") as f:
        f.write(render())
