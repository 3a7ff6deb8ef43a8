"""The authz benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_authz_benchmark_runs_and_agrees_with_casbin(tmp_path: Path) -> None:
    report = run_quick("authz", tmp_path / "authz.json")
    results = report["results"]
    assert results["rules"]["memberships_loaded"] >= 5_000
    assert results["authorizer"]["authorize_us"]["n"] == 20_000
    assert results["casbin"]["agreed"] == 2_000
    assert results["fresh_process"]["memberships"] == results["rules"]["memberships_loaded"]
