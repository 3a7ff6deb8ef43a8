"""The pricing benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_quick_pricing_benchmark_runs_verifies_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "pricing.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    run = subprocess.run(
        [sys.executable, "-m", "bench.pricing", "--quick", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["error"] is None
    resolution = report["results"]["resolution"]
    assert resolution["latency_ms"]["n"] == 10
    assert sum(resolution["verified_last_run_by_kind"].values()) == 200
    assert report["targets"][0]["passed"] is None  # not at the target's scale
