"""The pricing benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_pricing_benchmark_runs_verifies_and_writes_json(tmp_path: Path) -> None:
    report = run_quick("pricing", tmp_path / "pricing.json")
    resolution = report["results"]["resolution"]
    assert resolution["latency_ms"]["n"] == 10
    assert sum(resolution["verified_last_run_by_kind"].values()) == 200
    floor = report["results"]["floor"]
    assert floor["latency_ms"]["n"] == 10 and floor["rows_last_run"] >= 200 * 3  # 3 tiers of a base list
    ratios = report["results"]["ratio_to_floor"]
    assert ratios["p50"] == round(resolution["latency_ms"]["p50"] / floor["latency_ms"]["p50"], 2)
    assert ratios["p95"] > 0
    assert report["targets"][0]["passed"] is None  # not at the target's scale
