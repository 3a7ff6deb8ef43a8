"""The order history benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_history_benchmark_runs_and_writes_json(tmp_path: Path) -> None:
    report = run_quick("ordering.history", tmp_path / "history.json")
    results = report["results"]
    assert results["load"]["orders"] == 2_000
    assert results["first_page"]["latency_ms"]["n"] == 10 and results["first_page"]["rows_last_run"] == 50
    assert results["filtered_page"]["latency_ms"]["n"] == 10
    assert results["ratio_to_floor"]["first_page"] > 0
    assert [target["passed"] for target in report["targets"]] == [None, None]  # not at the targets' scale
