"""The authz benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench.quick import run_quick


def test_quick_authz_benchmark_runs_and_agrees_with_casbin(tmp_path: Path) -> None:
    report = run_quick("authz", tmp_path / "authz.json")
    results = report["results"]
    assert results["rules"]["memberships_loaded"] >= 5_000
    assert results["authorizer"]["authorize_us"]["n"] == 20_000
    assert results["casbin"]["agreed"] == 2_000
    ratios = results["ratio_to_casbin"]  # the floor, plain pycasbin, in the same run
    enforce = results["casbin"]["enforce_us"]
    authorize_p50 = results["authorizer"]["authorize_us"]["p50"]
    assert ratios["authorize_p50"] == pytest.approx(authorize_p50 / enforce["p50"], rel=0.01)
    assert ratios["authorize_p99"] > 0 and ratios["allowed_p50"] > 0 and ratios["load"] > 0
    assert results["fresh_process"]["memberships"] == results["rules"]["memberships_loaded"]
