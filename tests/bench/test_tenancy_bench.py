"""The benchmark itself must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_tenancy_benchmark_runs_and_writes_json(tmp_path: Path) -> None:
    report = run_quick("tenancy", tmp_path / "tenancy.json")
    sizes = [entry["size"] for entry in report["results"]["provisioning"]]
    assert sizes == [0, 50]
    assert all(entry["latency_ms"]["n"] == 5 for entry in report["results"]["provisioning"])
