"""The HTTP benchmark must keep working: a quick run against a real `hansa serve`."""

from __future__ import annotations

from pathlib import Path

from tests.bench.quick import run_quick


def test_quick_http_benchmark_measures_every_endpoint_against_healthz(tmp_path: Path) -> None:
    report = run_quick("http", tmp_path / "http.json")
    endpoints = report["results"]["endpoints"]
    assert set(endpoints) == {"healthz", "me", "product_page", "listing"}
    assert endpoints["healthz"]["ratio_to_healthz"] == 1.0
    for entry in endpoints.values():
        assert entry["rps"] > 0
        assert entry["ratio_to_healthz"] > 0
    assert report["targets"][0]["passed"] is None  # a quick run does not judge the target
