"""Run a benchmark's ``--quick`` mode in a subprocess on its own embedded server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def run_quick(module: str, out: Path) -> dict[str, Any]:
    """``python -m bench.<module> --quick --out <out>``; the report it wrote, checked for an error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    run = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", "--quick", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report: dict[str, Any] = json.loads(out.read_text())
    assert report["error"] is None
    return report
