"""The search-service benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_search_service_benchmark_runs_verifies_prices_and_breaks_down(tmp_path: Path) -> None:
    report = run_quick("search_service", tmp_path / "search-service.json")
    results = report["results"]
    assert results["reindex"]["documents"] == 2_000 and results["reindex"]["per_second"] > 0
    queries = results["queries"]
    assert {"buyer: one word", "anonymous: facet-heavy", "buyer: price-sorted"} <= set(queries)
    for found in queries.values():
        assert found["latency_ms"]["n"] == 10
        steps = found["breakdown_mean_ms"]
        assert {"scope", "backend", "other offers", "supplier checks", "log", "total"} <= set(steps)
        assert 0 < steps["backend"] < steps["total"]
    verified = results["verified_offers_by_list"]
    assert verified["customer"] > 0 and verified["base"] > 0
    assert all(t["passed"] is None for t in report["targets"])  # not at the target's scale
