"""The benchmark itself must keep working: a quick run on its own embedded server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_quick_tenancy_benchmark_runs_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "tenancy.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    run = subprocess.run(
        [sys.executable, "-m", "bench.tenancy", "--quick", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["error"] is None
    sizes = [entry["size"] for entry in report["results"]["provisioning"]]
    assert sizes == [0, 50]
    assert all(entry["latency_ms"]["n"] == 5 for entry in report["results"]["provisioning"])
