"""The authz benchmark must keep working: a quick run on its own embedded server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_quick_authz_benchmark_runs_and_agrees_with_casbin(tmp_path: Path) -> None:
    out = tmp_path / "authz.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    run = subprocess.run(
        [sys.executable, "-m", "bench.authz", "--quick", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["error"] is None
    results = report["results"]
    assert results["rules"]["memberships_loaded"] >= 5_000
    assert results["authorizer"]["authorize_us"]["n"] == 20_000
    assert results["casbin"]["agreed"] == 2_000
    assert results["fresh_process"]["memberships"] == results["rules"]["memberships_loaded"]
