"""Bulk import and export of products+variants, inventory levels and price tiers.

The file import is a job: claim, parse and check every row (progress committed as
it goes), then apply all rows or none in one transaction (``apply.apply_rows``,
shared with the JSON bulk API), its progress written from outside that transaction
so pollers see it. Exports write the same columns back.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Coroutine
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import asyncpg
import msgspec

from hansa.core.db import Database, Tx
from hansa.core.idempotency import IdempotentResult, run_idempotent, scope_for
from hansa.core.outbox import emit
from hansa.core.pagination import Page
from hansa.core.tenancy import TenantContext, enter_schema, tenant_transaction
from hansa.core.validation import decode_json
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.schemas import check_non_negative, check_positive
from hansa.marketplace.imports import repository as repo
from hansa.marketplace.imports.apply import ApplyProgress, Error, Numbered, apply_rows, err
from hansa.marketplace.imports.attributes import (
    AttributeCells,
    attribute_code,
    attribute_column,
    load_schemas,
)
from hansa.marketplace.imports.errors import (
    BadUpload,
    BulkRejected,
    ExportNotFound,
    ExportNotReady,
    ImportGone,
    ImportNotFound,
    RowsRejected,
)
from hansa.marketplace.imports.events import PROCESS_IMPORT, RUN_EXPORT, import_finished, import_started
from hansa.marketplace.imports.parsing import (
    DEFAULT_LIMITS,
    Cell,
    FileUnreadable,
    Limits,
    Separator,
    Sheet,
    normalise_header,
    parse_decimal,
    read_header,
    read_sheet,
    revealed_separator,
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
    BulkInventory,
    BulkPrices,
    BulkVariants,
    ColumnMapping,
    ExportOut,
    HeaderCheck,
    ImportOut,
    Mapping,
)
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.pricing import service as pricing
from hansa.tenants import service as tenants

__all__ = ["apply_rows"]

log = logging.getLogger(__name__)

PROGRESS_EVERY = 1000
# called after each committed step; during the apply its transaction is open in the
# task, so a hook that reads uses ``db.independent_transaction()``
ProgressHook = Callable[[int], Coroutine[Any, Any, None]]


# -- cells to rows -----------------------------------------------------------------------------

SEPARATOR: dict[str, Separator] = {"comma": ",", "point": "."}
NUMBER_FORMAT = {",": "comma", ".": "point"}
# languages whose spreadsheets write a decimal comma (the default when a file does not tell)
COMMA_LANGUAGES = frozenset(
    {"bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "hr", "hu", "id", "it", "lt", "lv"}
    | {"nb", "nl", "nn", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "tr", "uk"}
)
# headers that stand for a column under another name
HEADER_ALIASES = {"category": "category_id", "category_path": "category_id"}
POSITIVE_COLUMNS = {"pack_size", "min_order_qty", "order_increment", "min_qty"}
NON_NEGATIVE_COLUMNS = {"on_hand", "unit_price"}


def _cell_value(column: str, text: str, separator: Separator) -> Any:
    if column in DECIMAL_COLUMNS:
        value = parse_decimal(text, separator)
        _check_sign(column, value)
        return str(value)
    if column in INTEGER_COLUMNS:
        value = parse_decimal(text, separator)
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


def _check_sign(column: str, value: Decimal) -> None:
    """The rows' own checks, per column, so one row reports all of its bad cells."""
    if column in POSITIVE_COLUMNS:
        check_positive(column, value)
    elif column in NON_NEGATIVE_COLUMNS:
        check_non_negative(column, value)
    if column == "unit_price" and value.as_tuple().exponent < -6:  # type: ignore[operator]
        raise ValueError("unit_price has at most 6 decimals")


def _known_column(kind: str, column: str) -> bool:
    return column in COLUMNS[kind] or (kind == "products" and attribute_code(column) is not None)


def check_header(kind: str, columns: list[str]) -> list[Error]:
    errors = [err(1, c, "unknown column") for c in columns if c and not _known_column(kind, c)]
    errors += [err(1, c, "required column is missing") for c in sorted(REQUIRED[kind] - set(columns))]
    seen: set[str] = set()
    for column in columns:
        if column and column in seen:
            errors.append(err(1, column, "column appears twice"))
        seen.add(column)
    return errors


def convert_row(
    kind: str,
    number: int,
    cells: dict[str, str],
    separator: Separator = ".",
    columns: set[str] | None = None,
) -> tuple[Any | None, list[Error]]:
    """One spreadsheet row as its struct, and every error of its cells by column.

    Each cell is typed and checked on its own, so a row reports all its bad cells at
    once. When only optional cells are bad the row is still built without them (the
    data checks then look at the rest of it); a bad or missing required cell: None.
    ``columns`` are the file's columns: a required one the header lacks is reported once,
    on the header, not on every row."""
    errors: list[Error] = []
    values: dict[str, Any] = {}
    fields = _FIELDS[kind]
    if "__extra__" in cells:
        errors.append(err(number, None, "more cells than columns in the header"))
    for column in COLUMNS[kind]:
        text = cells.get(column, "")
        if text == "":
            if column in REQUIRED[kind] and (columns is None or column in columns):
                errors.append(err(number, column, "required"))
            continue
        try:
            values[column] = msgspec.convert(_cell_value(column, text, separator), fields[column])
        except (ValueError, msgspec.ValidationError) as exc:
            errors.append(err(number, column, _field_message(exc)))
    for column in REQUIRED[kind] & DECIMAL_COLUMNS:
        if column not in values and cells.get(column, ""):
            # unreadable, so reported above; a stand-in lets the data checks look at the
            # rest of the row (such a file is only checked, never applied)
            values[column] = Decimal(1)
    if not REQUIRED[kind] <= set(values):
        return None, errors
    try:
        return msgspec.convert(values, ROW_TYPES[kind]), errors
    except msgspec.ValidationError as exc:
        return None, [*errors, _struct_error(number, exc)]


_FIELDS: dict[str, dict[str, Any]] = {
    kind: {f.name: f.type for f in msgspec.structs.fields(row_type)} for kind, row_type in ROW_TYPES.items()
}


def _field_message(exc: Exception) -> str:
    return str(exc).split(" - at `$", 1)[0]


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


# -- the number format of a file ---------------------------------------------------------------


def _numeric_columns(kind: str, columns: list[str]) -> list[str]:
    """The columns whose cells may tell the decimal separator (attribute cells too: "12,5 mm")."""
    return [
        c
        for c in columns
        if c in DECIMAL_COLUMNS or c in INTEGER_COLUMNS or (kind == "products" and attribute_code(c))
    ]


def revealed_format(kind: str, sheet: Sheet) -> tuple[Separator | None, list[Error]]:
    """The decimal separator the file's numeric cells show, looking at all of them.

    None when no cell tells ("100", "1.000"); an error on row 1 when some cells can
    only be decimal commas and others only decimal points."""
    numeric = _numeric_columns(kind, sheet.columns)
    found: dict[Separator, tuple[int, str, str]] = {}
    for number, cells in sheet.rows:
        for column in numeric:
            mark = revealed_separator(cells.get(column, ""))
            if mark is not None and mark not in found:
                found[mark] = (number, column, cells[column])
        if len(found) == 2:
            (r1, c1, t1), (r2, c2, t2) = found[","], found["."]
            return None, [
                err(
                    1,
                    None,
                    f"the file mixes decimal commas (row {r1}, {c1}: {t1[:40]!r}) and decimal points "
                    f"(row {r2}, {c2}: {t2[:40]!r}): write all numbers one way or choose the number "
                    "format when uploading",
                )
            ]
    return (next(iter(found)) if found else None), []


async def _decide_format(
    db: Database, ctx: TenantContext, job_id: uuid.UUID, kind: str, sheet: Sheet, chosen: str | None
) -> tuple[Separator, list[Error]]:
    """Once per file: the format chosen at upload, else what the file shows, else the
    supplier's first language. Recorded on the job, so the import page says it."""
    if chosen in SEPARATOR:
        return SEPARATOR[chosen], []
    separator, errors = revealed_format(kind, sheet)
    async with tenant_transaction(db, ctx) as tx:
        if separator is None:
            profile = await tenants.find_profile(tx)
            languages = profile.languages if profile else []
            separator = "," if languages and languages[0] in COMMA_LANGUAGES else "."
        await repo.set_number_format(tx, job_id, NUMBER_FORMAT[separator])
    return separator, errors


# -- categories by path or code ----------------------------------------------------------------


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


async def resolve_categories(db: Database, ctx: TenantContext, sheet: Sheet) -> list[Error]:
    """Write the category id into every ``category_id`` cell given as a path or code.

    ``fasteners/bolts-screws/hex-bolts`` (a path), ``hex-bolts`` (a code) or
    ``<marketplace>:<path>``; several matches are narrowed to the marketplaces the
    supplier is listed in. A cell that matches no category, or still several, is an
    error on its row (and is left out)."""
    references = {
        cells["category_id"]
        for _, cells in sheet.rows
        if cells.get("category_id") and _as_uuid(cells["category_id"]) is None
    }
    if not references:
        return []
    paths = sorted({ref.split(":", 1)[-1] for ref in references})
    async with tenant_transaction(db, ctx) as tx:
        found = await marketplaces.categories_by_reference(tx, ctx.tenant_id, paths)
    resolved: dict[str, uuid.UUID | str] = {ref: _pick_category(ref, found) for ref in references}
    errors: list[Error] = []
    for number, cells in sheet.rows:
        target = resolved.get(cells.get("category_id", ""))
        if isinstance(target, uuid.UUID):
            cells["category_id"] = str(target)
        elif target is not None:
            errors.append(err(number, "category_id", target))
            cells["category_id"] = ""
    return errors


def _pick_category(reference: str, found: list[Any]) -> uuid.UUID | str:
    marketplace, _, path = reference.rpartition(":")
    matches = [c for c in found if c["path"] == path] or [c for c in found if c["slug"] == path]
    if marketplace:
        matches = [c for c in matches if c["marketplace"] == marketplace]
    if len(matches) > 1:
        matches = [c for c in matches if c["listed"]] or matches
    if len(matches) == 1:
        return uuid.UUID(str(matches[0]["id"]))
    if not matches:
        return "no category has this path or code (give its path, e.g. fasteners/bolts/hex-bolts, or its id)"
    options = ", ".join(sorted(f"{c['marketplace']}:{c['path']}" for c in matches)[:5])
    return f"several categories match: write one of {options}, or the category's id"


# -- the import job ----------------------------------------------------------------------------


def format_of(filename: str, declared: str | None) -> str:
    fmt = (declared or filename.rsplit(".", 1)[-1]).lower()
    if fmt not in ("csv", "xlsx"):
        raise BadUpload("the file must be .csv or .xlsx (or say format=csv|xlsx)")
    return fmt


def parse_mapping(kind: str, text: str | None) -> dict[str, str] | None:
    """The ``mapping`` form field: a JSON object, file header -> column ("" leaves it out)."""
    if text is None or text == "":
        return None
    try:
        mapping = msgspec.json.decode(text, type=Mapping)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise BadUpload(f"mapping: a JSON object of file header -> column ({exc})") from exc
    normalised = {normalise_header(source): normalise_header(target) for source, target in mapping.items()}
    bad = sorted(t for t in normalised.values() if t and not _known_column(kind, t))
    if bad:
        raise BadUpload(f"mapping: not a column of {kind} files: {', '.join(bad)[:200]}")
    return {source: target for source, target in normalised.items() if source != target}


def _renames(mapping: dict[str, str]) -> dict[str, str]:
    return {**HEADER_ALIASES, **mapping}


async def create_import(
    db: Database,
    ctx: TenantContext,
    *,
    kind: str,
    fmt: str,
    filename: str,
    content: bytes,
    number_format: str | None = None,
    mapping: dict[str, str] | None = None,
) -> ImportOut:
    """Store the upload and emit the job that processes it (in one transaction).

    A ``mapping`` given with the upload is saved as the kind's mapping (the next file
    of that kind reuses it); without one the saved mapping applies."""
    if not content:
        raise BadUpload("the file is empty")
    job_id = uuid.uuid4()
    actor = f"{ctx.actor.kind}:{ctx.actor.id}"
    async with tenant_transaction(db, ctx) as tx:
        if mapping is None:
            mapping = await repo.saved_mapping(tx, kind)
        else:
            await repo.save_mapping(tx, kind, mapping, actor)
        created = await repo.insert_job(
            tx,
            job_id,
            kind=kind,
            fmt=fmt,
            filename=(filename or f"upload.{fmt}")[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            created_by=actor,
            number_format=number_format,
            column_mapping=mapping,
        )
        await emit(tx, PROCESS_IMPORT, tenant_id=ctx.tenant_id, payload={"import_id": job_id})
        await import_started(tx, ctx, created)
    return created


async def check_headers(
    db: Database, ctx: TenantContext, *, kind: str, fmt: str, content: bytes
) -> HeaderCheck:
    """The file's header against the kind's columns and the saved mapping (nothing stored)."""
    if not content:
        raise BadUpload("the file is empty")
    try:
        headers = await asyncio.to_thread(read_header, content, fmt)  # type: ignore[arg-type]
    except FileUnreadable as exc:
        raise BadUpload(str(exc)) from exc
    async with tenant_transaction(db, ctx) as tx:
        saved = await repo.saved_mapping(tx, kind)
    renames = _renames(saved)
    normalised = [renames.get(normalise_header(h), normalise_header(h)) for h in headers]
    return HeaderCheck(
        kind=kind,  # type: ignore[arg-type]
        headers=headers,
        normalised=normalised,
        unknown=[c for c in normalised if c and not _known_column(kind, c)],
        missing=sorted(REQUIRED[kind] - set(normalised)),
        columns=list(COLUMNS[kind]),
        mapping={h: t for h in map(normalise_header, headers) if (t := saved.get(h)) is not None},
    )


async def get_mapping(db: Database, ctx: TenantContext, kind: str) -> ColumnMapping:
    async with tenant_transaction(db, ctx) as tx:
        return ColumnMapping(kind=kind, mapping=await repo.saved_mapping(tx, kind))  # type: ignore[arg-type]


async def get_import(db: Database, ctx: TenantContext, job_id: uuid.UUID) -> ImportOut:
    async with tenant_transaction(db, ctx) as tx:
        found = await repo.get_job(tx, job_id)
    if found is None:
        raise ImportNotFound("no such import")
    return found


async def list_imports(db: Database, ctx: TenantContext, *, limit: int, offset: int) -> Page[ImportOut]:
    async with tenant_transaction(db, ctx) as tx:
        items, total = await repo.list_jobs(tx, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


def errors_csv(job: ImportOut) -> bytes:
    return write_csv(["row", "column", "message"], [[e.row, e.column, e.message] for e in job.errors])


async def finish(
    tx: Tx,
    ctx: TenantContext,
    job_id: uuid.UUID,
    *,
    status: str,
    processed: int,
    errors: list[Error],
    error_count: int | None = None,
    summary: dict[str, int] | None = None,
) -> None:
    """THE place an import reaches its end (``done`` or ``failed``), on the transaction that
    commits it: whatever must follow every finished import (telling the uploader) goes here."""
    await repo.finish_job(
        tx,
        job_id,
        status=status,
        processed=processed,
        errors=errors,
        summary=summary or {},
        error_count=error_count,
    )
    await import_finished(tx, ctx, job_id)


async def _fail(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    processed: int,
    errors: list[Error],
    error_count: int | None = None,
) -> None:
    async with tenant_transaction(db, ctx) as tx:
        await finish(
            tx, ctx, job_id, status="failed", processed=processed, errors=errors, error_count=error_count
        )


async def _write_progress(
    db: Database, ctx: TenantContext, job_id: uuid.UUID, status: str, total: int, done: int
) -> None:
    async with tenant_transaction(db, ctx) as tx:
        await repo.set_progress(tx, job_id, status=status, total=total, processed=done)


class ErrorLog:
    """Every error counted, the first ``cap`` kept (in the order found: header, then rows)."""

    def __init__(self, cap: int = repo.MAX_STORED_ERRORS) -> None:
        self.cap, self.count = cap, 0
        self.kept: list[Error] = []
        self.keys: set[tuple[int | None, str | None]] = set()

    def add(self, errors: list[Error]) -> None:
        for error in errors:
            self.count += 1
            self.keys.add((error["row"], error["column"]))
            if len(self.kept) < self.cap:
                self.kept.append(error)

    def merged(self, later: list[Error]) -> tuple[list[Error], int]:
        """These errors plus ``later`` ones (the data checks) not already said of the same cell."""
        fresh = [e for e in later if (e["row"], e["column"]) not in self.keys]
        ordered = sorted([*self.kept, *fresh[: self.cap]], key=_error_order)
        return ordered[: self.cap], self.count + len(fresh)


def _error_order(error: Error) -> tuple[int, str]:
    return (error["row"] or 0, error["column"] or "")


def _validate_rows(
    kind: str,
    sheet_rows: list[tuple[int, dict[str, str]]],
    separator: Separator,
    columns: set[str],
    log: ErrorLog,
) -> tuple[Numbered, AttributeCells]:
    rows: Numbered = []
    cells: AttributeCells = {}
    for number, row_cells in sheet_rows:
        row, row_errors = convert_row(kind, number, row_cells, separator, columns)
        log.add(row_errors)
        if row is not None:
            rows.append((number, row))
            if kind == "products" and (attributes := attribute_cells_of(row_cells)):
                cells[number] = attributes
    return rows, cells


async def _validate_with_progress(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    kind: str,
    sheet: Sheet,
    separator: Separator,
    log: ErrorLog,
    progress_every: int,
    on_progress: ProgressHook | None,
) -> tuple[Numbered, AttributeCells]:
    """Check every row, committing ``processed_rows`` every ``progress_every`` rows."""
    total = len(sheet.rows)
    rows: Numbered = []
    cells: AttributeCells = {}
    columns = set(sheet.columns)
    for start in range(0, total, progress_every):
        chunk_rows, chunk_cells = _validate_rows(
            kind, sheet.rows[start : start + progress_every], separator, columns, log
        )
        rows += chunk_rows
        cells |= chunk_cells
        done = min(start + progress_every, total)
        await _write_progress(db, ctx, job_id, "validating", total, done)
        if on_progress is not None:
            await on_progress(done)
    return rows, cells


async def process_import(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    *,
    progress_every: int = PROGRESS_EVERY,
    on_progress: ProgressHook | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Validate every row, then apply all or nothing; progress of both phases is committed as it goes.

    Whatever happens, a claimed job ends ``done`` or ``failed``: an unexpected error is
    recorded as the failure (with bounded text), never left ``validating``."""
    async with tenant_transaction(db, ctx) as tx:
        claimed = await repo.claim_job(tx, job_id)
    if claimed is None:
        return  # done, failed, or being processed by another delivery
    try:
        await _process(db, ctx, job_id, claimed, progress_every, on_progress, limits)
    except Exception:
        log.exception("import %s failed", job_id)
        await _fail(db, ctx, job_id, 0, [err(None, None, "an internal error stopped the import")])


async def _process(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    claimed: Any,
    progress_every: int,
    on_progress: ProgressHook | None,
    limits: Limits,
) -> None:
    kind, fmt = claimed["kind"], claimed["format"]
    mapping = dict(claimed["column_mapping"])
    try:
        # parsing is CPU work: off the event loop (the worker's other jobs keep running)
        sheet = await asyncio.to_thread(read_sheet, bytes(claimed["content"]), fmt, limits, _renames(mapping))
    except FileUnreadable as exc:
        await _fail(db, ctx, job_id, 0, [err(1, None, str(exc))])
        return
    total = len(sheet.rows)
    errors = ErrorLog()
    errors.add(check_header(kind, sheet.columns))
    separator, format_errors = await _decide_format(db, ctx, job_id, kind, sheet, claimed["number_format"])
    errors.add(format_errors)
    if kind == "products":
        errors.add(await resolve_categories(db, ctx, sheet))
    rows, cells = await _validate_with_progress(
        db, ctx, job_id, kind, sheet, separator, errors, progress_every, on_progress
    )
    if errors.count:
        data_errors = await _data_errors(db, ctx, kind, rows, cells, separator) if rows else []
        kept, count = errors.merged(data_errors)
        await _fail(db, ctx, job_id, total, kept, count)
        return
    await _write_progress(db, ctx, job_id, "applying", total, 0)
    progress = ApplyProgress(total, progress_every)
    await _apply(db, ctx, job_id, kind, rows, cells, progress, on_progress, separator)


async def _data_errors(
    db: Database, ctx: TenantContext, kind: str, rows: Numbered, cells: AttributeCells, separator: Separator
) -> list[Error]:
    """What the apply step would say of the rows that could be read (nothing is written),
    so one upload reports every error of the file."""
    try:
        async with tenant_transaction(db, ctx) as tx:
            await apply_rows(tx, ctx, kind, rows, attribute_cells=cells, check_only=True, separator=separator)
    except RowsRejected as rejected:
        return rejected.errors
    return []


async def _apply(
    db: Database,
    ctx: TenantContext,
    job_id: uuid.UUID,
    kind: str,
    rows: Numbered,
    cells: AttributeCells,
    progress: ApplyProgress,
    on_progress: ProgressHook | None,
    separator: Separator,
) -> None:
    """One transaction applies every row and marks the job done; any error rolls it all back."""

    async def report(done: int) -> None:
        # the apply transaction is open in this task, and what it writes stays invisible
        # until it commits: progress commits on its own connection, so it shows now
        async with db.independent_transaction() as tx:
            await enter_schema(tx, ctx.schema)
            await repo.set_progress(tx, job_id, status="applying", total=progress.total, processed=done)
        if on_progress is not None:
            await on_progress(done)  # inside the apply transaction too: it reads independently

    progress.report = report
    try:
        async with tenant_transaction(db, ctx) as tx:
            summary = await apply_rows(
                tx, ctx, kind, rows, attribute_cells=cells, progress=progress, separator=separator
            )
            await finish(
                tx,
                ctx,
                job_id,
                status="done",
                processed=progress.total,
                errors=[],
                summary=msgspec.structs.asdict(summary),
            )
    except RowsRejected as rejected:
        await _fail(
            db, ctx, job_id, progress.total, rejected.errors[: repo.MAX_STORED_ERRORS], len(rejected.errors)
        )
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


# -- export (a job: the web process only queues it and serves the result) -----------------------


async def create_export(db: Database, ctx: TenantContext, *, kind: str, fmt: str) -> ExportOut:
    export_id = uuid.uuid4()
    async with tenant_transaction(db, ctx) as tx:
        created = await repo.insert_export(
            tx, export_id, kind=kind, fmt=fmt, created_by=f"{ctx.actor.kind}:{ctx.actor.id}"
        )
        await emit(tx, RUN_EXPORT, tenant_id=ctx.tenant_id, payload={"export_id": export_id})
    return created


async def get_export(db: Database, ctx: TenantContext, export_id: uuid.UUID) -> ExportOut:
    async with tenant_transaction(db, ctx) as tx:
        found = await repo.get_export(tx, export_id)
    if found is None:
        raise ExportNotFound("no such export")
    return found


async def list_exports(db: Database, ctx: TenantContext, *, limit: int, offset: int) -> Page[ExportOut]:
    async with tenant_transaction(db, ctx) as tx:
        items, total = await repo.list_exports(tx, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


async def export_file(db: Database, ctx: TenantContext, export_id: uuid.UUID) -> tuple[ExportOut, bytes]:
    """The finished file; 409 while the job runs or when it failed."""
    async with tenant_transaction(db, ctx) as tx:
        found = await repo.get_export(tx, export_id)
        content = await repo.export_content(tx, export_id) if found is not None else None
    if found is None:
        raise ExportNotFound("no such export")
    if content is None:
        raise ExportNotReady(f"the export is {found.status}: its file is not there yet")
    return found, content


async def run_export(db: Database, ctx: TenantContext, export_id: uuid.UUID) -> None:
    """The export job: read the rows, write the file off the event loop, store it."""
    async with tenant_transaction(db, ctx) as tx:
        claimed = await repo.claim_export(tx, export_id)
    if claimed is None:
        return
    rows = 0
    try:
        kind, fmt = claimed["kind"], claimed["format"]
        async with tenant_transaction(db, ctx) as tx:
            records = await _export_records(tx, kind)
            rows = len(records)
            await repo.set_export_progress(tx, export_id, total=rows, processed=0)
        content = await asyncio.to_thread(export_content, kind, fmt, records)
        async with tenant_transaction(db, ctx) as tx:
            await repo.finish_export(tx, export_id, content=content, error=None, rows=rows)
    except Exception as exc:
        log.exception("export %s failed", export_id)
        async with tenant_transaction(db, ctx) as tx:
            await repo.finish_export(
                tx, export_id, content=None, error=f"the export failed: {exc}", rows=rows
            )


async def _export_records(tx: Tx, kind: str) -> list[Any]:
    if kind in ("products", "inventory"):
        return await catalog.export_rows(tx, kind)
    return await pricing.export_rows(tx)


async def export(db: Database, ctx: TenantContext, kind: str, fmt: str) -> bytes:
    """The file an export job writes, built here at once (tests and scripts; the API queues a job)."""
    async with tenant_transaction(db, ctx) as tx:
        records = await _export_records(tx, kind)
    return await asyncio.to_thread(export_content, kind, fmt, records)


def export_content(kind: str, fmt: str, records: list[Any]) -> bytes:
    """CPU work: call it off the event loop."""
    columns = COLUMNS[kind]
    rows: list[list[Cell]] = []
    for record in records:
        row: list[Cell] = []
        for column in columns:
            value = record[column]
            if column in JSON_COLUMNS:
                value = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
            elif isinstance(value, str):
                value = value.strip() if column == "currency" else value
            elif isinstance(value, date | uuid.UUID):
                value = str(value)  # ISO dates, canonical ids
            row.append(value)
        rows.append(row)
    if fmt == "csv":
        return write_csv(columns, rows)
    return write_xlsx(columns, rows, kind)


# -- templates ----------------------------------------------------------------------------------


async def template(db: Database, ctx: TenantContext, kind: str, fmt: str, category: str | None) -> bytes:
    """An empty file of the kind: its columns, and for products with a category, one
    ``attr:<code>`` column per attribute of the category's schema (its ancestors' too)."""
    columns = list(COLUMNS[kind])
    if category and kind == "products":
        columns += [attribute_column(a.code) for a in await _category_schema(db, ctx, category)]
    return write_csv(columns, []) if fmt == "csv" else write_xlsx(columns, [], kind)


async def _category_schema(db: Database, ctx: TenantContext, category: str) -> list[Any]:
    sheet = Sheet(["category_id"], [(2, {"category_id": category})])
    errors = await resolve_categories(db, ctx, sheet)
    if errors:
        raise BadUpload(f"category: {errors[0]['message']}")
    category_id = _as_uuid(sheet.rows[0][1]["category_id"])
    async with tenant_transaction(db, ctx) as tx:
        schema = (await load_schemas(tx, {category_id})).get(category_id) if category_id else None
    if schema is None:
        raise BadUpload("category: no such category")
    return schema


BulkKind = Literal["variants", "inventory", "prices"]
BULK_TYPES: dict[BulkKind, type[Any]] = {
    "variants": BulkVariants,
    "inventory": BulkInventory,
    "prices": BulkPrices,
}
BULK_KIND: dict[BulkKind, str] = {"variants": "products", "inventory": "inventory", "prices": "prices"}


async def bulk_upsert(
    db: Database, ctx: TenantContext, kind: BulkKind, raw: bytes, key: str | None
) -> IdempotentResult:
    """``POST /bulk/{kind}``: every item applied in one transaction, or none (422 naming
    each bad item); a repeated Idempotency-Key replays the first answer."""
    try:
        body = decode_json(raw, BULK_TYPES[kind])  # the bounds every route's body has
    except msgspec.ValidationError as exc:
        raise BadUpload(f"invalid body: {exc}") from exc
    except msgspec.DecodeError as exc:
        raise BadUpload("the body is not JSON") from exc
    rows = list(enumerate(body.items))

    async def effect() -> bytes:
        summary = await apply_rows(tx, ctx, BULK_KIND[kind], rows)
        return msgspec.json.encode(summary)

    try:
        async with tenant_transaction(db, ctx) as tx:
            return await run_idempotent(
                tx, scope=scope_for(ctx.org, "POST", f"/bulk/{kind}"), key=key, body=raw, effect=effect
            )
    except RowsRejected as rejected:
        errors = [
            {
                "field": f"items[{e['row']}]" + (f".{e['column']}" if e["column"] else ""),
                "message": e["message"],
            }
            for e in rejected.errors
        ]
        raise BulkRejected(f"{len(errors)} item error(s): nothing was applied", errors=errors) from None
