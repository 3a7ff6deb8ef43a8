"""Bulk import and export of products+variants, inventory levels and price tiers.

The file import is a job: claim, parse and check every row (progress committed as
it goes), then apply all rows or none in one transaction (``apply.apply_rows``,
shared with the JSON bulk API), its progress written from outside that transaction
so pollers see it. Exports write the same columns back.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

import asyncpg
import msgspec

from hansa.core.db import Database
from hansa.core.outbox import emit
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.imports import repository as repo
from hansa.marketplace.imports.apply import ApplyProgress, Error, Numbered, apply_rows, err
from hansa.marketplace.imports.attributes import AttributeCells, attribute_code
from hansa.marketplace.imports.errors import BadUpload, ImportGone, ImportNotFound, RowsRejected
from hansa.marketplace.imports.events import import_finished, import_started
from hansa.marketplace.imports.parsing import (
    Cell,
    FileUnreadable,
    Sheet,
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
    ImportOut,
    ImportPage,
)
from hansa.marketplace.imports.tasks import PROCESS_IMPORT

__all__ = ["apply_rows"]

log = logging.getLogger(__name__)

PROGRESS_EVERY = 1000
ProgressHook = Callable[[int], Coroutine[Any, Any, None]]


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


def _known_column(kind: str, column: str) -> bool:
    return column in COLUMNS[kind] or (kind == "products" and attribute_code(column) is not None)


def check_header(kind: str, columns: list[str]) -> list[Error]:
    errors = [err(1, c, "unknown column") for c in columns if c and not _known_column(kind, c)]
    errors += [err(1, c, "required column is missing") for c in sorted(REQUIRED[kind] - set(columns))]
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            errors.append(err(1, column, "column appears twice"))
        seen.add(column)
    return errors


def convert_row(kind: str, number: int, cells: dict[str, str]) -> tuple[Any | None, list[Error]]:
    """One spreadsheet row as its struct, or its errors by column."""
    errors: list[Error] = []
    values: dict[str, Any] = {}
    if "__extra__" in cells:
        errors.append(err(number, None, "more cells than columns in the header"))
    for column in COLUMNS[kind]:
        text = cells.get(column, "")
        if text == "":
            if column in REQUIRED[kind]:
                errors.append(err(number, column, "required"))
            continue
        try:
            values[column] = _cell_value(column, text)
        except ValueError as exc:
            errors.append(err(number, column, str(exc)))
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
    return err(number, column, message)


def attribute_cells_of(cells: dict[str, str]) -> dict[str, str]:
    """The row's non-empty ``attr:<code>`` cells by code (typed later, by the category's schema)."""
    return {code: text for column, text in cells.items() if (code := attribute_code(column)) and text}


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
        await import_started(tx, ctx, created)
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
        await import_finished(tx, ctx, job_id)


async def _outside_transaction(work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` in a fresh context: its transactions are its own, not the caller's.

    ``Database.transaction`` joins the transaction open in the current task, and what
    the apply transaction writes stays invisible until it commits; progress must not wait."""
    await asyncio.create_task(work, context=contextvars.Context())


async def _write_progress(
    db: Database, ctx: TenantContext, job_id: uuid.UUID, status: str, total: int, done: int
) -> None:
    async with tenant_transaction(db, ctx) as tx:
        await repo.set_progress(tx, job_id, status=status, total=total, processed=done)


def _validate_rows(
    kind: str, sheet_rows: list[tuple[int, dict[str, str]]]
) -> tuple[Numbered, AttributeCells, list[Error]]:
    errors: list[Error] = []
    rows: Numbered = []
    cells: AttributeCells = {}
    for number, row_cells in sheet_rows:
        row, row_errors = convert_row(kind, number, row_cells)
        errors += row_errors
        if row is not None:
            rows.append((number, row))
            if kind == "products" and (attributes := attribute_cells_of(row_cells)):
                cells[number] = attributes
    return rows, cells, errors


async def _validate_with_progress(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    kind: str,
    sheet: Sheet,
    progress_every: int,
    on_progress: ProgressHook | None,
) -> tuple[Numbered, AttributeCells, list[Error]]:
    """Check every row, committing ``processed_rows`` every ``progress_every`` rows."""
    total = len(sheet.rows)
    rows: Numbered = []
    cells: AttributeCells = {}
    errors = check_header(kind, sheet.columns)
    for start in range(0, total, progress_every):
        chunk_rows, chunk_cells, chunk_errors = _validate_rows(
            kind, sheet.rows[start : start + progress_every]
        )
        rows += chunk_rows
        cells |= chunk_cells
        errors += chunk_errors
        done = min(start + progress_every, total)
        await _write_progress(db, ctx, job_id, "validating", total, done)
        if on_progress is not None:
            await on_progress(done)
    return rows, cells, errors


async def process_import(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    *,
    progress_every: int = PROGRESS_EVERY,
    on_progress: ProgressHook | None = None,
) -> None:
    """Validate every row, then apply all or nothing; progress of both phases is committed as it goes."""
    async with tenant_transaction(db, ctx) as tx:
        claimed = await repo.claim_job(tx, job_id)
    if claimed is None:
        return  # done, failed, or being processed by another delivery
    kind, fmt = claimed["kind"], claimed["format"]
    try:
        sheet = read_sheet(bytes(claimed["content"]), fmt)
    except FileUnreadable as exc:
        await _fail(db, ctx, job_id, 0, [err(1, None, str(exc))])
        return
    total = len(sheet.rows)
    rows, cells, errors = await _validate_with_progress(
        db, ctx, job_id, kind, sheet, progress_every, on_progress
    )
    if errors:
        await _fail(db, ctx, job_id, total, errors)
        return
    await _write_progress(db, ctx, job_id, "applying", total, 0)
    await _apply(db, ctx, job_id, kind, rows, cells, ApplyProgress(total, progress_every), on_progress)


async def _apply(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    kind: str,
    rows: Numbered,
    cells: AttributeCells,
    progress: ApplyProgress,
    on_progress: ProgressHook | None,
) -> None:
    """One transaction applies every row and marks the job done; any error rolls it all back."""

    async def report(done: int) -> None:
        if db.max_size < 2:  # the apply holds the only connection: waiting for another would hang
            return
        await _outside_transaction(_write_progress(db, ctx, job_id, "applying", progress.total, done))
        if on_progress is not None:
            await _outside_transaction(on_progress(done))

    progress.report = report
    try:
        async with tenant_transaction(db, ctx) as tx:
            summary = await apply_rows(tx, ctx, kind, rows, attribute_cells=cells, progress=progress)
            await repo.finish_job(
                tx,
                job_id,
                status="done",
                processed=progress.total,
                errors=[],
                summary=msgspec.structs.asdict(summary),
            )
            await import_finished(tx, ctx, job_id)
    except RowsRejected as rejected:
        await _fail(db, ctx, job_id, progress.total, rejected.errors)
    except asyncpg.PostgresError as exc:
        log.warning("import %s refused by the database: %s", job_id, exc)
        await _fail(
            db, ctx, job_id, progress.total, [err(None, None, f"the database refused the data: {exc}")]
        )
    except Exception:  # rolled back already: say so rather than leave the job "applying"
        log.exception("import %s failed while applying", job_id)
        await _fail(
            db, ctx, job_id, progress.total, [err(None, None, "an internal error stopped the import")]
        )


async def import_file(db: Database, ctx: TenantContext, job_id: uuid.UUID) -> tuple[ImportOut, bytes]:
    """The uploaded file as it was stored; 410 once retention removed it."""
    async with tenant_transaction(db, ctx) as tx:
        found = await repo.get_job(tx, job_id)
        content = await repo.job_content(tx, job_id) if found is not None else None
    if found is None or content is None:
        raise ImportNotFound("no such import")
    if found.file_purged_at is not None:
        raise ImportGone(
            f"the uploaded file was removed on {found.file_purged_at.date().isoformat()} (retention); "
            "the import's status, summary and errors remain"
        )
    return found, content


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
            elif isinstance(value, date | uuid.UUID):
                value = str(value)  # ISO dates, canonical ids
            row.append(value)
        rows.append(row)
    if fmt == "csv":
        return write_csv(columns, rows)
    return write_xlsx(columns, rows, kind)
