"""Schema-per-tenant benchmark: provisioning latency as the fleet grows, and fleet migration.

    python -m bench.tenancy                 # sizes 0,1000,5000; 50 samples; fleet of 1,000
    python -m bench.tenancy --quick         # smoke run: sizes 0,50; 5 samples; fleet of 50

1. Provisioning latency. For each size N, the database is first filled to N
   tenants (concurrently, not timed), then ``--samples`` tenants are provisioned
   one after the other, each timed around ``provision_tenant`` (one transaction:
   registry row, CREATE SCHEMA, tenant track, profile row, commit).
2. Fleet migration. In a separate, fresh database on the same server, ``--fleet``
   tenants are provisioned at the head of the tenant track; then one additive
   tenant migration is appended (in memory only) and ``migrate_fleet`` brings
   every tenant up to it. Afterwards every tenant must have the new version, the
   new column and the new index, or the benchmark fails.

The database is a fresh embedded PostgreSQL with durable settings, or the one of
``HANSA_DATABASE_URL`` when set. Results go to ``--out`` as JSON; a table is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import (
    RESULTS_DIR,
    BenchDatabase,
    BenchError,
    Target,
    drive,
    err,
    latency_summary_ms,
    progress,
    scratch_database,
    server_info,
)
from hansa.core.db import Database
from hansa.core.migrations import Migration, MigrationSet, migrate_public
from hansa.tenants.schemas import NewTenant
from hansa.tenants.service import migrate_fleet, provision_tenant

TARGET_SIZE = 5_000
TARGET_P95_MS = 300.0
TARGET_FLEET = 1_000
TARGET_FLEET_SECONDS = 120.0

BENCH_MIGRATION_NAME = "bench_note"
BENCH_INDEX = "supplier_profile_bench_note_idx"
BENCH_MIGRATION_SQL = f"""\
-- Benchmark only, never written to disk: an additive change like a typical release's.
ALTER TABLE supplier_profile ADD COLUMN bench_note text;
CREATE INDEX {BENCH_INDEX} ON supplier_profile (bench_note);
"""


@dataclass(frozen=True)
class Options:
    out: Path
    sizes: tuple[int, ...]
    samples: int
    fleet: int
    fill_concurrency: int
    migrate_concurrency: int
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.tenancy", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="JSON results file (default bench/results/tenancy[-quick].json)",
    )
    parser.add_argument("--sizes", default=None, help="tenant counts to measure at (default 0,1000,5000)")
    parser.add_argument("--samples", type=int, default=None, help="timed provisionings per size (default 50)")
    parser.add_argument(
        "--fleet", type=int, default=None, help="tenants in the fleet migration (default 1000)"
    )
    parser.add_argument(
        "--fill-concurrency", type=int, default=8, help="concurrent provisionings when filling"
    )
    parser.add_argument("--migrate-concurrency", type=int, default=8, help="migrate_fleet concurrency")
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 0,50, 5 samples, fleet 50")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    sizes_text = args.sizes or ("0,50" if quick else "0,1000,5000")
    try:
        sizes = tuple(sorted({int(s) for s in sizes_text.split(",") if s.strip()}))
    except ValueError:
        parser.error(f"--sizes must be comma-separated integers, not {sizes_text!r}")
    samples = args.samples if args.samples is not None else (5 if quick else 50)
    fleet = args.fleet if args.fleet is not None else (50 if quick else TARGET_FLEET)
    if not sizes or min(sizes) < 0:
        parser.error("--sizes needs at least one size, none negative")
    if samples < 1 or fleet < 0 or args.fill_concurrency < 1 or args.migrate_concurrency < 1:
        parser.error("--samples and concurrencies must be >= 1, --fleet >= 0")
    return Options(
        out=args.out or RESULTS_DIR / ("tenancy-quick.json" if quick else "tenancy.json"),
        sizes=sizes,
        samples=samples,
        fleet=fleet,
        fill_concurrency=args.fill_concurrency,
        migrate_concurrency=args.migrate_concurrency,
        strict=bool(args.strict),
        quick=quick,
    )


def with_bench_migration(real: MigrationSet) -> MigrationSet:
    """The real migrations plus one additive tenant migration at head + 1."""
    extra = Migration(real.tenant_head + 1, BENCH_MIGRATION_NAME, BENCH_MIGRATION_SQL)
    return MigrationSet(public=real.public, tenant=(*real.tenant, extra))


def new_tenant() -> NewTenant:
    key = uuid.uuid4().hex[:12]
    return NewTenant(slug=f"bench-{key}", name=f"Bench supplier {key}", contact_email=f"{key}@bench.example")


async def count_tenants(db: Database) -> int:
    return int(await db.fetchval("SELECT count(*) FROM public.tenant"))


async def catalog_stats(db: Database) -> dict[str, float]:
    """How big the system catalog and the database have grown (schemas are catalog rows)."""
    return {
        "schemas": int(await db.fetchval("SELECT count(*) FROM pg_namespace")),
        "pg_class_rows": int(await db.fetchval("SELECT count(*) FROM pg_class")),
        "pg_attribute_rows": int(await db.fetchval("SELECT count(*) FROM pg_attribute")),
        "database_mb": round(
            int(await db.fetchval("SELECT pg_database_size(current_database())")) / 2**20, 1
        ),
    }


async def fill(
    db: Database, migrations: MigrationSet, target: int, concurrency: int, label: str
) -> dict[str, Any]:
    """Provision tenants concurrently until ``target`` exist (not timed per call)."""
    existing = await count_tenants(db)
    missing = max(0, target - existing)
    started = time.perf_counter()
    if missing:
        gate = asyncio.Semaphore(concurrency)
        with progress() as bar:
            task = bar.add_task(label, total=missing)

            async def one() -> None:
                async with gate:
                    await provision_tenant(db, migrations, new_tenant())
                bar.advance(task)

            await asyncio.gather(*(one() for _ in range(missing)))
    seconds = time.perf_counter() - started
    return {
        "existing": existing,
        "provisioned": missing,
        "seconds": round(seconds, 2),
        "tenants_per_s": round(missing / seconds, 1) if missing and seconds else None,
    }


async def provisioning(db: Database, migrations: MigrationSet, opts: Options) -> list[dict[str, Any]]:
    results = []
    for size in opts.sizes:
        filled = await fill(db, migrations, size, opts.fill_concurrency, f"fill to {size:,} tenants")
        before = await count_tenants(db)
        timings = []
        with progress() as bar:
            task = bar.add_task(f"time {opts.samples} provisionings at {before:,}", total=opts.samples)
            for _ in range(opts.samples):
                tenant = new_tenant()
                started = time.perf_counter()
                await provision_tenant(db, migrations, tenant)
                timings.append(time.perf_counter() - started)
                bar.advance(task)
        entry: dict[str, Any] = {
            "size": size,
            "tenants_before": before,
            "tenants_after": before + opts.samples,
            "latency_ms": latency_summary_ms(timings),
            "samples_ms": [round(t * 1000, 2) for t in timings],
            "fill": filled,
            "catalog": await catalog_stats(db),
        }
        if before > size:
            entry["note"] = f"the database already held {before:,} tenants (> {size:,})"
        results.append(entry)
        lat = entry["latency_ms"]
        err.print(
            f"  at {before:,} tenants: p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
            f"p99 {lat['p99']} ms, max {lat['max']} ms"
        )
    return results


async def verify_fleet(db: Database, head: int, expected: int) -> dict[str, int]:
    """Every tenant at ``head``, with the bench column and index in its schema."""
    async with db.transaction() as tx:
        row = await tx.fetchrow(
            "SELECT count(*) FILTER (WHERE schema_version = $1) AS at_head, count(*) AS total "
            "FROM public.tenant",
            head,
        )
    assert row is not None
    at_head, total = int(row["at_head"]), int(row["total"])
    columns = int(
        await db.fetchval(
            """
            SELECT count(*) FROM public.tenant t
            JOIN pg_namespace n ON n.nspname = t.schema_name
            JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'supplier_profile'
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = $1 AND NOT a.attisdropped
            """,
            BENCH_MIGRATION_NAME,
        )
    )
    indexes = int(
        await db.fetchval(
            """
            SELECT count(*) FROM public.tenant t
            JOIN pg_indexes i ON i.schemaname = t.schema_name AND i.indexname = $1
            """,
            BENCH_INDEX,
        )
    )
    found = {"tenants": total, "at_head": at_head, "with_column": columns, "with_index": indexes}
    if any(value != expected for value in found.values()):
        raise BenchError(f"fleet migration incomplete: expected {expected} everywhere, found {found}")
    return found


async def fleet_migration(url: str, real: MigrationSet, opts: Options, results: dict[str, Any]) -> None:
    """Provision the fleet in a fresh database, then time migrate_fleet to head + 1.

    Sets ``results["fleet"]`` before checking the outcome, so a failed run still reports it.
    """
    async with scratch_database(url, "hansa_bench_fleet") as fleet_url:
        if fleet_url is None:
            results["fleet"] = {"skipped": "no scratch database (CREATE DATABASE not permitted)"}
            return
        db = Database(
            fleet_url, min_size=1, max_size=max(opts.fill_concurrency, opts.migrate_concurrency) + 2
        )
        await db.connect()
        try:
            await migrate_public(db, real)
            filled = await fill(
                db, real, opts.fleet, opts.fill_concurrency, f"provision fleet of {opts.fleet:,}"
            )
            target = with_bench_migration(real)
            behind = int(
                await db.fetchval(
                    "SELECT count(*) FROM public.tenant WHERE schema_version < $1", target.tenant_head
                )
            )
            with progress() as bar:
                task = bar.add_task(f"migrate_fleet to {target.tenant_head:04d}", total=behind)
                started = time.perf_counter()
                report = await migrate_fleet(
                    db,
                    target,
                    concurrency=opts.migrate_concurrency,
                    on_done=lambda _slug, _error: bar.advance(task),
                )
                wall = time.perf_counter() - started
            result: dict[str, Any] = {
                "tenants": opts.fleet,
                "behind": behind,
                "from_version": real.tenant_head,
                "to_version": target.tenant_head,
                "migration_sql": BENCH_MIGRATION_SQL,
                "concurrency": opts.migrate_concurrency,
                "wall_seconds": round(wall, 3),
                "report_seconds": round(report.seconds, 3),
                "migrated": len(report.migrated),
                "busy": len(report.busy),
                "failed": len(report.failed),
                "failures": dict(list(report.failed.items())[:10]),
                "tenants_per_s": round(len(report.migrated) / wall, 1) if wall else None,
                "fill": filled,
            }
            results["fleet"] = result
            err.print(
                f"  migrated {result['migrated']:,}/{behind:,} tenants in {wall:.2f} s "
                f"({result['tenants_per_s']} tenants/s, {result['failed']} failed, {result['busy']} busy)"
            )
            if report.failed or report.busy or len(report.migrated) != behind:
                raise BenchError(
                    f"migrate_fleet: {len(report.migrated)} migrated, {len(report.busy)} busy, "
                    f"{len(report.failed)} failed of {behind}; first failures: "
                    f"{dict(list(report.failed.items())[:3])}"
                )
            result["verified"] = await verify_fleet(db, target.tenant_head, opts.fleet)
        finally:
            await db.close()


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    targets = []
    at_size = next((r for r in results.get("provisioning", []) if r["size"] == TARGET_SIZE), None)
    if at_size is not None:
        targets.append(
            Target.below(
                f"provisioning p95 at {TARGET_SIZE:,} tenants",
                at_size["latency_ms"]["p95"],
                TARGET_P95_MS,
                "ms",
            )
        )
    else:
        largest = max(results.get("provisioning", []), key=lambda r: r["size"], default=None)
        value = largest["latency_ms"]["p95"] if largest else None
        note = f"measured at {largest['size']:,} tenants only" if largest else "not measured"
        targets.append(
            Target.below(
                f"provisioning p95 at {TARGET_SIZE:,} tenants",
                value,
                TARGET_P95_MS,
                "ms",
                measured=False,
                note=note,
            )
        )
    fleet = results.get("fleet") or {}
    at_scale = fleet.get("tenants", 0) >= TARGET_FLEET
    if "skipped" in fleet or not fleet:
        note = fleet.get("skipped", "not run")
    elif not at_scale:
        note = f"fleet of {fleet['tenants']:,} only"
    elif fleet["tenants"] > TARGET_FLEET:
        note = f"fleet of {fleet['tenants']:,}: stricter than the target"
    else:
        note = ""
    fleet_target = Target.below(
        f"{TARGET_FLEET:,} tenants migrated",
        fleet.get("wall_seconds"),
        TARGET_FLEET_SECONDS,
        "s",
        measured=at_scale,
        note=note,
    )
    if fleet.get("failed") or fleet.get("busy") or ("wall_seconds" in fleet and "verified" not in fleet):
        fleet_target.passed = False
        fleet_target.note = "not every tenant was migrated"
    targets.append(fleet_target)
    return targets


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    p95_target = targets[0]
    for entry in results.get("provisioning", []):
        lat = entry["latency_ms"]
        is_target = entry["size"] == TARGET_SIZE
        rows.append(
            (
                f"provision @ {entry['tenants_before']:,} tenants  p50/p95/p99/max",
                f"{lat['p50']:.1f} / {lat['p95']:.1f} / {lat['p99']:.1f} / {lat['max']:.1f} ms",
                f"p95 {p95_target.target}" if is_target else "",
                p95_target.passed if is_target else None,
            )
        )
    if p95_target.passed is None:
        rows.append((p95_target.metric, "", f"p95 {p95_target.target}", None))
    fleet = results.get("fleet") or {}
    fleet_target = targets[1]
    if "wall_seconds" in fleet:
        rows.append(
            (
                f"fleet migration, {fleet['tenants']:,} tenants",
                f"{fleet['wall_seconds']:.2f} s ({fleet['tenants_per_s']}/s, {fleet['failed']} failed)",
                fleet_target.target if fleet_target.passed is not None else f"{fleet_target.target} @ 1,000",
                fleet_target.passed,
            )
        )
    else:
        rows.append(("fleet migration", fleet.get("skipped", "not run"), fleet_target.target, None))
    return rows


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    real = MigrationSet.load()
    db = Database(pg.url, min_size=1, max_size=opts.fill_concurrency + 2)
    await db.connect()
    try:
        database.update(await server_info(db))
        await migrate_public(db, real)
        err.print(f"[bold]provisioning latency[/] at sizes {', '.join(f'{s:,}' for s in opts.sizes)}")
        results["provisioning"] = await provisioning(db, real, opts)
    finally:
        await db.close()
    if opts.fleet:
        err.print(f"[bold]fleet migration[/] of {opts.fleet:,} tenants")
        await fleet_migration(pg.url, real, opts, results)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    parameters = {
        "sizes": list(opts.sizes),
        "samples": opts.samples,
        "fleet": opts.fleet,
        "fill_concurrency": opts.fill_concurrency,
        "migrate_concurrency": opts.migrate_concurrency,
        "quick": opts.quick,
    }
    return drive(
        "tenancy",
        opts,
        parameters,
        durable=True,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
