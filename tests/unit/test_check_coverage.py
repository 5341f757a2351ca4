"""Every check in the catalog is seen passing and failing (or unknown) in what the tests judge, and the catalog's
reference (docs/checks.md) is the one rendered from it.

Results come from the golden snapshots (real `az smtp` output over the sample estates) and from random estates
with reads dropped (the property tests' strategies): nothing here lists them by hand."""
import glob
import json
import os
from collections import defaultdict

from hypothesis import HealthCheck, given, settings, strategies as st

from azext_smtp.core.catalog import load_catalog
from azext_smtp.core.judge import judge_subscription
from tests.golden.checks_doc import CHECKS_DOC, render

from .builders import EDITION
from .strategies import DESTINATION, EXEMPTED_AT, estates
from .test_properties import _readable, _unread

SNAPSHOTS = os.path.join(os.path.dirname(__file__), "..", "golden", "snapshots")
KIND = {"pass": "passing", "fail": "failing", "unknown": "failing", "info": "info"}


def _walk(node, seen):
    """(check id, result) pairs of check outputs (`checks{}`) and explanations (`steps[]`)."""
    if isinstance(node, dict):
        if isinstance(node.get("check"), str) and "result" in node:
            seen[node["check"]].add(node["result"])
        for check, result in (node.get("checks") if isinstance(node.get("checks"), dict) else {}).items():
            seen[check].add(result)
        for value in node.values():
            _walk(value, seen)
    elif isinstance(node, list):
        for value in node:
            _walk(value, seen)


def _golden_results():
    seen = defaultdict(set)
    for path in glob.glob(os.path.join(SNAPSHOTS, "**", "*.json"), recursive=True):
        with open(path, encoding="utf-8") as f:  # stdout, then capture.py's exit code and stderr when there are any
            _walk(json.loads(f.read().split("\n--- exit code ")[0]), seen)
    return seen


def _generated_results():
    seen = defaultdict(set)

    @settings(max_examples=300, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(estates(), DESTINATION, st.sampled_from([None, EXEMPTED_AT]), st.data())
    def judge(inv, destination, exempted_at, data):
        less = _unread(inv, data.draw(st.lists(st.sampled_from(_readable(inv)), max_size=2)))
        for verdict in judge_subscription(less, EDITION, destination, exempted_at).vms:
            for result in verdict.results:
                seen[str(result.check)].add(str(result.result))
    judge()
    return seen


def test_every_check_is_seen_giving_each_kind_of_result_the_catalog_says_it_gives():
    golden, generated = _golden_results(), _generated_results()
    for check in load_catalog().checks.values():
        seen = golden[check.id] | generated[check.id]
        assert seen <= set(check.results), check.id
        assert {KIND[r] for r in seen} == {KIND[r] for r in check.results}, (check.id, seen)
    assert set(golden) | set(generated) <= set(load_catalog().checks)


def test_the_committed_check_reference_is_the_one_the_catalog_renders():
    with open(CHECKS_DOC, encoding="utf-8") as f:
        assert f.read() == render(), "docs/checks.md is stale: run bash scripts/golden.sh"
