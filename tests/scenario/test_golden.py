"""Golden contract: `-o json` and `-o table` of the real `az smtp` commands match the checked-in snapshots.

Any change of the output contract is then a visible diff in git. One local Azure per estate serves all its cases."""
import difflib
import os

import pytest

from tests.golden.capture import SNAPSHOTS, capture
from tests.golden.cases import snapshot_paths

HINT = "intended? run ./scripts/golden.sh and commit the diff"


@pytest.fixture(scope="session")
def live(ext_dir):
    """Snapshot text by path, captured lazily one estate at a time (each estate's az calls run once)."""
    captured = {}

    def get(rel):
        estate = rel.split("/")[0]
        if estate not in captured:
            captured[estate] = capture(estate, ext_dir)
        return captured[estate][rel]
    return get


@pytest.mark.parametrize("rel", snapshot_paths())
def test_output_matches_snapshot(live, rel):
    path = os.path.join(SNAPSHOTS, rel)
    actual = live(rel)
    if not os.path.exists(path):
        pytest.fail(f"no snapshot {rel}; {HINT}", pytrace=False)
    with open(path, encoding="utf-8") as f:
        expected = f.read()
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"snapshot/{rel}", f"live/{rel}"))
        pytest.fail(f"az smtp output differs from {rel} ({HINT}):\n{diff}", pytrace=False)


def test_no_stale_snapshots():
    """A snapshot no case produces any more is a contract nobody checks."""
    stored = {os.path.relpath(os.path.join(root, name), SNAPSHOTS).replace(os.sep, "/")
              for root, _, files in os.walk(SNAPSHOTS) for name in files}
    stale = sorted(stored - set(snapshot_paths()))
    assert not stale, f"snapshots without a case: {stale}; {HINT}"


@pytest.mark.parametrize("rel", [p for p in snapshot_paths() if p.endswith(".txt")])
def test_tables_fit_120_columns(live, rel):
    """Every `-o table` line of every command fits a 120-column terminal (long sentences stay in JSON)."""
    wide = [line for line in live(rel).splitlines() if len(line) > 120]
    assert not wide, f"{rel}: {len(wide)} line(s) over 120 columns, e.g. {wide[0]!r}"
