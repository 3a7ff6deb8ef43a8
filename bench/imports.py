"""Import benchmark: a supplier's ERP spreadsheet of 20,000 products, then inventory and prices.

    python -m bench.imports            # 20,000 variant rows (10,000 products x 2), 60,000 price rows
    python -m bench.imports --quick    # smoke run: 1,000 variant rows, 3,000 price rows

One supplier tenant is provisioned, and an operator builds a vertical marketplace
with a category whose attribute schema has a number with a unit, two enums and a
boolean (through the marketplaces service, as the operator's page does). Then files
are generated deterministically as an ERP exports them for Excel: UTF-8 with a BOM,
``;`` separators, decimal commas, Romanian and German names and descriptions with
diacritics, ``category_id`` and ``attr:<code>`` columns. Each file is stored with
``create_import`` and processed with ``process_import``, the job's own code, called
directly; the clock runs around both. Timed, in this order:

1. the products file, first import (every row created);
2. the same file again (every row unchanged, nothing written);
3. the same file with 5% of the rows changed (``lead_time_days``);
4. an inventory file, one row per SKU over 2 locations the file creates;
5. a prices file, 3 tiers for every SKU, creating a new base price list;
6. the products file as XLSX, imported into a second, empty supplier tenant.

Every job must end ``done`` with no errors and the summary counts the rows imply,
and the tenant's tables must hold what the files say; otherwise the run fails
(``BenchError``, exit 1).

The floor, measured in the same run after each step: the same rows (the CSV's
bytes; for the XLSX step, the CSV of the same rows) loaded by one ``COPY ... FROM
STDIN (FORMAT csv)`` into a fresh scratch table of text columns and committed, 5
times; the fastest is the floor. Each step is reported as a multiple of it:
absolute times differ between machines by 2x and more, the ratio much less.

The database is a fresh embedded PostgreSQL with durable settings (the imports
write, and a real server commits durably), or the one of ``HANSA_DATABASE_URL``.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.common import (
    RESULTS_DIR,
    BenchDatabase,
    BenchError,
    Target,
    drive,
    err,
    server_info,
)
from hansa.compose import open_resources
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.embedded import EmbeddedRedis
from hansa.core.migrations import MigrationSet, migrate_public
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.auth import repository as auth_repo
from hansa.identity.context import OperatorContext
from hansa.identity.orgs.service import create_operator
from hansa.identity.permissions.service import sync_policies
from hansa.identity.principal import PLATFORM_DOMAIN, Principal, user_subject
from hansa.marketplace.imports import service as imports
from hansa.marketplace.imports.parsing import Cell, write_xlsx
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.marketplaces.schemas import (
    AttributeDefinition,
    AttributeSchema,
    NewCategory,
    NewMarketplace,
)
from hansa.tenants.schemas import NewTenant
from hansa.tenants.service import provision_tenant

TARGET_ROWS = 20_000
TARGET_PRODUCTS_S = 30.0
TARGET_REIMPORT_S = 10.0
TARGET_PRICES_S = 30.0
CHANGED_SHARE = 0.05
COPY_REPEATS = 5  # one short COPY is at the mercy of a busy machine: the floor is the fastest
TIERS = ((Decimal(1), Decimal(1)), (Decimal(10), Decimal("0.95")), (Decimal(100), Decimal("0.9")))
SEED = 20260412

ATTRIBUTES = [
    AttributeDefinition(code="length", name="Lungime", type="number", unit="mm", required=True),
    AttributeDefinition(
        code="thread",
        name="Filet",
        type="enum",
        allowed_values=["M6", "M8", "M10", "M12", "M16"],
        required=True,
    ),
    AttributeDefinition(
        code="coating", name="Acoperire", type="enum", allowed_values=["zincat", "galvanizat la cald", "brut"]
    ),
    AttributeDefinition(code="stainless", name="Inox", type="boolean"),
]
PRODUCT_COLUMNS = [
    "sku",
    "product_ref",
    "product_name",
    "description",
    "unit_of_measure",
    "product_status",
    "category_id",
    "variant_name",
    "pack_size",
    "min_order_qty",
    "order_increment",
    "lead_time_days",
    "variant_status",
    "attr:length",
    "attr:thread",
    "attr:coating",
    "attr:stainless",
]
INVENTORY_COLUMNS = ["sku", "location", "location_name", "on_hand"]
PRICE_COLUMNS = ["price_list", "currency", "list_kind", "sku", "min_qty", "unit_price"]
LOCATIONS = (("BUC-01", "Depozit București \u2013 Ștefănești"), ("DE-MUC", "Lager München-Süd"))
PRICE_LIST = "Listă de bază 2026 (Grundpreisliste)"

# Names and descriptions as a Romanian/German fastener wholesaler's ERP holds them.
NOUNS = (
    ("Șurub hexagonal", "Sechskantschraube"),
    ("Șurub cu cap înecat", "Senkkopfschraube"),
    ("Prezon filetat", "Gewindestange"),
    ("Șurub autoforant", "Bohrschraube"),
    ("Șurub pentru lemn", "Holzschraube"),
    ("Bolț de ancorare", "Ankerbolzen"),
)
GRADES = ("oțel 8.8", "oțel 10.9", "inox A2", "inox A4", "oțel 4.6")
EXTRAS = (
    "Potrivit pentru îmbinări demontabile; rezistență ridicată la coroziune.",
    "Für Außenanwendungen geeignet; größere Tragfähigkeit, geprüft nach DIN 933.",
    "Livrare din stoc în 24\u201348 de ore; ambalaj reciclabil.",
    'Ideal pentru construcții metalice și lemn masiv ("uz profesional").',
    "Maßhaltig, gleichmäßige Oberfläche, für Schlagschrauber geeignet.",
)
THREADS = ("M6", "M8", "M10", "M12", "M16")
COATINGS = ("zincat", "galvanizat la cald", "brut")


@dataclass(frozen=True)
class Options:
    out: Path
    rows: int
    xlsx: bool
    strict: bool
    quick: bool


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    parser.add_argument(
        "--rows", type=int, default=None, help="variant rows in the products file (default 20000)"
    )
    parser.add_argument("--no-xlsx", action="store_true", help="skip the XLSX import")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1000 rows")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    opts = Options(
        out=args.out or RESULTS_DIR / ("imports-quick.json" if quick else "imports.json"),
        rows=args.rows if args.rows is not None else (1_000 if quick else TARGET_ROWS),
        xlsx=not args.no_xlsx,
        strict=bool(args.strict),
        quick=quick,
    )
    if opts.rows < 100 or opts.rows % 2 or opts.rows > 100_000:
        parser.error("--rows: an even number from 100 to 100000 (the import's limit)")
    return opts


# --------------------------------------------------------------------------- the files


@dataclass
class Variant:
    sku: str
    product_ref: str
    product_name: str
    description: str
    variant_name: str
    pack_size: Decimal
    min_order_qty: Decimal
    order_increment: Decimal
    lead_time_days: int
    length: Decimal
    thread: str
    coating: str
    stainless: bool
    price: Decimal

    def cells(self, category_id: uuid.UUID) -> list[Cell]:
        return [
            self.sku,
            self.product_ref,
            self.product_name,
            self.description,
            "buc",
            "published",
            str(category_id),
            self.variant_name,
            self.pack_size,
            self.min_order_qty,
            self.order_increment,
            self.lead_time_days,
            "active",
            f"{decimal_comma(self.length)} mm",
            self.thread,
            self.coating,
            "da" if self.stainless else "nu",
        ]


def generate(rows: int) -> list[Variant]:
    """``rows`` variants, two per product, the same for the same ``rows`` (seeded)."""
    rng = random.Random(SEED)
    variants = []
    for n in range(rows // 2):
        ro, de = rng.choice(NOUNS)
        thread, grade, coating = rng.choice(THREADS), rng.choice(GRADES), rng.choice(COATINGS)
        name = f"{ro} / {de} {thread} {grade} {coating} Nr. {n + 1}"
        description = f"{ro} {thread}, {grade}, {coating}. {rng.choice(EXTRAS)} {rng.choice(EXTRAS)}"
        stainless = grade.startswith("inox")
        ref = f"SRB-{n + 1:06d}-A"
        base_length = Decimal(rng.choice((10, 12, 16, 20, 25, 30, 40, 50, 60, 80)))
        for suffix, extra in (("A", Decimal(0)), ("B", Decimal("12.5"))):
            length = base_length + extra
            variants.append(
                Variant(
                    sku=f"SRB-{n + 1:06d}-{suffix}",
                    product_ref=ref,
                    product_name=name,
                    description=description,
                    variant_name=f"{thread} \u00d7 {decimal_comma(length)} mm, cutie",
                    pack_size=Decimal(rng.choice((50, 100, 200))),
                    min_order_qty=Decimal(rng.choice(("1", "2", "0.5"))),
                    order_increment=Decimal(rng.choice(("1", "0.5"))),
                    lead_time_days=rng.randint(1, 21),
                    length=length,
                    thread=thread,
                    coating=coating,
                    stainless=stainless,
                    price=Decimal(rng.randint(5, 25_000)) / Decimal(100),  # 0,05 to 250 EUR a piece
                )
            )
    return variants


def decimal_comma(value: Decimal | int) -> str:
    return format(value, "f").replace(".", ",")


def erp_csv(columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """As Excel saves 'CSV UTF-8' in Romania or Germany: BOM, ';', decimal commas, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if c is None else decimal_comma(c) if isinstance(c, Decimal) else c for c in row])
    return buffer.getvalue().encode("utf-8-sig")


def products_rows(variants: Sequence[Variant], category_id: uuid.UUID) -> list[list[Cell]]:
    return [v.cells(category_id) for v in variants]


def with_changed_lead_times(rows: list[list[Cell]], share: float) -> tuple[list[list[Cell]], int]:
    """A copy where ``share`` of the rows (seeded sample) have one more day of lead time."""
    changed = random.Random(SEED + 1).sample(range(len(rows)), round(len(rows) * share))
    column = PRODUCT_COLUMNS.index("lead_time_days")
    copy = [list(row) for row in rows]
    for index in changed:
        lead_time = copy[index][column]
        assert isinstance(lead_time, int)
        copy[index][column] = lead_time + 1
    return copy, len(changed)


def inventory_rows(variants: Sequence[Variant]) -> list[list[Cell]]:
    rng = random.Random(SEED + 2)
    rows: list[list[Cell]] = []
    for n, variant in enumerate(variants):
        code, name = LOCATIONS[n % len(LOCATIONS)]
        rows.append([variant.sku, code, name, Decimal(rng.randint(0, 500_000)) / Decimal(10)])
    return rows


def price_rows(variants: Sequence[Variant]) -> list[list[Cell]]:
    return [
        [PRICE_LIST, "EUR", "base", v.sku, min_qty, (v.price * factor).quantize(Decimal("0.0001"))]
        for v in variants
        for min_qty, factor in TIERS
    ]


# --------------------------------------------------------------------------- set-up


async def operator_category(db_url: str, redis_url: str, data_dir: Path) -> uuid.UUID:
    """A vertical marketplace and a category with an attribute schema, made by an operator."""
    settings = Settings(database_url=db_url, redis_url=redis_url, data_dir=data_dir)
    res = await open_resources(settings)
    try:
        email = f"bench-operator-{secrets.token_hex(4)}@example.com"
        await create_operator(
            res, email=email, name="Bench Operator", password=f"Bench-{secrets.token_hex(12)}"
        )
        async with res.db.transaction() as tx:
            user = await auth_repo.user_by_email(tx, email)
        if user is None:
            raise BenchError("the operator was not created")
        await res.authorizer.reload_subject(user_subject(user.id), PLATFORM_DOMAIN)
        principal = Principal(kind="user", id=user.id, user_id=user.id, org_id=None)
        ctx = OperatorContext(principal)  # what the edge resolves for an operator's request
        slug = f"bench-feronerie-{secrets.token_hex(3)}"
        marketplace = await marketplaces.create_marketplace(
            res, ctx, NewMarketplace(slug=slug, name="Feronerie & Befestigungstechnik", kind="vertical")
        )
        category = await marketplaces.create_category(
            res, ctx, marketplace.id, NewCategory(slug="hex-bolts", name="Șuruburi și prezoane")
        )
        category = await marketplaces.set_attributes(res, ctx, category.id, AttributeSchema(ATTRIBUTES))
        if [a.code for a in category.attributes] != [a.code for a in ATTRIBUTES]:
            raise BenchError(f"the category's schema is {category.attributes}")
        return category.id
    finally:
        await res.close()


async def new_supplier(db: Database, migrations: MigrationSet, name: str) -> TenantContext:
    tenant = await provision_tenant(
        db, migrations, NewTenant(slug=f"bench-{uuid.uuid4().hex[:12]}", name=name)
    )
    return TenantContext.for_tenant(tenant.id)


# --------------------------------------------------------------------------- timing


async def copy_floor(db: Database, columns: Sequence[str], csv_content: bytes, rows: int) -> list[float]:
    """The floor: ``csv_content`` COPYed as text into a scratch table and committed, ``COPY_REPEATS``
    times (a fresh table each time); the seconds of each."""
    samples = []
    async with db.pool.acquire() as connection:
        for _ in range(COPY_REPEATS):
            table = f"bench_copy_floor_{uuid.uuid4().hex[:12]}"
            await connection.execute(
                f"CREATE TABLE public.{table} ({', '.join(f'c{n} text' for n in range(len(columns)))})"
            )
            try:
                started = time.perf_counter()
                async with connection.transaction():
                    status = await connection.copy_to_table(
                        table,
                        source=io.BytesIO(csv_content),
                        schema_name="public",
                        format="csv",
                        delimiter=";",
                        header=True,
                    )
                samples.append(time.perf_counter() - started)
            finally:
                await connection.execute(f"DROP TABLE public.{table}")
            if status != f"COPY {rows}":
                raise BenchError(f"the floor's COPY answered {status!r}, the file has {rows} rows")
    return samples


async def timed_import(
    db: Database,
    ctx: TenantContext,
    kind: str,
    fmt: str,
    content: bytes,
    rows: int,
    expected: dict[str, int],
    floor: tuple[Sequence[str], bytes],
) -> dict[str, Any]:
    """Store and process one file; its seconds split by phase, checked against ``expected``.

    ``floor`` is the columns and CSV of the same rows, COPYed afterwards for the ratio.
    """
    validated_at: float | None = None

    async def on_progress(done: int) -> None:
        nonlocal validated_at
        if done == rows and validated_at is None:  # the first full count ends the validation
            validated_at = time.perf_counter()

    started = time.perf_counter()
    job = await imports.create_import(
        db, ctx, kind=kind, fmt=fmt, filename=f"erp-{kind}.{fmt}", content=content
    )
    stored = time.perf_counter()
    await imports.process_import(db, ctx, job.id, on_progress=on_progress)
    finished = time.perf_counter()
    final = await imports.get_import(db, ctx, job.id)
    if final.status != "done" or final.error_count:
        raise BenchError(
            f"{kind} import ended {final.status} with {final.error_count} errors: {final.errors[:3]}"
        )
    if final.total_rows != rows:
        raise BenchError(f"{kind} import read {final.total_rows} rows, the file has {rows}")
    summary = {key: final.summary.get(key, 0) for key in expected}
    if summary != expected:
        raise BenchError(f"{kind} import summary {final.summary}, expected {expected}")
    seconds = finished - started
    copies = await copy_floor(db, floor[0], floor[1], rows)
    copy_seconds = min(copies)  # as timeit advises: the fastest is the least disturbed
    result: dict[str, Any] = {
        "rows": rows,
        "format": fmt,
        "bytes": len(content),
        "seconds": round(seconds, 3),
        "store_seconds": round(stored - started, 3),
        "validate_seconds": None if validated_at is None else round(validated_at - stored, 3),
        "apply_seconds": None if validated_at is None else round(finished - validated_at, 3),
        "rows_per_second": round(rows / seconds),
        "copy_floor_seconds": round(copy_seconds, 4),  # the fastest of COPY_REPEATS
        "copy_floor_samples": [round(c, 4) for c in copies],
        "ratio_to_copy": round(seconds / copy_seconds, 1),
        "summary": final.summary,
    }
    err.print(
        f"  {kind} ({fmt}, {rows:,} rows): {result['seconds']} s "
        f"(validate {result['validate_seconds']} s, apply {result['apply_seconds']} s), {final.summary}; "
        f"COPY {result['copy_floor_seconds']} s: x{result['ratio_to_copy']}"
    )
    return result


async def table_counts(db: Database, ctx: TenantContext) -> dict[str, int]:
    counts = {}
    async with tenant_transaction(db, ctx) as tx:
        for table in (
            "product",
            "variant",
            "inventory_location",
            "inventory_level",
            "price_list",
            "price_tier",
        ):
            counts[table] = int(await tx.fetchval(f"SELECT count(*) FROM {table}"))
    return counts


async def outbox_events(db: Database, ctx: TenantContext) -> int:
    async with db.transaction() as tx:
        return int(
            await tx.fetchval("SELECT count(*) FROM public.outbox WHERE tenant_id = $1", ctx.tenant_id)
        )


def check_counts(step: str, got: dict[str, int], expected: dict[str, int]) -> None:
    wrong = {table: (got[table], count) for table, count in expected.items() if got[table] != count}
    if wrong:
        raise BenchError(f"after {step}: rows in the tenant (got, expected): {wrong}")


async def run(pg: BenchDatabase, opts: Options, results: dict[str, Any], database: dict[str, Any]) -> None:
    migrations = MigrationSet.load()
    db = Database(pg.url, min_size=1, max_size=4)  # > 1: the apply's progress uses a second connection
    await db.connect()
    try:
        database.update(await server_info(db))
        await migrate_public(db, migrations)
        await sync_policies(db)  # as `hansa migrate`: the operator's actions must exist
        with tempfile.TemporaryDirectory(prefix="hansa-bench-imports-") as tmp:
            redis = EmbeddedRedis(Path(tmp) / "redis", durable=False)
            try:
                category_id = await operator_category(pg.url, redis.start(), Path(tmp))
            finally:
                redis.stop()
        ctx = await new_supplier(db, migrations, "Feronerie Bench SRL")
        await import_steps(db, ctx, opts, category_id, results)
        if opts.xlsx:
            fresh = await new_supplier(db, migrations, "Befestigung Bench GmbH")
            await xlsx_step(db, fresh, opts, category_id, results)
    finally:
        await db.close()


async def import_steps(
    db: Database, ctx: TenantContext, opts: Options, category_id: uuid.UUID, results: dict[str, Any]
) -> None:
    n = opts.rows
    err.print(f"generating {n:,} variant rows ({n // 2:,} products) ...")
    variants = generate(n)
    rows = products_rows(variants, category_id)
    products = erp_csv(PRODUCT_COLUMNS, rows)
    results["products_first"] = await timed_import(
        db,
        ctx,
        "products",
        "csv",
        products,
        n,
        {"created": n, "updated": 0, "unchanged": 0, "products_created": n // 2},
        (PRODUCT_COLUMNS, products),
    )
    check_counts("the first import", await table_counts(db, ctx), {"product": n // 2, "variant": n})
    events_before = await outbox_events(db, ctx)
    unchanged = {"created": 0, "updated": 0, "unchanged": n, "products_created": 0}
    results["products_again"] = await timed_import(
        db, ctx, "products", "csv", products, n, unchanged, (PRODUCT_COLUMNS, products)
    )
    if (written := await outbox_events(db, ctx) - events_before) != 1:  # the job's own imports.process
        raise BenchError(
            f"re-importing the same file emitted {written - 1} change events; it must write nothing"
        )
    changed_rows, changed = with_changed_lead_times(rows, CHANGED_SHARE)
    changed_csv = erp_csv(PRODUCT_COLUMNS, changed_rows)
    results["products_changed"] = await timed_import(
        db,
        ctx,
        "products",
        "csv",
        changed_csv,
        n,
        {"created": 0, "updated": changed, "unchanged": n - changed, "products_created": 0},
        (PRODUCT_COLUMNS, changed_csv),
    )
    results["products_changed"]["changed_rows"] = changed
    inventory = erp_csv(INVENTORY_COLUMNS, inventory_rows(variants))
    results["inventory"] = await timed_import(
        db, ctx, "inventory", "csv", inventory, n, {"created": n}, (INVENTORY_COLUMNS, inventory)
    )
    check_counts(
        "the inventory import", await table_counts(db, ctx), {"inventory_location": 2, "inventory_level": n}
    )
    prices = price_rows(variants)
    prices_csv = erp_csv(PRICE_COLUMNS, prices)
    results["prices"] = await timed_import(
        db,
        ctx,
        "prices",
        "csv",
        prices_csv,
        len(prices),
        {"created": n, "updated": 0},
        (PRICE_COLUMNS, prices_csv),
    )
    check_counts(
        "the prices import", await table_counts(db, ctx), {"price_list": 1, "price_tier": len(prices)}
    )


async def xlsx_step(
    db: Database, ctx: TenantContext, opts: Options, category_id: uuid.UUID, results: dict[str, Any]
) -> None:
    n = opts.rows
    rows = products_rows(generate(n), category_id)
    content = write_xlsx(PRODUCT_COLUMNS, rows, "products")
    results["products_xlsx"] = await timed_import(
        db,
        ctx,
        "products",
        "xlsx",
        content,
        n,
        {"created": n, "updated": 0, "unchanged": 0, "products_created": n // 2},
        (PRODUCT_COLUMNS, erp_csv(PRODUCT_COLUMNS, rows)),  # the floor: the same rows' COPY
    )
    check_counts("the XLSX import", await table_counts(db, ctx), {"product": n // 2, "variant": n})


# --------------------------------------------------------------------------- report


def targets_for(opts: Options, results: dict[str, Any]) -> list[Target]:
    at_scale = opts.rows >= TARGET_ROWS
    note = "" if at_scale else f"{opts.rows:,} rows only"

    def seconds(step: str) -> float | None:
        return results.get(step, {}).get("seconds")

    return [
        Target.below(
            f"products {TARGET_ROWS:,} rows, first import",
            seconds("products_first"),
            TARGET_PRODUCTS_S,
            "s",
            measured=at_scale,
            note=note,
        ),
        Target.below(
            f"products {TARGET_ROWS:,} rows, re-import unchanged",
            seconds("products_again"),
            TARGET_REIMPORT_S,
            "s",
            measured=at_scale,
            note=note,
        ),
        Target.below(
            f"prices {TARGET_ROWS * 3:,} rows, new base list",
            seconds("prices"),
            TARGET_PRICES_S,
            "s",
            measured=at_scale,
            note=note,
        ),
    ]


STEPS = (
    ("products_first", "products, first import", 0),
    ("products_again", "products, same file again", 1),
    ("products_changed", "products, 5% of rows changed", None),
    ("inventory", "inventory, 2 new locations", None),
    ("prices", "prices, 3 tiers, new base list", 2),
    ("products_xlsx", "products as XLSX, first import", None),
)


def table_rows(results: dict[str, Any], targets: list[Target]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    for key, label, target_index in STEPS:
        step = results.get(key)
        target = targets[target_index] if target_index is not None else None
        if step is None:
            rows.append((label, "not run", target.target if target else "", None))
            continue
        split = ""
        if step["validate_seconds"] is not None:
            split = f" ({step['validate_seconds']:.2f} + {step['apply_seconds']:.2f})"
        value = (
            f"{step['seconds']:.2f} s{split}, {step['rows_per_second']:,} rows/s, "
            f"{step['ratio_to_copy']}x COPY ({step['copy_floor_seconds']:.3f} s)"
        )
        label = f"{label}, {step['rows']:,} rows"
        rows.append((label, value, target.target if target else "", target.passed if target else None))
    rows.append(("seconds: store + process (validate + apply)", "", "", None))
    rows.append(("floor: the same rows COPYed as text into a scratch table, committed", "", "", None))
    return rows


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    parameters = {
        "rows": opts.rows,
        "products": opts.rows // 2,
        "price_rows": opts.rows * len(TIERS),
        "changed_share": CHANGED_SHARE,
        "xlsx": opts.xlsx,
        "seed": SEED,
        "quick": opts.quick,
    }
    return drive(
        "imports",
        opts,
        parameters,
        durable=True,
        run=lambda pg, results, database: run(pg, opts, results, database),
        targets_for=lambda results: targets_for(opts, results),
        table_rows=table_rows,
    )


if __name__ == "__main__":
    sys.exit(main())
