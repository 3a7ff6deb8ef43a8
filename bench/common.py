"""Helpers shared by the benchmarks: database start-up, percentiles, targets, JSON and tables.

A benchmark module does roughly::

    with bench_postgres("tenancy") as pg:          # embedded (durable) or $HANSA_DATABASE_URL
        results = asyncio.run(run(pg.url, ...))
    write_results(path, benchmark="tenancy", parameters=..., results=..., targets=..., database=...)
    print_targets(targets)
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from hansa.core.db import Database
from hansa.core.embedded import EmbeddedPostgres

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "bench" / "results"

# Progress bars, notes and warnings go to stderr; the result table goes to stdout
# (at least 110 columns wide when redirected, so that it stays readable in logs).
err = Console(stderr=True)
out = Console() if sys.stdout.isatty() else Console(width=110)


class BenchError(RuntimeError):
    """The benchmark found the system doing the wrong thing (not merely slowly)."""


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0..100) by linear interpolation between closest ranks.

    The same definition as numpy's default (``method="linear"``).
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile out of range: {p}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary_ms(seconds: Sequence[float], digits: int = 2) -> dict[str, float | int]:
    """n, min, mean, p50, p95, p99 and max of durations given in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "min": round(min(ms), digits),
        "mean": round(sum(ms) / len(ms), digits),
        "p50": round(percentile(ms, 50), digits),
        "p95": round(percentile(ms, 95), digits),
        "p99": round(percentile(ms, 99), digits),
        "max": round(max(ms), digits),
    }


# --------------------------------------------------------------------------- targets


@dataclass
class Target:
    """One pass/fail objective. ``passed`` is None when the run did not measure it at
    the target's scale (e.g. ``--quick``)."""

    metric: str
    target: str
    value: float | None
    unit: str
    passed: bool | None
    note: str = ""

    @classmethod
    def below(
        cls,
        metric: str,
        value: float | None,
        limit: float,
        unit: str,
        *,
        measured: bool = True,
        note: str = "",
    ) -> Target:
        passed = None if value is None or not measured else value < limit
        return cls(metric, f"< {limit:g} {unit}", value, unit, passed, note)


def overall(targets: Iterable[Target]) -> bool | None:
    """False if any target failed, True if all were measured and passed, else None."""
    states = [t.passed for t in targets]
    if any(state is False for state in states):
        return False
    if states and all(state is True for state in states):
        return True
    return None


def mark(passed: bool | None) -> str:
    return {True: "[green]pass[/]", False: "[bold red]FAIL[/]", None: "[yellow]n/a[/]"}[passed]


# --------------------------------------------------------------------------- output


def print_table(title: str, rows: Iterable[tuple[str, str, str, bool | None]]) -> None:
    """A four-column table: metric, value, target, pass."""
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("target")
    table.add_column("pass", justify="center")
    for metric, value, target, passed in rows:
        table.add_row(metric, value, target, mark(passed) if target else "")
    out.print(table)


def progress() -> Progress:
    """A progress bar (on stderr) with count, rate-based ETA and elapsed time."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def machine_info() -> dict[str, Any]:
    """Where the numbers come from: CPU, memory, OS, Python, code revision."""
    status = _git("status", "--porcelain")
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(status) if status is not None else None,
    }


def write_results(
    path: Path,
    *,
    benchmark: str,
    parameters: dict[str, Any],
    results: dict[str, Any],
    targets: Sequence[Target],
    database: dict[str, Any],
    started_at: datetime,
    error: str | None = None,
) -> Path:
    """Write one run's JSON: machine, database, parameters, results, targets, verdict."""
    document = {
        "benchmark": benchmark,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "database": database,
        "parameters": parameters,
        "results": results,
        "targets": [asdict(t) for t in targets],
        "passed": overall(targets) if error is None else False,
        "error": error,
    }
    path = path if path.is_absolute() else Path.cwd() / path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(document, indent=2, default=str) + "\n")
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------- database


@dataclass
class BenchDatabase:
    """The database a benchmark runs against."""

    url: str
    mode: str  # "embedded" | "url"
    durable: bool | None  # None: an external server, whose settings are reported as found
    notes: list[str] = field(default_factory=list)
    fsync: dict[str, float] | None = None  # fsync_probe() of the data directory's file system


def fsync_probe(directory: Path, writes: int = 200) -> dict[str, float]:
    """Latency of an 8 kB write + fdatasync in ``directory`` (the floor of a durable commit)."""
    path = directory / "fsync-probe.bin"
    block = os.urandom(8192)
    timings = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for _ in range(writes):
            started = time.perf_counter()
            os.write(fd, block)
            os.fdatasync(fd)
            timings.append(time.perf_counter() - started)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    us = [t * 1e6 for t in timings]
    return {"writes": writes, "p50_us": round(percentile(us, 50), 1), "p95_us": round(percentile(us, 95), 1)}


@contextmanager
def bench_postgres(
    name: str, *, durable: bool = True, shared_buffers: str = "128MB"
) -> Iterator[BenchDatabase]:
    """A fresh embedded PostgreSQL in a temporary directory, removed afterwards.

    With ``HANSA_DATABASE_URL`` set, that database is used instead (and left as
    it is afterwards: whatever the benchmark creates there stays).
    """
    url = os.environ.get("HANSA_DATABASE_URL")
    if url:
        err.print(
            f"[bold yellow]warning:[/] HANSA_DATABASE_URL is set: benchmark {name!r} runs against "
            f"{_redact(url)} and creates many tenant schemas there, which it does not remove."
        )
        yield BenchDatabase(url, "url", None, [f"ran against HANSA_DATABASE_URL ({_redact(url)})"])
        return
    tmp = Path(tempfile.mkdtemp(prefix=f"hansa-bench-{name}-"))
    server = EmbeddedPostgres(tmp / "pg", durable=durable, shared_buffers=shared_buffers)
    try:
        err.print(f"starting embedded PostgreSQL in {tmp} (durable={durable}) ...")
        url = server.start()
        note = (
            "fresh embedded PostgreSQL with durable settings (fsync, synchronous_commit, full_page_writes on)"
            if durable
            else "fresh embedded PostgreSQL with fsync/synchronous_commit/full_page_writes OFF"
        )
        yield BenchDatabase(url, "embedded", durable, [note], fsync_probe(tmp))
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def with_database(url: str, database: str) -> str:
    """``url`` pointing at another database of the same server."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


_SERVER_SETTINGS = (
    "fsync",
    "synchronous_commit",
    "full_page_writes",
    "wal_level",
    "shared_buffers",
    "max_connections",
    "max_locks_per_transaction",
)


async def server_info(db: Database) -> dict[str, Any]:
    """``SELECT version()`` and the settings that matter for write benchmarks."""
    info: dict[str, Any] = {"version": await db.fetchval("SELECT version()")}
    settings = {}
    for name in _SERVER_SETTINGS:
        settings[name] = await db.fetchval("SELECT current_setting($1)", name)
    info["settings"] = settings
    return info


@asynccontextmanager
async def scratch_database(url: str, prefix: str) -> AsyncIterator[str | None]:
    """A new, empty database on the server of ``url``, dropped on exit.

    Yields None when the role may not create databases.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(url)
    try:
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        except asyncpg.PostgresError as exc:
            err.print(f"[yellow]cannot create a scratch database ({exc}); skipping what needs one[/]")
            yield None
            return
        try:
            yield with_database(url, name)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


class BenchOptions(Protocol):
    @property
    def out(self) -> Path: ...
    @property
    def quick(self) -> bool: ...
    @property
    def strict(self) -> bool: ...


def drive(
    name: str,
    opts: BenchOptions,
    parameters: dict[str, Any],
    *,
    durable: bool,
    shared_buffers: str = "128MB",
    run: Callable[[BenchDatabase, dict[str, Any], dict[str, Any]], Coroutine[Any, Any, None]],
    targets_for: Callable[[dict[str, Any]], list[Target]],
    table_rows: Callable[[dict[str, Any], list[Target]], Iterable[tuple[str, str, str, bool | None]]],
) -> int:
    """Run one benchmark on its database, write the JSON, print the table.

    Exit code: 0 done, 1 the benchmark failed, 2 a target was missed under --strict.
    """
    started_at = datetime.now(UTC)
    results: dict[str, Any] = {}
    database: dict[str, Any] = {}
    error: str | None = None
    with bench_postgres(name, durable=durable, shared_buffers=shared_buffers) as pg:
        database.update({"mode": pg.mode, "durable": pg.durable, "notes": pg.notes})
        if pg.fsync is not None:
            database["fsync_probe"] = pg.fsync
        try:
            asyncio.run(run(pg, results, database))
        except BenchError as exc:
            error = f"{type(exc).__name__}: {exc}"
        except KeyboardInterrupt:
            error = "interrupted"
    targets = targets_for(results)
    path = write_results(
        opts.out,
        benchmark=name,
        parameters=parameters,
        results=results,
        targets=targets,
        database=database,
        started_at=started_at,
        error=error,
    )
    mode = "quick" if opts.quick else "full"
    print_table(f"{name} benchmark ({mode}, {database.get('mode')})", table_rows(results, targets))
    err.print(f"results written to {path}")
    if error is not None:
        err.print(f"[bold red]benchmark failed:[/] {error}")
        return 1
    if opts.strict and overall(targets) is False:
        return 2
    return 0
