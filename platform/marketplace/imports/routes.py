"""Routes of bulk import/export and the JSON bulk upsert API (docs/imports.md): thin.

Every route declares its action (``opt=needs(...)``, or ``needs_by`` the kind);
the context guard authorizes the caller (another organisation 404, a role without
the action 403) before Litestar reads the body.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, Parameter

from hansa.core.content_type import REQUEST_BODY
from hansa.core.http import file_answer, multipart_body, problems
from hansa.core.idempotency import HEADER, check_key
from hansa.core.pagination import Limit, Offset, Page
from hansa.core.resources import Resources
from hansa.identity.context import (
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    SupplierContext,
    needs,
    needs_by,
    require,
)
from hansa.marketplace.imports import service
from hansa.marketplace.imports.errors import BadUpload
from hansa.marketplace.imports.schemas import (
    ColumnMapping,
    ExportOut,
    HeaderCheck,
    ImportOut,
    Kind,
    NumberFormat,
)

MAX_UPLOAD_BYTES = 32 * 1024 * 1024
WRITE_ACTION = {"products": "catalog.write", "inventory": "inventory.write", "prices": "pricing.write"}
READ_ACTION = {"products": "catalog.read", "inventory": "inventory.read", "prices": "pricing.read"}
BULK_ACTION: dict[str, str] = {kind: WRITE_ACTION[of] for kind, of in service.BULK_KIND.items()}
MEDIA = {
    "csv": "text/csv",  # Litestar adds "; charset=utf-8" to text types (once)
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# a download is only ever the type it says (no sniffing it into HTML)
NOSNIFF = {"X-Content-Type-Options": "nosniff"}


def _ascii(filename: str) -> str:
    """A header-safe copy of a user's file name (the stored name keeps its diacritics)."""
    return "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in filename)


def _download(content: bytes, fmt: str, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{_ascii(filename)}"', **NOSNIFF},
    )


async def _uploaded(request: Request[Any, Any, Any]) -> tuple[UploadFile, dict[str, Any]]:
    try:
        form = await request.form()
    except Exception as exc:  # malformed multipart
        raise BadUpload("send the file as multipart/form-data in the field 'file'") from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise BadUpload("send the file as multipart/form-data in the field 'file'")
    return upload, dict(form)


class ImportController(Controller):
    path = "/api/v1/suppliers/{tenant:str}"
    tags = ["imports"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @post(
        "/imports",
        summary="Upload a CSV or XLSX file (multipart field 'file'); a job validates and applies it",
        status_code=202,
        request_max_body_size=MAX_UPLOAD_BYTES,
        opt={**needs_by("kind", WRITE_ACTION), REQUEST_BODY: "multipart"},
        operation_class=multipart_body({}),
    )
    async def upload(
        self,
        kind: FromQuery[Kind],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        format: FromQuery[Literal["csv", "xlsx"] | None] = None,
        number_format: FromQuery[NumberFormat | None] = None,
    ) -> ImportOut:
        upload, form = await _uploaded(request)
        content = await upload.read()
        fmt = service.format_of(upload.filename or "", format)
        mapping_field = form.get("mapping")
        mapping = service.parse_mapping(kind, mapping_field if isinstance(mapping_field, str) else None)
        return await service.create_import(
            resources.db,
            ctx,
            kind=kind,
            fmt=fmt,
            filename=upload.filename or "",
            content=content,
            number_format=number_format,
            mapping=mapping,
        )

    @post(
        "/imports/headers",
        summary="Check a file's header against a kind's columns and the saved mapping (nothing stored)",
        status_code=200,
        request_max_body_size=MAX_UPLOAD_BYTES,
        opt=needs_by("kind", WRITE_ACTION),
    )
    async def check_headers(
        self,
        kind: FromQuery[Kind],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        format: FromQuery[Literal["csv", "xlsx"] | None] = None,
    ) -> HeaderCheck:
        upload, _ = await _uploaded(request)
        content = await upload.read()
        fmt = service.format_of(upload.filename or "", format)
        return await service.check_headers(resources.db, ctx, kind=kind, fmt=fmt, content=content)

    @get(
        "/imports/mappings/{kind:str}",
        summary="The column mapping saved for a kind (reused by uploads)",
        opt=needs_by("kind", READ_ACTION),
    )
    async def mapping(
        self,
        kind: FromPath[Kind],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> ColumnMapping:
        return await service.get_mapping(resources.db, ctx, kind)

    @get(
        "/imports/templates/{kind:str}",
        summary="An empty file of a kind (with a category: its attribute columns)",
        media_type="application/octet-stream",
        opt=needs_by("kind", READ_ACTION),
    )
    async def template(
        self,
        kind: FromPath[Kind],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        format: FromQuery[Literal["csv", "xlsx"]] = "csv",
        category: FromQuery[Annotated[str, Parameter(max_length=300)] | None] = None,
    ) -> Response[bytes]:
        content = await service.template(resources.db, ctx, kind, format, category)
        return _download(content, format, f"{kind}-template.{format}")

    @get("/imports", summary="Imports, newest first", opt=needs("catalog.read"))
    async def list_imports(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ImportOut]:
        return await service.list_imports(resources.db, ctx, limit=limit, offset=offset)

    @get(
        "/imports/{import_id:uuid}",
        summary="One import: status, progress, summary, first errors",
        opt=needs("catalog.read"),
    )
    async def get_import(
        self,
        import_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> ImportOut:
        return await service.get_import(resources.db, ctx, import_id)

    @get(
        "/imports/{import_id:uuid}/errors",
        summary="The import's errors as CSV (row, column, message)",
        operation_class=file_answer(MEDIA["csv"]),
        opt=needs("catalog.read"),
    )
    async def import_errors(
        self,
        import_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> Response[bytes]:
        job = await service.get_import(resources.db, ctx, import_id)
        return _download(service.errors_csv(job), "csv", f"import-{import_id}-errors.csv")

    @get(
        "/imports/{import_id:uuid}/file",
        summary="The uploaded file as it was stored (410 once retention removed it)",
        media_type="application/octet-stream",
        operation_class=file_answer(*MEDIA.values()),
        responses=problems(410),
        opt=needs("catalog.read"),
    )
    async def import_file(
        self,
        import_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> Response[bytes]:
        job, content = await service.import_file(resources.db, ctx, import_id)
        return _download(content, job.format, job.filename)

    @post(
        "/exports",
        summary="Queue an export of products, inventory or prices as CSV or XLSX (a job writes it)",
        status_code=202,
        opt=needs_by("kind", READ_ACTION),
    )
    async def create_export(
        self,
        kind: FromQuery[Kind],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        format: FromQuery[Literal["csv", "xlsx"]] = "csv",
    ) -> ExportOut:
        return await service.create_export(resources.db, ctx, kind=kind, fmt=format)

    @get("/exports", summary="Exports, newest first", opt=needs("catalog.read"))
    async def list_exports(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ExportOut]:
        return await service.list_exports(resources.db, ctx, limit=limit, offset=offset)

    @get("/exports/{export_id:uuid}", summary="One export: status and progress", opt=needs("catalog.read"))
    async def get_export(
        self,
        export_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> ExportOut:
        return await service.get_export(resources.db, ctx, export_id)

    @get(
        "/exports/{export_id:uuid}/file",
        summary="The finished export's file (409 while it runs)",
        media_type="application/octet-stream",
        operation_class=file_answer(*MEDIA.values()),
        responses=problems(409),
        opt=needs("catalog.read"),
    )
    async def export_file(
        self,
        export_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> Response[bytes]:
        found = await service.get_export(resources.db, ctx, export_id)
        require(resources, ctx, READ_ACTION[found.kind])  # the export's kind: known once it is read
        job, content = await service.export_file(resources.db, ctx, export_id)
        return _download(content, job.format, f"{job.kind}.{job.format}")

    @post(
        "/bulk/{kind:str}",
        summary="Upsert variants, inventory or prices: all or nothing, Idempotency-Key",
        opt={**needs_by("kind", BULK_ACTION), REQUEST_BODY: "json"},
    )
    async def bulk(
        self,
        kind: FromPath[Literal["variants", "inventory", "prices"]],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> Response[bytes]:
        key = check_key(request.headers.get(HEADER))
        result = await service.bulk_upsert(resources.db, ctx, kind, await request.body(), key)
        headers = {"Idempotency-Replayed": "true"} if result.replayed else {}
        return Response(
            result.body, status_code=result.status_code, media_type="application/json", headers=headers
        )
