"""Bulk import and export of products+variants, inventory levels and price tiers.

One apply function per kind (``apply_rows``) serves both the file import (a job)
and the JSON bulk API: it validates against the database, then upserts by natural
key (SKU; SKU + location; list name + SKU), leaves identical rows alone and counts
them as ``unchanged``, all inside the caller's transaction. Any error raises
``RowsRejected`` before anything is written, so the caller's transaction rolls back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec

from hansa.core.db import Database, Tx
from hansa.core.outbox import emit
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.catalog import repository as catalog_repo
from hansa.marketplace.catalog.schemas import NewVariant
from hansa.marketplace.catalog.tasks import INVENTORY_CHANGED, PRODUCT_CHANGED
from hansa.marketplace.imports import repository as repo
from hansa.marketplace.imports.errors import BadUpload, ImportNotFound, RowsRejected
from hansa.marketplace.imports.parsing import (
    Cell,
    FileUnreadable,
    parse_decimal,
    read_sheet,
    write_csv,
    write_xlsx,
)
from hansa.marketplace.imports.schemas import (
    COLUMNS,
    DECIMAL_COLUMNS,
    INTEGER_COLUMNS,
    JSON_COLUMNS,
    REQUIRED,
    ROW_TYPES,
    ApplySummary,
    ImportOut,
    ImportPage,
    InventoryRow,
    PriceRow,
    VariantRow,
)
from hansa.marketplace.imports.tasks import PROCESS_IMPORT
from hansa.marketplace.pricing import repository as pricing_repo
from hansa.marketplace.pricing.tasks import PRICE_LIST_CHANGED

log = logging.getLogger(__name__)

Error = dict[str, Any]
Numbered = list[tuple[int, Any]]  # (row number or item index, row struct)
PROGRESS_EVERY = 1000


def _err(row: int | None, column: str | None, message: str) -> Error:
    return {"row": row, "column": column, "message": message}


# -- cells to rows -----------------------------------------------------------------------------


def _cell_value(column: str, text: str) -> Any:
    if column in DECIMAL_COLUMNS:
        return str(parse_decimal(text))
    if column in INTEGER_COLUMNS:
        value = parse_decimal(text)
        if value != value.to_integral_value():
            raise ValueError("must be a whole number")
        return int(value)
    if column in JSON_COLUMNS:
        try:
            decoded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError('must be a JSON object, e.g. {"length_mm": 20}') from exc
        if not isinstance(decoded, dict):
            raise ValueError('must be a JSON object, e.g. {"length_mm": 20}')
        return decoded
    return text


def check_header(kind: str, columns: list[str]) -> list[Error]:
    errors = [_err(1, c, "unknown column") for c in columns if c and c not in COLUMNS[kind]]
    errors += [_err(1, c, "required column is missing") for c in sorted(REQUIRED[kind] - set(columns))]
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            errors.append(_err(1, column, "column appears twice"))
        seen.add(column)
    return errors


def convert_row(kind: str, number: int, cells: dict[str, str]) -> tuple[Any | None, list[Error]]:
    """One spreadsheet row as its struct, or its errors by column."""
    errors: list[Error] = []
    values: dict[str, Any] = {}
    if "__extra__" in cells:
        errors.append(_err(number, None, "more cells than columns in the header"))
    for column in COLUMNS[kind]:
        text = cells.get(column, "")
        if text == "":
            if column in REQUIRED[kind]:
                errors.append(_err(number, column, "required"))
            continue
        try:
            values[column] = _cell_value(column, text)
        except ValueError as exc:
            errors.append(_err(number, column, str(exc)))
    if errors:
        return None, errors
    try:
        return msgspec.convert(values, ROW_TYPES[kind]), []
    except msgspec.ValidationError as exc:
        return None, [_struct_error(number, exc)]


def _struct_error(number: int, exc: msgspec.ValidationError) -> Error:
    message = str(exc)
    column = None
    if " - at `$." in message:
        message, _, path = message.partition(" - at `$.")
        column = path.rstrip("`").split("[")[0].split(".")[0]
    return _err(number, column, message)


# -- apply --------------------------------------------------------------------------------------


async def apply_rows(tx: Tx, ctx: TenantContext, kind: str, rows: Numbered) -> ApplySummary:
    if kind == "products":
        return await apply_variants(tx, ctx, rows)
    if kind == "inventory":
        return await apply_inventory(tx, ctx, rows)
    return await apply_prices(tx, ctx, rows)


_PRODUCT_FIELDS = {
    "product_name": "name",
    "description": "description",
    "unit_of_measure": "unit_of_measure",
    "product_status": "status",
}
_VARIANT_FIELDS = {
    "variant_name": "name",
    "attributes": "attributes",
    "pack_size": "pack_size",
    "min_order_qty": "min_order_qty",
    "order_increment": "order_increment",
    "lead_time_days": "lead_time_days",
    "variant_status": "status",
}


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, str) and isinstance(new, dict):
        return bool(json.loads(current) == new)
    if isinstance(current, Decimal) and isinstance(new, Decimal):
        return current == new
    return bool(current == new)


async def apply_variants(tx: Tx, ctx: TenantContext, rows: Numbered) -> ApplySummary:
    errors: list[Error] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        if row.sku in first_row:
            errors.append(_err(number, "sku", f"the SKU is already on row {first_row[row.sku]}"))
        else:
            first_row[row.sku] = number
    wanted = sorted({r.sku for _, r in rows} | {r.product_ref for _, r in rows if r.product_ref})
    existing = await repo.variants_with_products(tx, wanted)
    # group the rows into products: by product_ref (default: the SKU itself)
    groups: dict[str, Numbered] = {}
    for number, row in rows:
        groups.setdefault(row.product_ref or row.sku, []).append((number, row))
    summary = ApplySummary()
    plans: list[tuple[uuid.UUID | None, dict[str, Any], Numbered]] = []
    for ref, members in groups.items():
        product_ids = {existing[r.sku]["product_id"] for _, r in members if r.sku in existing}
        if ref in existing:
            product_ids.add(existing[ref]["product_id"])
        if len(product_ids) > 1:
            errors += [
                _err(n, "product_ref", "groups SKUs of different existing products") for n, _ in members
            ]
            continue
        fields: dict[str, Any] = {}
        for number, row in members:
            for column in _PRODUCT_FIELDS:
                value = getattr(row, column)
                if value is None:
                    continue
                if column in fields and fields[column] != value:
                    errors.append(_err(number, column, f"differs from another row of product {ref!r}"))
                fields.setdefault(column, value)
        product_id = next(iter(product_ids)) if product_ids else None
        if product_id is None and "product_name" not in fields:
            errors += [_err(n, "product_name", "required for a new product") for n, _ in members]
        plans.append((product_id, fields, members))
    if errors:
        raise RowsRejected(errors)
    changed_products: dict[uuid.UUID, str] = {}
    for product_id, fields, members in plans:
        if product_id is None:
            product_id = uuid.uuid4()
            await catalog_repo.insert_product(
                tx,
                product_id=product_id,
                name=fields["product_name"],
                description=fields.get("description", ""),
                category_id=None,
                status=fields.get("product_status", "draft"),
                unit_of_measure=fields.get("unit_of_measure", "pcs"),
            )
            summary.products_created += 1
            changed_products[product_id] = "created"
        else:
            current = (
                next(existing[r.sku] for _, r in members if r.sku in existing)
                if any(r.sku in existing for _, r in members)
                else None
            )
            if current is None:  # only the ref names an existing SKU
                current = existing[members[0][1].product_ref]
            update = {_PRODUCT_FIELDS[c]: v for c, v in fields.items() if not _same(current[c], v)}
            if update:
                await catalog_repo.update_product(tx, product_id, update)
                summary.products_updated += 1
                changed_products[product_id] = "updated"
        for _, row in members:
            found = existing.get(row.sku)
            if found is None:
                given = {c: getattr(row, c) for c in _VARIANT_FIELDS if getattr(row, c) is not None}
                new = NewVariant(sku=row.sku, **{_VARIANT_FIELDS[c]: v for c, v in given.items()})
                await catalog_repo.insert_variant(tx, uuid.uuid4(), product_id, new)
                summary.created += 1
                changed_products.setdefault(product_id, "updated")
                continue
            vupdate = {
                _VARIANT_FIELDS[c]: getattr(row, c)
                for c in _VARIANT_FIELDS
                if getattr(row, c) is not None and not _same(found[c], getattr(row, c))
            }
            if vupdate:
                await catalog_repo.update_variant(tx, found["id"], vupdate)
                summary.updated += 1
                changed_products.setdefault(product_id, "updated")
            else:
                summary.unchanged += 1
    for product_id, change in changed_products.items():
        await emit(
            tx, PRODUCT_CHANGED, tenant_id=ctx.tenant_id, payload={"product_id": product_id, "change": change}
        )
    return summary


async def apply_inventory(tx: Tx, ctx: TenantContext, rows: Numbered) -> ApplySummary:
    variants = await catalog_repo.ids_by_sku(tx, sorted({r.sku for _, r in rows}))
    locations = await catalog_repo.location_ids(tx, sorted({r.location for _, r in rows}))
    errors: list[Error] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        if row.sku not in variants:
            errors.append(_err(number, "sku", "unknown SKU"))
        if row.location not in locations:
            errors.append(_err(number, "location", "unknown location code"))
        key = (row.sku, row.location)
        if key in seen:
            errors.append(_err(number, "sku", f"this SKU and location are already on row {seen[key]}"))
        seen.setdefault(key, number)
    if errors:
        raise RowsRejected(errors)
    current = await repo.levels_for(tx, sorted(set(variants.values())))
    summary = ApplySummary()
    changed: list[tuple[uuid.UUID, uuid.UUID, Decimal]] = []
    for _, row in rows:
        key_ids = (variants[row.sku], locations[row.location])
        before = current.get(key_ids)
        if before is not None and before == row.on_hand:
            summary.unchanged += 1
            continue
        if before is None:
            summary.created += 1
        else:
            summary.updated += 1
        changed.append((*key_ids, row.on_hand))
    if changed:
        await catalog_repo.upsert_levels(
            tx, [c[0] for c in changed], [c[1] for c in changed], [c[2] for c in changed]
        )
        ids = sorted({str(c[0]) for c in changed})
        for start in range(0, len(ids), 500):
            await emit(
                tx,
                INVENTORY_CHANGED,
                tenant_id=ctx.tenant_id,
                payload={"variant_ids": ids[start : start + 500]},
            )
    return summary


async def apply_prices(tx: Tx, ctx: TenantContext, rows: Numbered) -> ApplySummary:
    lists = await repo.lists_by_name(tx, sorted({r.price_list for _, r in rows}))
    variants = await catalog_repo.ids_by_sku(tx, sorted({r.sku for _, r in rows}))
    errors: list[Error] = []
    wanted: dict[tuple[uuid.UUID, uuid.UUID], dict[Decimal, Decimal]] = {}
    for number, row in rows:
        found = lists.get(row.price_list, [])
        if len(found) != 1:
            errors.append(
                _err(
                    number,
                    "price_list",
                    "no price list has this name" if not found else "several lists have this name",
                )
            )
        elif row.currency is not None and row.currency != found[0]["currency"].strip():
            errors.append(_err(number, "currency", f"the list is in {found[0]['currency']}"))
        if row.sku not in variants:
            errors.append(_err(number, "sku", "unknown SKU"))
        if len(found) == 1 and row.sku in variants:
            tiers = wanted.setdefault((found[0]["id"], variants[row.sku]), {})
            if row.min_qty.normalize() in tiers:
                errors.append(_err(number, "min_qty", "this tier is already given for this list and SKU"))
            tiers[row.min_qty.normalize()] = row.unit_price.normalize()
    if errors:
        raise RowsRejected(errors)
    current = await repo.tiers_for(tx, sorted({list_id for list_id, _ in wanted}))
    summary = ApplySummary()
    by_list: dict[uuid.UUID, list[tuple[uuid.UUID, dict[Decimal, Decimal]]]] = {}
    for (list_id, variant_id), tiers in wanted.items():
        before = current.get((list_id, variant_id))
        if before == set(tiers.items()):
            summary.unchanged += 1
            continue
        if before is None:
            summary.created += 1
        else:
            summary.updated += 1
        by_list.setdefault(list_id, []).append((variant_id, tiers))
    for list_id, items in sorted(by_list.items()):
        await pricing_repo.replace_items(
            tx,
            list_id,
            set_variants=[v for v, _ in items],
            tier_variants=[v for v, tiers in items for _ in tiers],
            tier_min_qty=[q for _, tiers in items for q in tiers],
            tier_prices=[p for _, tiers in items for p in tiers.values()],
            removed_variants=[],
        )
        await pricing_repo.touch_price_list(tx, list_id)
        await emit(
            tx,
            PRICE_LIST_CHANGED,
            tenant_id=ctx.tenant_id,
            payload={"price_list_id": list_id, "change": "items"},
        )
    return summary


# -- the import job ----------------------------------------------------------------------------


def format_of(filename: str, declared: str | None) -> str:
    fmt = (declared or filename.rsplit(".", 1)[-1]).lower()
    if fmt not in ("csv", "xlsx"):
        raise BadUpload("the file must be .csv or .xlsx (or say format=csv|xlsx)")
    return fmt


async def create_import(
    db: Database, ctx: TenantContext, *, kind: str, fmt: str, filename: str, content: bytes
) -> ImportOut:
    """Store the upload and emit the job that processes it (in one transaction)."""
    if not content:
        raise BadUpload("the file is empty")
    job_id = uuid.uuid4()
    async with tenant_transaction(db, ctx) as tx:
        created = await repo.insert_job(
            tx,
            job_id,
            kind=kind,
            fmt=fmt,
            filename=(filename or f"upload.{fmt}")[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            created_by=f"{ctx.actor.kind}:{ctx.actor.id}",
        )
        await emit(tx, PROCESS_IMPORT, tenant_id=ctx.tenant_id, payload={"import_id": job_id})
    return created


async def get_import(db: Database, ctx: TenantContext, job_id: uuid.UUID) -> ImportOut:
    async with tenant_transaction(db, ctx) as tx:
        found = await repo.get_job(tx, job_id)
    if found is None:
        raise ImportNotFound("no such import")
    return found


async def list_imports(db: Database, ctx: TenantContext, *, limit: int, offset: int) -> ImportPage:
    async with tenant_transaction(db, ctx) as tx:
        items, total = await repo.list_jobs(tx, limit=limit, offset=offset)
    return ImportPage(items=items, total=total, limit=limit, offset=offset)


def errors_csv(job: ImportOut) -> bytes:
    return write_csv(["row", "column", "message"], [[e.row, e.column, e.message] for e in job.errors])


async def _fail(
    db: Database, ctx: TenantContext, job_id: uuid.UUID, processed: int, errors: list[Error]
) -> None:
    async with tenant_transaction(db, ctx) as tx:
        await repo.finish_job(tx, job_id, status="failed", processed=processed, errors=errors, summary={})


async def process_import(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    *,
    progress_every: int = PROGRESS_EVERY,
    on_progress: Callable[[int], Awaitable[None]] | None = None,
) -> None:
    """Validate every row (progress committed every ``progress_every`` rows), then apply all or nothing."""
    async with tenant_transaction(db, ctx) as tx:
        claimed = await repo.claim_job(tx, job_id)
    if claimed is None:
        return  # done, failed, or being processed by another delivery
    kind, fmt = claimed["kind"], claimed["format"]
    try:
        sheet = read_sheet(bytes(claimed["content"]), fmt)
    except FileUnreadable as exc:
        await _fail(db, ctx, job_id, 0, [_err(1, None, str(exc))])
        return
    total = len(sheet.rows)
    errors = check_header(kind, sheet.columns)
    rows: Numbered = []
    for index, (number, cells) in enumerate(sheet.rows, start=1):
        row, row_errors = convert_row(kind, number, cells)
        errors += row_errors
        if row is not None:
            rows.append((number, row))
        if index % progress_every == 0 or index == total:
            async with tenant_transaction(db, ctx) as tx:
                await repo.set_progress(tx, job_id, status="validating", total=total, processed=index)
            if on_progress is not None:
                await on_progress(index)
    if errors:
        await _fail(db, ctx, job_id, total, errors)
        return
    async with tenant_transaction(db, ctx) as tx:
        await repo.set_progress(tx, job_id, status="applying", total=total, processed=total)
    try:
        async with tenant_transaction(db, ctx) as tx:
            summary = await apply_rows(tx, ctx, kind, rows)
            await repo.finish_job(
                tx, job_id, status="done", processed=total, errors=[], summary=msgspec.structs.asdict(summary)
            )
    except RowsRejected as rejected:
        await _fail(db, ctx, job_id, total, rejected.errors)
    except asyncpg.PostgresError as exc:
        log.warning("import %s refused by the database: %s", job_id, exc)
        await _fail(db, ctx, job_id, total, [_err(None, None, f"the database refused the data: {exc}")])


# -- export -------------------------------------------------------------------------------------


async def export(db: Database, ctx: TenantContext, kind: str, fmt: str) -> bytes:
    async with tenant_transaction(db, ctx) as tx:
        if kind == "products":
            records = await repo.export_products(tx)
        elif kind == "inventory":
            records = await repo.export_inventory(tx)
        else:
            records = await repo.export_prices(tx)
    columns = COLUMNS[kind]
    rows: list[list[Cell]] = []
    for record in records:
        row: list[Cell] = []
        for column in columns:
            value = record[column]
            if column in JSON_COLUMNS:
                decoded = json.loads(value) if isinstance(value, str) else value
                value = json.dumps(decoded, ensure_ascii=False, sort_keys=True) if decoded else None
            elif isinstance(value, str):
                value = value.strip() if column == "currency" else value
            row.append(value)
        rows.append(row)
    if fmt == "csv":
        return write_csv(columns, rows)
    return write_xlsx(columns, rows, kind)


__all__ = ["InventoryRow", "PriceRow", "VariantRow"]
