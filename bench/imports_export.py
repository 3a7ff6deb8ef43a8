"""Export benchmark: other requests' latency while a 60,000-row export is written.

    python -m bench.imports_export            # 60,000 variants, XLSX
    python -m bench.imports_export --quick    # 6,000 variants (smoke run)

A supplier tenant is filled with 30,000 products of 2 variants each (by SQL: the
catalog's content does not matter here, its size does). The web process (the app,
in this process, over ASGI with its lifespan) is probed the whole time by a client
sending ``GET /healthz`` and ``GET /api/v1/marketplaces`` (a database read) back to
back, one every ~5 ms; each one's latency counts from when it was due (so a blocked
event loop shows as latency, not as missing samples). Three phases, each as long as it takes:

1. *idle*: 5 s of probes alone, the baseline;
2. *export as a job* (how the API works now): ``create_export`` (what ``POST /exports``
   does: one row and one outbox event), then the ``exports.run`` job runs in a separate
   worker process, as Dramatiq does; probes until the job is ``done``;
3. *export on the web loop* (how ``GET /exports/{kind}`` worked before issue 9): the
   same file built inside the web process's event loop; probes until it is built.

Target: p99 of the probes during phase 2 < 100 ms. Phase 3 is the contrast (not a target).
Results: ``bench/results/imports_export.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar.testing import AsyncTestClient

from bench.common import (
    RESULTS_DIR,
    BenchDatabase,
    BenchError,
    Target,
    drive,
    latency_summary_ms,
    server_info,
)
from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.embedded import EmbeddedRedis
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.permissions.service import sync_policies
from hansa.marketplace.imports import repository
from hansa.marketplace.imports import service as imports
from hansa.tenants.schemas import NewTenant
from hansa.tenants.service import provision_tenant

TARGET_P99_MS = 100.0
IDLE_SECONDS = 5.0
PACE_SECONDS = 0.005


@dataclass(frozen=True)
class Options:
    out: Path
    variants: int
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports_export", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument("--quick", action="store_true", help="smoke run: 6,000 variants")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    return Options(
        out=args.out or RESULTS_DIR / ("imports_export-quick.json" if quick else "imports_export.json"),
        variants=6_000 if quick else 60_000,
        strict=bool(args.strict),
        quick=quick,
    )


async def fill_catalog(db: Database, ctx: TenantContext, variants: int) -> None:
    """``variants`` / 2 products of two variants each, with names, attributes and decimals."""
    async with tenant_transaction(db, ctx) as tx:
        await tx.execute(
            "INSERT INTO product (id, name, description, status) SELECT md5('p' || i)::uuid, "
            "'Șurub hexagonal M' || (i % 30) || ' - lot ' || i, 'Oțel zincat, DIN 933', 'published' "
            "FROM generate_series(1, $1) AS i",
            variants // 2,
        )
        await tx.execute(
            "INSERT INTO variant (id, product_id, sku, name, attributes, pack_size, min_order_qty) "
            "SELECT md5('v' || i)::uuid, md5('p' || ((i + 1) / 2))::uuid, 'SKU-' || i, 'M8x' || (i % 90), "
            "jsonb_build_object('length_mm', i % 90, 'thread', 'M8'), 100, 1.5 "
            "FROM generate_series(1, $1) AS i",
            variants,
        )


_WORKER = """
import asyncio, sys, uuid
from hansa.core.db import Database
from hansa.core.tenancy import TenantContext
from hansa.marketplace.imports import service

async def main() -> None:
    db = Database(sys.argv[1], min_size=1, max_size=2)
    await db.connect()
    try:
        await service.run_export(db, TenantContext.for_tenant(uuid.UUID(sys.argv[2])), uuid.UUID(sys.argv[3]))
    finally:
        await db.close()

asyncio.run(main())
"""


class Prober:
    """Sends the probe requests back to back and records each one's latency."""

    def __init__(self, client: AsyncTestClient[Any]) -> None:
        self.client = client
        self.latencies: list[float] = []
        self.running = True

    async def run(self) -> None:
        """A request every ~5 ms; its latency counts from when it was due, so time the loop
        spends blocked (the request could not even be sent) is counted, not omitted."""
        paths = ("/healthz", "/api/v1/marketplaces")
        sent = 0
        while True:
            due = time.perf_counter() + PACE_SECONDS
            await asyncio.sleep(PACE_SECONDS)
            response = await self.client.get(paths[sent % 2])
            self.latencies.append(time.perf_counter() - due)
            if response.status_code != 200:
                raise BenchError(f"probe {paths[sent % 2]} answered {response.status_code}")
            sent += 1
            if not self.running:
                return


async def probed(client: AsyncTestClient[Any], work: Any) -> tuple[dict[str, Any], float]:
    """Latencies of the probes while ``work`` (a coroutine) runs, and how long it ran."""
    prober = Prober(client)
    task = asyncio.create_task(prober.run())
    await asyncio.sleep(0.2)  # the prober is going
    started = time.perf_counter()
    await work
    elapsed = time.perf_counter() - started
    prober.running = False
    await task
    return latency_summary_ms(prober.latencies), round(elapsed, 2)


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    migrations = MigrationSet.load()
    db = Database(pg.url, min_size=1, max_size=4)
    await db.connect()
    try:
        database.update(await server_info(db))
        await migrate_public(db, migrations)
        await sync_policies(db)
        tenant = await provision_tenant(
            db, migrations, NewTenant(slug=f"bench-{uuid.uuid4().hex[:12]}", name="Export SRL")
        )
        ctx = TenantContext.for_tenant(tenant.id)
        await fill_catalog(db, ctx, opts.variants)
        with tempfile.TemporaryDirectory(prefix="hansa-bench-export-") as tmp:
            redis = EmbeddedRedis(Path(tmp) / "redis", durable=False)
            try:
                settings = Settings(database_url=pg.url, redis_url=redis.start(), data_dir=Path(tmp))
                async with AsyncTestClient(app=create_app(settings)) as client:
                    await phases(client, db, ctx, pg.url, results)
            finally:
                redis.stop()
    finally:
        await db.close()


async def phases(
    client: AsyncTestClient[Any], db: Database, ctx: TenantContext, url: str, results: dict[str, Any]
) -> None:
    results["idle"], _ = await probed(client, asyncio.sleep(IDLE_SECONDS))

    async def as_job() -> None:
        queued = await imports.create_export(db, ctx, kind="products", fmt="xlsx")
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _WORKER, url, str(ctx.tenant_id), str(queued.id), stderr=subprocess.PIPE
        )
        _, stderr = await worker.communicate()
        done = await imports.get_export(db, ctx, queued.id)
        if done.status != "done":
            raise BenchError(f"the export job ended {done.status}: {done.error} {stderr.decode()[-500:]}")
        results["export_rows"] = done.total_rows

    results["export_as_job"], results["export_as_job_seconds"] = await probed(client, as_job())

    async def blocking() -> None:
        async with tenant_transaction(db, ctx) as tx:
            records = await repository.export_products(tx)
        imports.export_content("products", "xlsx", records)  # on the loop, as the old route did

    results["export_on_the_loop"], results["export_on_the_loop_seconds"] = await probed(client, blocking())


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    during = results.get("export_as_job", {})
    return [
        Target.below(
            "p99 of other requests during a 60k-row XLSX export (job)",
            during.get("p99"),
            TARGET_P99_MS,
            "ms",
            measured=not opts.quick,
        )
    ]


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    for phase in ("idle", "export_as_job", "export_on_the_loop"):
        summary = results.get(phase)
        if summary:
            rows.append(
                (
                    f"{phase}: p50 / p99 / max",
                    f"{summary['p50']} / {summary['p99']} / {summary['max']} ms",
                    "",
                    None,
                )
            )
    rows += [(t.metric, f"{t.value} {t.unit}", t.target, t.passed) for t in targets]
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    return drive(
        "imports_export",
        opts,
        {"variants": opts.variants, "format": "xlsx", "idle_seconds": IDLE_SECONDS},
        durable=False,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
