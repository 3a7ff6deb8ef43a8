"""The import benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench.quick import run_quick


def test_quick_imports_benchmark_imports_every_file_checks_it_and_writes_json(tmp_path: Path) -> None:
    report = run_quick("imports", tmp_path / "imports.json")
    assert report["database"]["durable"] is True
    results = report["results"]
    assert results["products_first"]["summary"]["created"] == 1000
    assert results["products_first"]["summary"]["products_created"] == 500
    assert results["products_again"]["summary"]["unchanged"] == 1000
    assert results["products_changed"]["summary"]["updated"] == 50
    assert results["inventory"]["summary"]["created"] == 1000
    assert results["prices"]["rows"] == 3000
    assert results["prices"]["summary"]["created"] == 1000
    assert results["products_xlsx"]["summary"]["created"] == 1000
    for step in results.values():
        assert step["seconds"] > 0 and step["rows_per_second"] > 0
        assert step["validate_seconds"] is not None and step["apply_seconds"] is not None
        assert step["copy_floor_seconds"] > 0  # the floor: the same rows by COPY, in the same run
        assert step["ratio_to_copy"] == pytest.approx(step["seconds"] / step["copy_floor_seconds"], rel=0.1)
    assert [t["passed"] for t in report["targets"]] == [None, None, None]  # not at the targets' scale
