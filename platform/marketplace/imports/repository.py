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


# -- column mappings -------------------------------------------------------------------------


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
