"""Queries of imports: the import and export jobs and the saved column mappings.
Every function runs on a transaction inside the tenant's schema.

Rows are written and read through the Piccolo tables on ``tx``; SQL stays for the
conditional claims and the purge, which compare with the database's clock."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from hansa.core.db import DB_NOW, Tx, new_row
from hansa.core.rows import rows_affected
from hansa.marketplace.imports.schemas import ExportOut, ImportOut, RowError
from hansa.marketplace.imports.tables import ExportJob, ImportColumnMapping, ImportJob

MAX_STORED_ERRORS = 1000
# a stored error is bounded whatever the file held (a 1 MB header cell must not break the write)
MAX_ERROR_COLUMN_CHARS = 100
MAX_ERROR_MESSAGE_CHARS = 500
PURGE_SINCE_VERSION = 5  # tenant migration 0005 added import_job.file_purged_at
# every column but the uploaded or exported file
_JOB = tuple(column for column in ImportJob._meta.columns if column is not ImportJob.content)
_EXPORT = tuple(column for column in ExportJob._meta.columns if column is not ExportJob.content)


def _job(row: asyncpg.Record | dict[str, Any]) -> ImportOut:
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
    row = new_row(
        ImportJob,
        id=job_id,
        kind=kind,
        format=fmt,
        filename=filename,
        sha256=sha256,
        content=content,
        created_by=created_by,
        number_format=number_format,
        column_mapping=column_mapping,
    )
    return _job((await ImportJob.insert(row).returning(*_JOB).run())[0])


async def get_job(tx: Tx, job_id: uuid.UUID) -> ImportOut | None:
    row = await ImportJob.select(*_JOB).where(ImportJob.id == job_id).first().run()
    return _job(row) if row else None


async def job_content(tx: Tx, job_id: uuid.UUID) -> bytes | None:
    row = await ImportJob.select(ImportJob.content).where(ImportJob.id == job_id).first().run()
    return bytes(row["content"]) if row and row["content"] is not None else None


async def purge_files(tx: Tx, days: int) -> int:
    """Blank the uploads of imports finished more than ``days`` ago (the rows stay as history)
    and delete the exports finished that long ago; how many of both."""
    # SQL: compared with the database's clock, on a table older tenant schemas lack
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
    total = await ImportJob.count().run()
    rows = await (
        ImportJob.select(*_JOB)
        .order_by(ImportJob.created_at, ImportJob.id, ascending=False)
        .limit(limit)
        .offset(offset)
        .run()
    )
    return [_job(r) for r in rows], total


async def claim_job(tx: Tx, job_id: uuid.UUID) -> asyncpg.Record | None:
    """Move a queued job (or one stuck for 15 minutes) to validating; None if another delivery has it."""
    # SQL: a conditional claim, compared with the database's clock
    return await tx.fetchrow(
        "UPDATE import_job SET status = 'validating', started_at = now(), updated_at = now(), "
        "processed_rows = 0 WHERE id = $1 AND (status = 'queued' OR (status IN ('validating', 'applying') "
        "AND updated_at < now() - interval '15 minutes')) "
        "RETURNING kind, format, content, number_format, column_mapping",
        job_id,
    )


async def set_progress(tx: Tx, job_id: uuid.UUID, *, status: str, total: int, processed: int) -> None:
    values: dict[Any, Any] = {
        ImportJob.status: status,
        ImportJob.total_rows: total,
        ImportJob.processed_rows: processed,
        ImportJob.updated_at: DB_NOW,
    }
    await ImportJob.update(values).where(ImportJob.id == job_id).run()


async def set_number_format(tx: Tx, job_id: uuid.UUID, number_format: str) -> None:
    await ImportJob.update({ImportJob.number_format: number_format}).where(ImportJob.id == job_id).run()


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
    # SQL: up to 1,000 errors go as one jsonb parameter (Piccolo walks a large list value by value)
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


# -- column mappings -------------------------------------------------------------------------


async def saved_mapping(tx: Tx, kind: str) -> dict[str, str]:
    row = (
        await ImportColumnMapping.select(ImportColumnMapping.mapping)
        .where(ImportColumnMapping.kind == kind)
        .first()
        .run()
    )
    return dict(row["mapping"]) if row else {}


async def save_mapping(tx: Tx, kind: str, mapping: dict[str, str], updated_by: str) -> None:
    row = new_row(ImportColumnMapping, kind=kind, mapping=mapping, updated_by=updated_by)
    replaced = (
        ImportColumnMapping.mapping,
        ImportColumnMapping.updated_by,
        (ImportColumnMapping.updated_at, DB_NOW),
    )
    await (
        ImportColumnMapping.insert(row)
        .on_conflict(target=ImportColumnMapping.kind, action="DO UPDATE", values=replaced)
        .run()
    )


# -- export jobs ---------------------------------------------------------------------------------


def _export(row: dict[str, Any]) -> ExportOut:
    return ExportOut(**{name: row[name] for name in ExportOut.__struct_fields__})


async def insert_export(tx: Tx, export_id: uuid.UUID, *, kind: str, fmt: str, created_by: str) -> ExportOut:
    row = new_row(ExportJob, id=export_id, kind=kind, format=fmt, created_by=created_by)
    return _export((await ExportJob.insert(row).returning(*_EXPORT).run())[0])


async def get_export(tx: Tx, export_id: uuid.UUID) -> ExportOut | None:
    row = await ExportJob.select(*_EXPORT).where(ExportJob.id == export_id).first().run()
    return _export(row) if row else None


async def list_exports(tx: Tx, *, limit: int, offset: int) -> tuple[list[ExportOut], int]:
    total = await ExportJob.count().run()
    rows = await (
        ExportJob.select(*_EXPORT)
        .order_by(ExportJob.created_at, ExportJob.id, ascending=False)
        .limit(limit)
        .offset(offset)
        .run()
    )
    return [_export(r) for r in rows], total


async def export_content(tx: Tx, export_id: uuid.UUID) -> bytes | None:
    row = (
        await ExportJob.select(ExportJob.content)
        .where(ExportJob.id == export_id, ExportJob.status == "done")
        .first()
        .run()
    )
    return bytes(row["content"]) if row and row["content"] is not None else None


async def claim_export(tx: Tx, export_id: uuid.UUID) -> asyncpg.Record | None:
    """queued (or stuck for 15 minutes) -> running; None if another delivery has it or it is over."""
    # SQL: a conditional claim, compared with the database's clock
    return await tx.fetchrow(
        "UPDATE export_job SET status = 'running', processed_rows = 0, updated_at = now() "
        "WHERE id = $1 AND (status = 'queued' OR (status = 'running' "
        "AND updated_at < now() - interval '15 minutes')) RETURNING kind, format",
        export_id,
    )


async def set_export_progress(tx: Tx, export_id: uuid.UUID, *, total: int, processed: int) -> None:
    values: dict[Any, Any] = {
        ExportJob.total_rows: total,
        ExportJob.processed_rows: processed,
        ExportJob.updated_at: DB_NOW,
    }
    await ExportJob.update(values).where(ExportJob.id == export_id).run()


async def finish_export(
    tx: Tx, export_id: uuid.UUID, *, content: bytes | None, error: str | None, rows: int
) -> None:
    values: dict[Any, Any] = {
        ExportJob.status: "done" if content is not None else "failed",
        ExportJob.content: content,
        ExportJob.error: _clip(error, MAX_ERROR_MESSAGE_CHARS),
        ExportJob.total_rows: rows,
        ExportJob.processed_rows: rows,
        ExportJob.updated_at: DB_NOW,
        ExportJob.finished_at: DB_NOW,
    }
    await ExportJob.update(values).where(ExportJob.id == export_id).run()
