"""The Piccolo benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench.quick import run_quick


def test_quick_piccolo_benchmark_runs_with_bare_asyncpg_as_its_floor(tmp_path: Path) -> None:
    report = run_quick("piccolo", tmp_path / "piccolo.json")
    results = report["results"]
    assert set(results) == {"get_by_id", "insert", "update_by_id", "list"}
    for query in results.values():
        piccolo, sql = query["piccolo_us"], query["sql_us"]  # the floor: bare asyncpg, same run
        assert sql["p50"] > 0
        assert query["ratio_to_sql"]["p50"] == pytest.approx(piccolo["p50"] / sql["p50"], abs=0.01)
        assert query["added_us"]["p50"] == pytest.approx(piccolo["p50"] - sql["p50"], abs=0.2)
