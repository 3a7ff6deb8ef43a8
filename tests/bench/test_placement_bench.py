"""The placement benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_placement_benchmark_places_verifies_and_never_oversells(tmp_path: Path) -> None:
    report = run_quick("ordering.placement", tmp_path / "placement.json")
    placement = report["results"]["placement"]
    assert placement["latency_ms"]["n"] == 5 and placement["verified"] is True
    race = report["results"]["race"]
    assert (race["placed"], race["units_sold"], race["oversold"]) == (10, 10, 0)
    assert race["orders_per_s"] > 0
    assert [t["passed"] for t in report["targets"]] == [None, None]  # not at the targets' scale
