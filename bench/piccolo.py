"""Piccolo against bare asyncpg: the same plain queries on the same open transaction.

    python -m bench.piccolo             # 2,000 products; 3,000 samples per query
    python -m bench.piccolo --quick     # smoke run: 200 products; 300 samples

A tenant schema is built by the tenant migrations and filled with ``--rows``
products by COPY. Then, inside transactions in that schema (``enter_schema``, as
``tenant_transaction`` does), four plain queries are timed one call at a time, each
written twice, Piccolo's way (``hansa.marketplace.catalog.tables.Product`` on
``PICCOLO_ENGINE``, as the repositories call it) and bare asyncpg's (``tx.fetchrow``
and friends), alternating call by call so both see the same noise:

- get by id: one product by primary key, mapped to a struct (``as_struct``);
- insert: one product, the other columns taking the migration's defaults;
- update by id: name and ``updated_at = now()``;
- list: 50 published products, ordered by (created_at, id), one page.

Bare asyncpg is the floor: each Piccolo figure is also written as a multiple of it
(``ratio_to_sql``) and as the microseconds Piccolo adds (``added_us``), which is the
cost of building the query in Python (the SQL sent is the same shape).

Target: Piccolo adds < 150 µs at p50 to a plain query (a page makes a handful).
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec

from bench.common import RESULTS_DIR, BenchDatabase, BenchError, Target, drive, percentile, server_info
from hansa.core.db import DB_NOW, Database, Tx, new_row
from hansa.core.migrations import MigrationSet, apply_tenant_track, migrate_public
from hansa.core.rows import as_struct, as_structs
from hansa.core.tenancy import enter_schema, quoted_schema, schema_for
from hansa.marketplace.catalog.tables import Product

TARGET_ADDED_US = 150.0
PAGE = 50
QUERIES = ("get_by_id", "insert", "update_by_id", "list")


class ProductRow(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    description: str
    category_id: uuid.UUID | None
    status: str
    unit_of_measure: str
    created_at: datetime
    updated_at: datetime


_COLUMNS = "id, name, description, category_id, status, unit_of_measure, created_at, updated_at"


@dataclass(frozen=True)
class Options:
    out: Path
    rows: int
    samples: int
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.piccolo", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=None, help="JSON file (default bench/results/piccolo[-quick].json)"
    )
    parser.add_argument(
        "--rows", type=int, default=None, help="products in the table (default 2000; quick 200)"
    )
    parser.add_argument(
        "--samples", type=int, default=None, help="timed calls per query and way (default 3000)"
    )
    parser.add_argument("--quick", action="store_true", help="smoke run")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    opts = Options(
        out=args.out or RESULTS_DIR / ("piccolo-quick.json" if quick else "piccolo.json"),
        rows=args.rows if args.rows is not None else (200 if quick else 2_000),
        samples=args.samples if args.samples is not None else (300 if quick else 3_000),
        strict=bool(args.strict),
        quick=quick,
    )
    if min(opts.rows, opts.samples) < 1:
        parser.error("counts must be >= 1")
    return opts


# --------------------------------------------------------------------------- the two ways

Call = Callable[[Tx, int], Awaitable[Any]]


class Ways:
    """Each query written Piccolo's way and bare asyncpg's, over the products ``ids``."""

    def __init__(self, ids: list[uuid.UUID]) -> None:
        self.ids = ids

    def pick(self, n: int) -> uuid.UUID:
        return self.ids[n % len(self.ids)]

    async def piccolo_get(self, tx: Tx, n: int) -> ProductRow | None:
        row = await Product.select().where(Product.id == self.pick(n)).first().run()
        return as_struct(row, ProductRow) if row else None

    async def sql_get(self, tx: Tx, n: int) -> ProductRow | None:
        row = await tx.fetchrow(f"SELECT {_COLUMNS} FROM product WHERE id = $1", self.pick(n))
        return as_struct(row, ProductRow) if row else None

    async def piccolo_insert(self, tx: Tx, n: int) -> None:
        await Product.insert(new_row(Product, id=uuid.uuid4(), name=f"Piccolo {n}")).run()

    async def sql_insert(self, tx: Tx, n: int) -> None:
        await tx.execute("INSERT INTO product (id, name) VALUES ($1, $2)", uuid.uuid4(), f"SQL {n}")

    async def piccolo_update(self, tx: Tx, n: int) -> None:
        await (
            Product.update({Product.name: f"Renamed {n}", Product.updated_at: DB_NOW})
            .where(Product.id == self.pick(n))
            .run()
        )

    async def sql_update(self, tx: Tx, n: int) -> None:
        await tx.execute(
            "UPDATE product SET name = $2, updated_at = now() WHERE id = $1", self.pick(n), f"Renamed {n}"
        )

    async def piccolo_list(self, tx: Tx, n: int) -> list[ProductRow]:
        rows = (
            await Product.select()
            .where(Product.status == "published")
            .order_by(Product.created_at, Product.id)
            .limit(PAGE)
            .offset(n % 5 * PAGE)
            .run()
        )
        return as_structs(rows, ProductRow)

    async def sql_list(self, tx: Tx, n: int) -> list[ProductRow]:
        rows = await tx.fetch(
            f"SELECT {_COLUMNS} FROM product WHERE status = $1 "
            f"ORDER BY created_at, id LIMIT {PAGE} OFFSET {n % 5 * PAGE}",
            "published",
        )
        return as_structs(rows, ProductRow)

    def pairs(self) -> dict[str, tuple[Call, Call]]:
        return {
            "get_by_id": (self.piccolo_get, self.sql_get),
            "insert": (self.piccolo_insert, self.sql_insert),
            "update_by_id": (self.piccolo_update, self.sql_update),
            "list": (self.piccolo_list, self.sql_list),
        }


# --------------------------------------------------------------------------- run


async def build_schema(db: Database, rows: int) -> tuple[str, list[uuid.UUID]]:
    """A tenant schema by the tenant migrations, with ``rows`` products (half published)."""
    migrations = MigrationSet.load()
    await migrate_public(db, migrations)
    schema = schema_for(uuid.uuid4())
    start = datetime(2026, 1, 1, tzinfo=UTC)
    records = [
        (uuid.uuid4(), f"Product {n}", "published" if n % 2 else "draft", start + timedelta(seconds=n))
        for n in range(rows)
    ]
    async with db.transaction() as tx:
        await tx.execute(f"CREATE SCHEMA {quoted_schema(schema)}")
        await enter_schema(tx, schema)
        await apply_tenant_track(tx, migrations.tenant)
        await tx.connection.copy_records_to_table(
            "product", schema_name=schema, columns=["id", "name", "status", "created_at"], records=records
        )
        await tx.execute("ANALYZE product")
    return schema, [record[0] for record in records]


async def check_same_answers(ways: Ways, tx: Tx) -> None:
    """Both ways must read the same rows, or the timing compares different work."""
    for n in range(3):
        if await ways.piccolo_get(tx, n) != await ways.sql_get(tx, n):
            raise BenchError("Piccolo's get-by-id read another row than the SQL")
        if await ways.piccolo_list(tx, n) != await ways.sql_list(tx, n):
            raise BenchError("Piccolo's list read other rows than the SQL")


async def time_pair(
    db: Database, schema: str, piccolo: Call, sql: Call, samples: int
) -> dict[str, list[float]]:
    """``samples`` calls of each way, alternating, in transactions of 100 calls each."""
    seconds: dict[str, list[float]] = {"piccolo": [], "sql": []}
    done = 0
    while done < samples:
        async with db.transaction() as tx:
            await enter_schema(tx, schema)
            for n in range(done, min(done + 100, samples)):
                for way, call in (
                    (("piccolo", piccolo), ("sql", sql)) if n % 2 else (("sql", sql), ("piccolo", piccolo))
                ):
                    started = time.perf_counter()
                    await call(tx, n)
                    seconds[way].append(time.perf_counter() - started)
            done = min(done + 100, samples)
    return seconds


def summary_us(seconds: list[float]) -> dict[str, float]:
    us = [s * 1e6 for s in seconds]
    return {"p50": round(percentile(us, 50), 1), "p95": round(percentile(us, 95), 1)}


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    db = Database(pg.url, min_size=1, max_size=2)
    await db.connect()
    try:
        database.update(await server_info(db))
        schema, ids = await build_schema(db, opts.rows)
        ways = Ways(ids)
        async with db.transaction() as tx:
            await enter_schema(tx, schema)
            await check_same_answers(ways, tx)
        for query, (piccolo, sql) in ways.pairs().items():
            await time_pair(db, schema, piccolo, sql, min(opts.samples, 100))  # warm-up
            seconds = await time_pair(db, schema, piccolo, sql, opts.samples)
            p, s = summary_us(seconds["piccolo"]), summary_us(seconds["sql"])
            results[query] = {
                "piccolo_us": p,
                "sql_us": s,
                "added_us": {k: round(p[k] - s[k], 1) for k in p},
                "ratio_to_sql": {k: round(p[k] / s[k], 2) for k in p},
            }
    finally:
        await db.close()


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    return [
        Target.below(
            f"{query}: Piccolo adds (p50)",
            results[query]["added_us"]["p50"] if query in results else None,
            TARGET_ADDED_US,
            "µs",
            measured=not opts.quick,
        )
        for query in QUERIES
    ]


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    by_metric = {t.metric: t for t in targets}
    for query in QUERIES:
        if query not in results:
            continue
        r = results[query]
        rows.append(
            (
                f"{query}: Piccolo / bare asyncpg p50 (p95)",
                f"{r['piccolo_us']['p50']:g} / {r['sql_us']['p50']:g} µs "
                f"({r['piccolo_us']['p95']:g} / {r['sql_us']['p95']:g})",
                "",
                None,
            )
        )
        target = by_metric[f"{query}: Piccolo adds (p50)"]
        rows.append(
            (
                f"{query}: added, ratio to SQL p50",
                f"{r['added_us']['p50']:g} µs, {r['ratio_to_sql']['p50']:g}x",
                target.target,
                target.passed,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    parameters = {"rows": opts.rows, "samples": opts.samples, "page": PAGE, "quick": opts.quick}
    return drive(
        "piccolo",
        opts,
        parameters,
        durable=False,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
