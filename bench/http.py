"""HTTP throughput of the buyer's hot pages, each as a fraction of ``/healthz``.

    python -m bench.http            # 8 clients, 10 s per endpoint, after 2 s of warm-up
    python -m bench.http --quick    # smoke run: 4 clients, 2 s per endpoint

Absolute requests per second differ between machines by 2x and more, so every
figure is printed beside a floor measured in the same process and run: the
``/healthz`` route (no database, no session). The ratio is what is compared
between runs and machines.

What runs: ``hansa serve`` (uvicorn, one process, the production app) on a free
port over a fresh data directory (embedded PostgreSQL and Redis), the demo data
loaded by ``hansa seed demo --images 0``, the buyer ``purchaser@nordbau.demo``
signed in with a bearer token. The load generator is this process: ``--clients``
keep-alive HTTP/1.1 connections on raw asyncio streams (no HTTP library in the
way), each sending the next request as soon as the answer is read, for
``--seconds`` per endpoint. It also times one client alone (latency without
queueing). Endpoints: ``/healthz``, ``/api/v1/me``, the buyer's product page
(``/api/v1/suppliers/{tenant}/products/{id}/public``) and the marketplace
listing (``/api/v1/marketplaces/{slug}/search``, the index). Every answer must be 200.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import (
    RESULTS_DIR,
    BenchError,
    Target,
    err,
    latency_summary_ms,
    overall,
    print_table,
    write_results,
)

DEMO_BUYER = "purchaser@nordbau.demo"
DEMO_PASSWORD = "Hansa-Demo-2026"  # the demo data's published password
TARGET_PRODUCT_PAGE_RATIO = 0.30
READY_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Options:
    out: Path
    clients: int
    seconds: float
    warmup: float
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument("--clients", type=int, default=None, help="concurrent keep-alive clients (8)")
    parser.add_argument("--seconds", type=float, default=None, help="measured seconds per endpoint (10)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 4 clients, 2 s per endpoint")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    return Options(
        out=args.out or RESULTS_DIR / ("http-quick.json" if quick else "http.json"),
        clients=args.clients or (4 if quick else 8),
        seconds=args.seconds or (2.0 if quick else 10.0),
        warmup=0.5 if quick else 2.0,
        strict=bool(args.strict),
        quick=quick,
    )


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _hansa() -> str:
    found = shutil.which("hansa", path=str(Path(sys.executable).parent)) or shutil.which("hansa")
    if not found:
        raise BenchError("the `hansa` command is not installed (make install)")
    return found


@contextmanager
def running_server(data_dir: Path) -> Iterator[tuple[int, Path]]:
    """``hansa serve`` on a free port over ``data_dir``, stopped (with its servers) on exit."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    env.update(HANSA_DATA_DIR=str(data_dir), HANSA_ENV="development")
    log_path = data_dir / "serve.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [_hansa(), "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(port, server, log_path)
            seed = subprocess.run(
                [_hansa(), "seed", "demo", "--images", "0"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if seed.returncode != 0:
                raise BenchError(f"hansa seed demo failed: {seed.stderr[-2000:]}")
            yield port, log_path
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _wait_ready(port: int, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"hansa serve exited: {log_path.read_text()[-2000:]}")
        try:
            status, _ = asyncio.run(_one_request(port, "GET", "/readyz", {}))
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise BenchError("hansa serve did not become ready")


# --------------------------------------------------------------------------- HTTP/1.1 on raw streams


class Connection:
    """One keep-alive HTTP/1.1 connection; answers must carry Content-Length."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
            elif name.strip().lower() == "transfer-encoding":
                raise BenchError("chunked answers are not supported by this load generator")
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


def _raw_request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method != "GET":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _one_request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[int, bytes]:
    conn = await Connection.open(port)
    try:
        return await conn.request(_raw_request(method, path, headers, body))
    finally:
        await conn.close()


# --------------------------------------------------------------------------- load


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    headers: dict[str, str]


async def _client(port: int, raw: bytes, until: float, latencies: list[float], path: str) -> None:
    conn = await Connection.open(port)
    try:
        while True:
            started = time.perf_counter()
            if started >= until:
                return
            status, body = await conn.request(raw)
            if status != 200:
                raise BenchError(f"{path} answered {status}: {body[:300]!r}")
            latencies.append(time.perf_counter() - started)
    finally:
        await conn.close()


async def load(port: int, endpoint: Endpoint, clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` connections hammering one endpoint for ``seconds``: rps and latency."""
    raw = _raw_request("GET", endpoint.path, endpoint.headers)
    latencies: list[float] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_client(port, raw, until, latencies, endpoint.path) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return {"rps": round(len(latencies) / elapsed, 1), "latency_ms": latency_summary_ms(latencies)}


async def measure(port: int, endpoints: list[Endpoint], opts: Options) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for endpoint in endpoints:
        err.print(f"  {endpoint.name}: {opts.clients} clients x {opts.seconds:g} s ...")
        await load(port, endpoint, opts.clients, opts.warmup)
        loaded = await load(port, endpoint, opts.clients, opts.seconds)
        alone = await load(port, endpoint, 1, max(1.0, opts.seconds / 3))
        results[endpoint.name] = {
            "path": endpoint.path,
            "rps": loaded["rps"],
            "latency_ms": loaded["latency_ms"],
            "one_client_latency_ms": alone["latency_ms"],
        }
    floor = results["healthz"]["rps"]
    for entry in results.values():
        entry["ratio_to_healthz"] = round(entry["rps"] / floor, 3) if floor else None
    return results


async def endpoints_for_buyer(port: int) -> list[Endpoint]:
    """Sign the demo buyer in and pick a product and a marketplace it sees."""
    login = json.dumps({"email": DEMO_BUYER, "password": DEMO_PASSWORD, "mode": "bearer"}).encode()
    status, body = await _one_request(
        port, "POST", "/api/v1/auth/login", {"Content-Type": "application/json"}, login
    )
    if status != 200:
        raise BenchError(f"login as {DEMO_BUYER} answered {status}: {body[:300]!r}")
    auth = {"Authorization": f"Bearer {json.loads(body)['token']}", "Accept": "application/json"}
    status, body = await _one_request(port, "GET", "/api/v1/marketplaces", auth)
    marketplaces = json.loads(body)
    if status != 200 or not marketplaces:
        raise BenchError(f"no marketplace to browse ({status})")
    slug = marketplaces[0]["slug"]
    listing_path = f"/api/v1/marketplaces/{slug}/search"  # the listing is the search index (issue 13)
    status, body = await _one_request(port, "GET", listing_path, auth)
    items = json.loads(body).get("items") if status == 200 else None
    if not items:
        raise BenchError(f"the listing of {slug} shows no product ({status})")
    product_path = items[0]["offers"][0]["url"]
    return [
        Endpoint("healthz", "/healthz", {}),
        Endpoint("me", "/api/v1/me", auth),
        Endpoint("product_page", product_path, auth),
        Endpoint("listing", listing_path, auth),
    ]


# --------------------------------------------------------------------------- report


def targets_for(results: dict[str, Any], opts: Options) -> list[Target]:
    page = results.get("endpoints", {}).get("product_page", {}).get("ratio_to_healthz")
    passed = None if page is None or opts.quick else page >= TARGET_PRODUCT_PAGE_RATIO
    return [
        Target(
            "product page rps / healthz rps",
            f">= {TARGET_PRODUCT_PAGE_RATIO:g}",
            page,
            "ratio",
            passed,
            "issue 10: one transaction per request, nothing fetched twice",
        )
    ]


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    for name, entry in results.get("endpoints", {}).items():
        ratio = entry["ratio_to_healthz"]
        lat, alone = entry["latency_ms"], entry["one_client_latency_ms"]
        rows.append(
            (
                f"{name} rps (ratio to healthz)",
                f"{entry['rps']:,.0f} ({ratio:.0%})" if ratio is not None else f"{entry['rps']:,.0f}",
                "",
                None,
            )
        )
        rows.append(
            (f"{name} p50/p99 ms, one client p50", f"{lat['p50']}/{lat['p99']}, {alone['p50']}", "", None)
        )
    rows += [(t.metric, f"{t.value}", t.target, t.passed) for t in targets]
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    started_at = datetime.now(UTC)
    results: dict[str, Any] = {}
    error: str | None = None
    data_dir = Path(tempfile.mkdtemp(prefix="hansa-bench-http-"))
    try:
        err.print(f"starting hansa serve over {data_dir} and loading the demo data ...")
        with running_server(data_dir) as (port, _log):
            endpoints = asyncio.run(endpoints_for_buyer(port))
            results["endpoints"] = asyncio.run(measure(port, endpoints, opts))
    except BenchError as exc:
        error = f"{type(exc).__name__}: {exc}"
    except KeyboardInterrupt:
        error = "interrupted"
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    targets = targets_for(results, opts)
    path = write_results(
        opts.out,
        benchmark="http",
        parameters={"clients": opts.clients, "seconds": opts.seconds, "warmup": opts.warmup},
        results=results,
        targets=targets,
        database={"mode": "embedded", "notes": ["hansa serve over a fresh data directory, demo data"]},
        started_at=started_at,
        error=error,
    )
    print_table(f"http benchmark ({'quick' if opts.quick else 'full'})", table_rows(results, targets))
    err.print(f"results written to {path}")
    if error is not None:
        err.print(f"[bold red]benchmark failed:[/] {error}")
        return 1
    return 2 if opts.strict and overall(targets) is False else 0


if __name__ == "__main__":
    sys.exit(main())
