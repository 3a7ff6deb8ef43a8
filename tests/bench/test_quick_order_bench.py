"""The quick-order benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_order_benchmark_runs_verifies_and_writes_json(tmp_path: Path) -> None:
    report = run_quick("ordering.quick_order", tmp_path / "quick_order.json")
    resolution = report["results"]["resolution"]
    assert resolution["latency_ms"]["n"] == 3
    assert sum(resolution["verified_last_run"].values()) == 1000
    assert resolution["verified_last_run"]["ambiguous"] > 0
    assert report["results"]["floor"]["latency_ms"]["n"] == 3
    assert report["results"]["ratio_to_floor"]["p95"] > 0
    assert report["targets"][0]["passed"] is None  # not at the target's scale
