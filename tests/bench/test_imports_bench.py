"""The import benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_quick_imports_benchmark_imports_every_file_checks_it_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "imports.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    run = subprocess.run(
        [sys.executable, "-m", "bench.imports", "--quick", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["error"] is None
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
    assert [t["passed"] for t in report["targets"]] == [None, None, None]  # not at the targets' scale
