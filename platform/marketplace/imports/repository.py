"""SQL of imports: the import_job rows and the lookups/exports of the apply step.
Every function runs on a transaction inside the tenant's schema."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from hansa.core.db import Tx
from hansa.core.rows import rows_affected
from hansa.marketplace.imports.schemas import ExportOut, ImportOut, RowError

MAX_STORED_ERRORS = 1000
# a stored error is bounded whatever the file held (a 1 MB header cell must not break the write)
MAX_ERROR_COLUMN_CHARS = 100
MAX_ERROR_MESSAGE_CHARS = 500
PURGE_SINCE_VERSION = 5  # tenant migration 0005 added import_job.file_purged_at
_JOB_COLUMNS = (
    "id, kind, format, filename, sha256, status, total_rows, processed_rows, error_count, errors, "
    "summary, created_by, created_at, updated_at, started_at, finished_at, file_purged_at, number_format, "
    "column_mapping"
)
_EXPORT_COLUMNS = (
    "id, kind, format, status, total_rows, processed_rows, error, created_by, created_at, updated_at, "
    "finished_at"
)


def _job(row: asyncpg.Record) -> ImportOut:
    return ImportOut(
        id=row["id"],
        kind=row["kind"],
        format=row["format"],
        filename=row["filename"],
        sha256=row["sha256"],
        status=row["status"],
        total_rows=row["total_rows"],
        processed_rows=row["processed_rows"],
        error_count=row["error_count"],
        errors=[RowError(e.get("row"), e.get("column"), e["message"]) for e in row["errors"]],
        summary=dict(row["summary"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        file_purged_at=row["file_purged_at"],
        number_format=row["number_format"],
        column_mapping=dict(row["column_mapping"]),
    )


async def insert_job(
    tx: Tx,
    job_id: uuid.UUID,
    *,
    kind: str,
    fmt: str,
    filename: str,
    sha256: str,
    content: bytes,
    created_by: str,
    number_format: str | None,
    column_mapping: dict[str, str],
) -> ImportOut:
    row = await tx.fetchrow(
        f"INSERT INTO import_job (id, kind, format, filename, sha256, content, created_by, number_format, "
        f"column_mapping) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING {_JOB_COLUMNS}",
        job_id,
        kind,
        fmt,
        filename,
        sha256,
        content,
        created_by,
        number_format,
        column_mapping,
    )
    assert row is not None
    return _job(row)


async def get_job(tx: Tx, job_id: uuid.UUID) -> ImportOut | None:
    row = await tx.fetchrow(f"SELECT {_JOB_COLUMNS} FROM import_job WHERE id = $1", job_id)
    return _job(row) if row else None


async def job_content(tx: Tx, job_id: uuid.UUID) -> bytes | None:
    content = await tx.fetchval("SELECT content FROM import_job WHERE id = $1", job_id)
    return bytes(content) if content is not None else None


async def purge_files(tx: Tx, days: int) -> int:
    """Blank the uploads of imports finished more than ``days`` ago (the rows stay as history)
    and delete the exports finished that long ago; how many of both."""
    status = await tx.execute(
        "UPDATE import_job SET content = ''::bytea, file_purged_at = now() "
        "WHERE file_purged_at IS NULL AND status IN ('done', 'failed') "
        "AND finished_at < now() - make_interval(days => $1)",
        days,
    )
    purged = rows_affected(status)
    # export files are transient: the finished exports go whole (tenants that have the table)
    if await tx.fetchval("SELECT to_regclass('export_job')") is not None:
        status = await tx.execute(
            "DELETE FROM export_job WHERE status IN ('done', 'failed') "
            "AND finished_at < now() - make_interval(days => $1)",
            days,
        )
        purged += rows_affected(status)
    return purged


async def list_jobs(tx: Tx, *, limit: int, offset: int) -> tuple[list[ImportOut], int]:
    total = int(await tx.fetchval("SELECT count(*) FROM import_job"))
    rows = await tx.fetch(
        f"SELECT {_JOB_COLUMNS} FROM import_job ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
        limit,
        offset,
    )
    return [_job(r) for r in rows], total


async def claim_job(tx: Tx, job_id: uuid.UUID) -> asyncpg.Record | None:
    """Move a queued job (or one stuck for 15 minutes) to validating; None if another delivery has it."""
    return await tx.fetchrow(
        "UPDATE import_job SET status = 'validating', started_at = now(), updated_at = now(), "
        "processed_rows = 0 WHERE id = $1 AND (status = 'queued' OR (status IN ('validating', 'applying') "
        "AND updated_at < now() - interval '15 minutes')) "
        "RETURNING kind, format, content, number_format, column_mapping",
        job_id,
    )


async def set_progress(tx: Tx, job_id: uuid.UUID, *, status: str, total: int, processed: int) -> None:
    await tx.execute(
        "UPDATE import_job SET status = $2, total_rows = $3, processed_rows = $4, updated_at = now() "
        "WHERE id = $1",
        job_id,
        status,
        total,
        processed,
    )


async def set_number_format(tx: Tx, job_id: uuid.UUID, number_format: str) -> None:
    await tx.execute("UPDATE import_job SET number_format = $2 WHERE id = $1", job_id, number_format)


def _clip(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "\u2026"


def bounded_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first errors, each with its column and message clipped: the row stays small."""
    return [
        {
            "row": e["row"],
            "column": _clip(e["column"], MAX_ERROR_COLUMN_CHARS),
            "message": _clip(e["message"], MAX_ERROR_MESSAGE_CHARS),
        }
        for e in errors[:MAX_STORED_ERRORS]
    ]


async def finish_job(
    tx: Tx,
    job_id: uuid.UUID,
    *,
    status: str,
    processed: int,
    errors: list[dict[str, Any]],
    summary: dict[str, int],
    error_count: int | None = None,
) -> None:
    """``errors`` may be the first ones only; ``error_count`` counts them all (default: len)."""
    await tx.execute(
        "UPDATE import_job SET status = $2, processed_rows = $3, error_count = $4, errors = $5::jsonb, "
        "summary = $6::jsonb, updated_at = now(), finished_at = now() WHERE id = $1",
        job_id,
        status,
        processed,
        len(errors) if error_count is None else error_count,
        bounded_errors(errors),
        summary,
    )


async def variants_with_products(tx: Tx, skus: list[str]) -> dict[str, asyncpg.Record]:
    rows = await tx.fetch(
        "SELECT v.id, v.product_id, v.sku, v.name AS variant_name, v.attributes, v.pack_size, "
        "v.min_order_qty, v.order_increment, v.lead_time_days, v.status AS variant_status, "
        "p.name AS product_name, p.description, p.unit_of_measure, p.status AS product_status, "
        "p.category_id FROM variant v JOIN product p ON p.id = v.product_id WHERE v.sku = ANY($1::text[])",
        skus,
    )
    return {r["sku"]: r for r in rows}


async def variant_attributes_of(tx: Tx, product_ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    """Every variant of these products (to re-check them when a file moves a product's category)."""
    return await tx.fetch(
        "SELECT product_id, sku, attributes FROM variant WHERE product_id = ANY($1::uuid[]) ORDER BY sku",
        product_ids,
    )


async def export_products(tx: Tx) -> list[asyncpg.Record]:
    return await tx.fetch(
        "SELECT v.sku, min(v.sku) OVER (PARTITION BY v.product_id) AS product_ref, p.name AS product_name, "
        "p.description, p.unit_of_measure, p.status AS product_status, p.category_id, "
        "v.name AS variant_name, "
        "v.attributes, v.pack_size, v.min_order_qty, v.order_increment, v.lead_time_days, "
        "v.status AS variant_status FROM variant v JOIN product p ON p.id = v.product_id "
        "ORDER BY product_ref, v.sku"
    )


async def levels_for(tx: Tx, variant_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], Any]:
    rows = await tx.fetch(
        "SELECT variant_id, location_id, on_hand FROM inventory_level WHERE variant_id = ANY($1::uuid[])",
        variant_ids,
    )
    return {(r["variant_id"], r["location_id"]): r["on_hand"] for r in rows}


async def export_inventory(tx: Tx) -> list[asyncpg.Record]:
    return await tx.fetch(
        "SELECT v.sku, loc.code AS location, il.on_hand, loc.name AS location_name FROM inventory_level il "
        "JOIN variant v ON v.id = il.variant_id JOIN inventory_location loc ON loc.id = il.location_id "
        "ORDER BY v.sku, loc.code"
    )


async def locations_by_code(tx: Tx, codes: list[str]) -> dict[str, asyncpg.Record]:
    rows = await tx.fetch("SELECT id, code, name FROM inventory_location WHERE code = ANY($1::text[])", codes)
    return {r["code"]: r for r in rows}


async def insert_locations(tx: Tx, ids: list[uuid.UUID], codes: list[str], names: list[str]) -> int:
    """Create the locations a file names; a code created meanwhile by someone else is left alone."""
    status = await tx.execute(
        "INSERT INTO inventory_location (id, code, name) "
        "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT (code) DO NOTHING",
        ids,
        codes,
        names,
    )
    return rows_affected(status)


async def lock_list_names(tx: Tx, names: list[str]) -> None:
    """Serialise imports creating lists of the same name (the name is not unique in the table).

    Transaction-scoped advisory locks, taken in name order so two files cannot deadlock;
    the key includes the schema, so tenants do not wait for each other."""
    await tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':price_list:' || n, 0)) "
        "FROM unnest($1::text[]) AS n",
        sorted(set(names)),
    )


async def lists_by_name(tx: Tx, names: list[str]) -> dict[str, list[asyncpg.Record]]:
    rows = await tx.fetch(
        "SELECT id, name, kind, currency, valid_from, valid_to, priority, segment_id, buyer_org_id "
        "FROM price_list WHERE name = ANY($1::text[]) FOR UPDATE",
        names,
    )
    found: dict[str, list[asyncpg.Record]] = {}
    for r in rows:
        found.setdefault(r["name"], []).append(r)
    return found


async def tiers_for(tx: Tx, list_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], set[Any]]:
    rows = await tx.fetch(
        "SELECT pli.price_list_id, pli.variant_id, t.min_qty, t.unit_price FROM price_list_item pli "
        "JOIN price_tier t ON t.price_list_item_id = pli.id WHERE pli.price_list_id = ANY($1::uuid[])",
        list_ids,
    )
    found: dict[tuple[uuid.UUID, uuid.UUID], set[Any]] = {}
    for r in rows:
        found.setdefault((r["price_list_id"], r["variant_id"]), set()).add(
            (r["min_qty"].normalize(), r["unit_price"].normalize())
        )
    return found


async def existing_segments(tx: Tx, segment_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    rows = await tx.fetch("SELECT id FROM buyer_segment WHERE id = ANY($1::uuid[])", segment_ids)
    return {r["id"] for r in rows}


async def buyer_organisations(tx: Tx, org_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """The ids among ``org_ids`` that are buyer organisations (public ids: no FK crosses the schema)."""
    rows = await tx.fetch(
        "SELECT id FROM public.organisation WHERE id = ANY($1::uuid[]) AND kind = 'buyer' "
        "AND status <> 'archived'",
        org_ids,
    )
    return {r["id"] for r in rows}


async def export_prices(tx: Tx) -> list[asyncpg.Record]:
    return await tx.fetch(
        "SELECT pl.name AS price_list, pl.currency, v.sku, t.min_qty, t.unit_price, pl.kind AS list_kind, "
        "pl.valid_from, pl.valid_to, pl.priority, pl.segment_id, pl.buyer_org_id FROM price_tier t "
        "JOIN price_list_item pli ON pli.id = t.price_list_item_id "
        "JOIN price_list pl ON pl.id = pli.price_list_id JOIN variant v ON v.id = pli.variant_id "
        "ORDER BY pl.name, pl.id, v.sku, t.min_qty"
    )


# -- column mappings, categories and the supplier's language -------------------------------------


async def saved_mapping(tx: Tx, kind: str) -> dict[str, str]:
    value = await tx.fetchval("SELECT mapping FROM import_column_mapping WHERE kind = $1", kind)
    return dict(value) if value is not None else {}


async def save_mapping(tx: Tx, kind: str, mapping: dict[str, str], updated_by: str) -> None:
    await tx.execute(
        "INSERT INTO import_column_mapping (kind, mapping, updated_by) VALUES ($1, $2::jsonb, $3) "
        "ON CONFLICT (kind) DO UPDATE SET mapping = excluded.mapping, updated_by = excluded.updated_by, "
        "updated_at = now()",
        kind,
        mapping,
        updated_by,
    )


async def supplier_languages(tx: Tx) -> list[str]:
    languages = await tx.fetchval("SELECT languages FROM supplier_profile WHERE id = 1")
    return list(languages or [])


async def categories_by_reference(
    tx: Tx, tenant_id: uuid.UUID, references: list[str]
) -> list[asyncpg.Record]:
    """Active marketplaces' categories whose path or slug is one of ``references``; ``listed``
    says whether the supplier is (or asks to be) listed in the category's marketplace."""
    return await tx.fetch(
        "SELECT c.id, c.path, c.slug, m.slug AS marketplace, (l.id IS NOT NULL) AS listed "
        "FROM public.category c JOIN public.marketplace m ON m.id = c.marketplace_id "
        "LEFT JOIN public.marketplace_listing l ON l.marketplace_id = m.id AND l.tenant_id = $1 "
        "AND l.status IN ('approved', 'pending') "
        "WHERE m.status = 'active' AND (c.path = ANY($2::text[]) OR c.slug = ANY($2::text[]))",
        tenant_id,
        references,
    )


# -- export jobs ---------------------------------------------------------------------------------


def _export(row: asyncpg.Record) -> ExportOut:
    return ExportOut(**{name: row[name] for name in ExportOut.__struct_fields__})


async def insert_export(tx: Tx, export_id: uuid.UUID, *, kind: str, fmt: str, created_by: str) -> ExportOut:
    row = await tx.fetchrow(
        f"INSERT INTO export_job (id, kind, format, created_by) VALUES ($1, $2, $3, $4) "
        f"RETURNING {_EXPORT_COLUMNS}",
        export_id,
        kind,
        fmt,
        created_by,
    )
    assert row is not None
    return _export(row)


async def get_export(tx: Tx, export_id: uuid.UUID) -> ExportOut | None:
    row = await tx.fetchrow(f"SELECT {_EXPORT_COLUMNS} FROM export_job WHERE id = $1", export_id)
    return _export(row) if row else None


async def list_exports(tx: Tx, *, limit: int, offset: int) -> tuple[list[ExportOut], int]:
    total = int(await tx.fetchval("SELECT count(*) FROM export_job"))
    rows = await tx.fetch(
        f"SELECT {_EXPORT_COLUMNS} FROM export_job ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
        limit,
        offset,
    )
    return [_export(r) for r in rows], total


async def export_content(tx: Tx, export_id: uuid.UUID) -> bytes | None:
    content = await tx.fetchval("SELECT content FROM export_job WHERE id = $1 AND status = 'done'", export_id)
    return bytes(content) if content is not None else None


async def claim_export(tx: Tx, export_id: uuid.UUID) -> asyncpg.Record | None:
    """queued (or stuck for 15 minutes) -> running; None if another delivery has it or it is over."""
    return await tx.fetchrow(
        "UPDATE export_job SET status = 'running', processed_rows = 0, updated_at = now() "
        "WHERE id = $1 AND (status = 'queued' OR (status = 'running' "
        "AND updated_at < now() - interval '15 minutes')) RETURNING kind, format",
        export_id,
    )


async def set_export_progress(tx: Tx, export_id: uuid.UUID, *, total: int, processed: int) -> None:
    await tx.execute(
        "UPDATE export_job SET total_rows = $2, processed_rows = $3, updated_at = now() WHERE id = $1",
        export_id,
        total,
        processed,
    )


async def finish_export(
    tx: Tx, export_id: uuid.UUID, *, content: bytes | None, error: str | None, rows: int
) -> None:
    await tx.execute(
        "UPDATE export_job SET status = $2, content = $3, error = $4, total_rows = $5, processed_rows = $5, "
        "updated_at = now(), finished_at = now() WHERE id = $1",
        export_id,
        "done" if content is not None else "failed",
        content,
        _clip(error, MAX_ERROR_MESSAGE_CHARS),
        rows,
    )
