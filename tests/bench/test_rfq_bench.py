"""The RFQ benchmark must keep working: a quick run on its own embedded server, each number
with its floor (the same rows by bare SQL) beside it."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_rfq_benchmark_runs_verifies_and_writes_each_floor(tmp_path: Path) -> None:
    report = run_quick("rfq", tmp_path / "rfq.json")
    for name in ("comparison", "award", "fanout"):
        found = report["results"][name]
        assert found["verified"] and found["latency_ms"]["n"] == found["floor_ms"]["n"] > 0
        assert found["ratio_to_floor"]["p50"] == round(
            found["latency_ms"]["p50"] / found["floor_ms"]["p50"], 2
        )
    assert report["results"]["comparison"]["app_cpu_ms"]["n"] == 5
    assert all(target["passed"] is None for target in report["targets"])  # not at the targets' scale
