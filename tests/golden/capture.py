"""Run the golden cases against a local Azure and turn the output into stable snapshot text."""
import os
import re

from tests.localarm.session import local_azure

from .cases import FORMATS, REPORT_EXT, REPORTS, cases

SNAPSHOTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "snapshots")

# ISO dates / date-times and `YYYY-MM-DD HH:MM UTC`: the followup estate is relative to now, so these change daily.
# API versions are not clock dates and stay.
# A wrapped table cell may break the line between the date, the time and "UTC": any whitespace separates them.
DATE = re.compile(r"(?<!api-version=)\b\d{4}-\d{2}-\d{2}"
                  r"(?:(?:T|\s+)\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s+UTC)?)?")
# `az smtp rules` prints the article catalogue: its dates are content (e.g. "created after 2017-..."), not the clock.
STATIC_COMMANDS = {"rules"}
# Same-width placeholder (digits only; separators kept), so table columns do not move: 2026-11-25T14:17 ->
# YYYY-MM-DDThh:mm (digit by digit, so a date wrapped over two lines too), and digits past the seconds become `n`.
DIGITS = "YYYYMMDDhhmmss"
# A report's moment in Turkish and German (03.12.2026 10:00 UTC), and the versions it names, which change per release.
DAY_FIRST = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\s+\d{2}:\d{2}\s+UTC")
VERSIONS = re.compile(r"\(az smtp [^,()]+, az [^,()]+,")
# az's own notice on every command of a preview group (tests/scenario/test_cli_surface.py checks it): not our output.
PREVIEW_NOTICE = re.compile(r"^WARNING: Command group 'smtp' is in preview .*\n", re.M)


def _placeholder(match):
    letters = iter(DIGITS)
    return "".join(next(letters, "n") if c.isdigit() else c for c in match.group(0))


def scrub(text, arm=None, workdirs=(), dates=True):
    """Replace what differs between runs or machines (dates, the ARM's port, temp folders) by placeholders."""
    if arm is not None:
        text = text.replace(arm.url.rstrip("/"), "https://127.0.0.1:PORT")
    for folder in workdirs:
        if folder:
            text = text.replace(folder, "<tmp>")
    return DATE.sub(_placeholder, text) if dates else text


def _snapshot(proc, arm, workdirs, dates):
    """Stdout verbatim (az already prints JSON with indent 2), then exit code and stderr unless a clean success."""
    out, stderr = proc.stdout, PREVIEW_NOTICE.sub("", proc.stderr)
    if proc.returncode or stderr.strip():
        out += f"--- exit code {proc.returncode}; stderr ---\n{stderr}"
    return scrub(out, arm, workdirs, dates)


def capture(estate, ext_dir):
    """{'<estate>/<case>.json|.txt|.md': snapshot text} for every case and report of `estate`, from one local Azure."""
    result = {}
    with local_azure(estate, ext_dir) as (arm, az):
        workdirs = (az.workdir, ext_dir)
        for name, args in cases()[estate]:
            dates = args[0] not in STATIC_COMMANDS
            for fmt, ext in FORMATS.items():
                proc = az.run("smtp", *args, "-o", fmt, check=False)
                result[f"{estate}/{name}{ext}"] = _snapshot(proc, arm, workdirs, dates)
        for name, args in REPORTS.get(estate, []):
            path = os.path.join(az.workdir, name + REPORT_EXT)
            az.run("smtp", *args, "--file", path)
            with open(path, encoding="utf-8") as f:
                text = VERSIONS.sub("(az smtp VERSION, az VERSION,", f.read())
            result[f"{estate}/{name}{REPORT_EXT}"] = scrub(DAY_FIRST.sub("DD.MM.YYYY hh:mm UTC", text), arm, workdirs)
    return result
