"""Routes of requests for quotes: the buyer's under its organisation, the invited
supplier's under its tenant (docs/rfq.md). Thin."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, BinaryIO, cast
from urllib.parse import quote

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Stream

from hansa.core.content_type import REQUEST_BODY
from hansa.core.errors import BadRequest
from hansa.core.filters import SearchText
from hansa.core.http import multipart_body
from hansa.core.idempotency import HEADER, check_key
from hansa.core.pagination import Limit
from hansa.core.resources import Resources
from hansa.identity.context import (
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    OrgContext,
    SupplierContext,
    needs,
    org_needs,
)
from hansa.rfq.requests import service
from hansa.rfq.requests.schemas import (
    CancelIn,
    DeadlineIn,
    FileOut,
    InboxPage,
    InvitationPreview,
    InvitationsIn,
    NewRfq,
    RfqDetail,
    RfqPage,
    RfqPatch,
    SupplierRfqView,
)
from hansa.rfq.requests.states import QuoteStatus, RfqStatus

RfqId = FromPath[uuid.UUID]
Cursor = Annotated[str | None, QueryParameter(max_length=400)]
# hard ceiling of an upload request body; HANSA_MEDIA_MAX_BYTES (<= 64 MiB) limits the file itself
UPLOAD_BODY_LIMIT = 64 * 1024 * 1024 + 64 * 1024


def _field(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) and value != "" else None


def _id_field(form: Any, name: str) -> uuid.UUID | None:
    value = _field(form, name)
    try:
        return uuid.UUID(value) if value else None
    except ValueError as exc:
        raise BadRequest(f"{name} is an id", errors=[{"field": name, "message": "not an id"}]) from exc


async def _upload(request: Request[Any, Any, Any], default_purpose: str) -> tuple[service.Upload, UploadFile]:
    form = await request.form()
    file = form.get("file")
    if not isinstance(file, UploadFile):
        raise BadRequest(
            "the form needs a file field",
            code="rfq.file_required",
            errors=[{"field": "file", "message": "required"}],
        )
    upload = service.Upload(
        filename=file.filename,
        content_type=(file.content_type or "").split(";")[0].strip().lower(),
        file=cast(BinaryIO, file.file),
        line_id=_id_field(form, "line_id"),
        purpose=_field(form, "purpose") or default_purpose,
        supplier_id=_id_field(form, "supplier_id"),
    )
    return upload, file


def _stream(found: service.Download) -> Stream:
    return Stream(
        found.chunks,
        media_type=found.content_type,
        headers={
            "Content-Length": str(found.size),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename, safe='')}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


class BuyerRfqController(Controller):
    path = "/api/v1/orgs/{org_id:uuid}/rfqs"
    tags = ["rfq"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @post("", summary="Create a draft request for quotes (Idempotency-Key)", opt=org_needs("rfq.create"))
    async def create(
        self,
        data: JSONBody[NewRfq],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> Response[RfqDetail]:
        key = check_key(request.headers.get(HEADER))
        rfq, replayed = await service.create(resources, ctx, data, key)
        return Response(rfq, status_code=201, headers={"Idempotency-Replayed": "true"} if replayed else {})

    @get("", summary="The company's requests for quotes, newest first", opt=org_needs("rfq.read"))
    async def list_rfqs(
        self,
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
        status: Annotated[RfqStatus | None, QueryParameter()] = None,
        q: SearchText = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> RfqPage:
        return await service.list_rfqs(resources, ctx, status=status, search=q, cursor=cursor, limit=limit)

    @get(
        "/{rfq_id:uuid}",
        summary="A request: lines, invitations (supplier, quote status), files, next steps",
        opt=org_needs("rfq.read"),
    )
    async def get_rfq(
        self, rfq_id: RfqId, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> RfqDetail:
        return await service.get_rfq(resources, ctx, rfq_id)

    @patch("/{rfq_id:uuid}", summary="Change a draft (lines: all of them)", opt=org_needs("rfq.create"))
    async def update(
        self,
        rfq_id: RfqId,
        data: JSONBody[RfqPatch],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RfqDetail:
        return await service.update(resources, ctx, rfq_id, data)

    @delete("/{rfq_id:uuid}", summary="Delete a draft", opt=org_needs("rfq.create"))
    async def delete_rfq(
        self, rfq_id: RfqId, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> None:
        await service.delete(resources, ctx, rfq_id)

    @post(
        "/{rfq_id:uuid}/submit",
        summary="Submit: open it (invitations sent) or, above an approval rule, wait for approval",
        status_code=200,
        opt=org_needs("rfq.create"),
    )
    async def submit(
        self, rfq_id: RfqId, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> RfqDetail:
        return await service.submit(resources, ctx, rfq_id)

    @post(
        "/{rfq_id:uuid}/invitations",
        summary="Invite suppliers by slug or by categories (staged in a draft, sent while open)",
        status_code=200,
        opt=org_needs("rfq.create"),
    )
    async def invite(
        self,
        rfq_id: RfqId,
        data: JSONBody[InvitationsIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RfqDetail:
        return await service.invite(resources, ctx, rfq_id, data)

    @get(
        "/{rfq_id:uuid}/invitations/preview",
        summary="Who 'all approved suppliers listed in these categories' would invite",
        opt=org_needs("rfq.read"),
    )
    async def preview(
        self,
        rfq_id: RfqId,
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
        categories: Annotated[list[uuid.UUID], QueryParameter(max_items=50)],
    ) -> InvitationPreview:
        return await service.preview_invitations(resources, ctx, rfq_id, categories)

    @delete(
        "/{rfq_id:uuid}/invitations/{tenant_id:uuid}",
        summary="Remove a staged invitation",
        status_code=200,
        opt=org_needs("rfq.create"),
    )
    async def remove_invitation(
        self,
        rfq_id: RfqId,
        tenant_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RfqDetail:
        return await service.remove_invitation(resources, ctx, rfq_id, tenant_id)

    @post(
        "/{rfq_id:uuid}/deadline",
        summary="Extend the deadline of an open RFQ (suppliers told)",
        status_code=200,
        opt=org_needs("rfq.create"),
    )
    async def extend_deadline(
        self,
        rfq_id: RfqId,
        data: JSONBody[DeadlineIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RfqDetail:
        return await service.extend_deadline(resources, ctx, rfq_id, data)

    @post(
        "/{rfq_id:uuid}/close",
        summary="Close an open RFQ early",
        status_code=200,
        opt=org_needs("rfq.create"),
    )
    async def close(
        self, rfq_id: RfqId, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> RfqDetail:
        return await service.close(resources, ctx, rfq_id)

    @post(
        "/{rfq_id:uuid}/cancel",
        summary="Cancel with a reason: quotes rejected, everyone told",
        status_code=200,
        opt=org_needs("rfq.create"),
    )
    async def cancel(
        self,
        rfq_id: RfqId,
        data: JSONBody[CancelIn],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> RfqDetail:
        return await service.cancel(resources, ctx, rfq_id, data)

    @post(
        "/{rfq_id:uuid}/files",
        summary="Upload a drawing or specification (multipart: file, line_id?), or a file for the"
        " thread with one supplier (purpose = message, supplier_id)",
        request_max_body_size=UPLOAD_BODY_LIMIT,
        opt={**org_needs("rfq.create"), REQUEST_BODY: "multipart"},
        operation_class=multipart_body(
            {
                "line_id": "optional: the line it belongs to",
                "purpose": "request (the default) or message",
                "supplier_id": "purpose message: the invited supplier whose thread it is for",
            }
        ),
    )
    async def upload(
        self,
        rfq_id: RfqId,
        request: Request[Any, Any, Any],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> FileOut:
        upload, file = await _upload(request, "request")
        try:
            return await service.upload_buyer_file(resources, ctx, rfq_id, upload)
        finally:
            await file.close()

    @get(
        "/{rfq_id:uuid}/files/{file_id:uuid}", summary="Download a file of the RFQ", opt=org_needs("rfq.read")
    )
    async def download(
        self,
        rfq_id: RfqId,
        file_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> Stream:
        return _stream(await service.buyer_download(resources, ctx, rfq_id, file_id))

    @delete(
        "/{rfq_id:uuid}/files/{file_id:uuid}", summary="Delete a draft's file", opt=org_needs("rfq.create")
    )
    async def delete_file(
        self,
        rfq_id: RfqId,
        file_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_file(resources, ctx, rfq_id, file_id)


class SupplierRfqController(Controller):
    path = "/api/v1/suppliers/{tenant:str}/rfqs"
    tags = ["rfq"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("", summary="The supplier's RFQ inbox: its invitations, newest first", opt=needs("quotes.read"))
    async def inbox(
        self,
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
        status: Annotated[QuoteStatus | None, QueryParameter()] = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> InboxPage:
        return await service.inbox(resources, ctx, status=status, cursor=cursor, limit=limit)

    @get(
        "/{rfq_id:uuid}",
        summary="A request as this invited supplier sees it (marked seen); not invited: 404",
        opt=needs("quotes.read"),
    )
    async def get_rfq(
        self, rfq_id: RfqId, ctx: NamedDependency[SupplierContext], resources: NamedDependency[Resources]
    ) -> SupplierRfqView:
        return await service.supplier_view(resources, ctx, rfq_id)

    @post(
        "/{rfq_id:uuid}/files",
        summary="Upload a file for its quote or thread (multipart: file, purpose = quote | message)",
        request_max_body_size=UPLOAD_BODY_LIMIT,
        opt={**needs("quotes.write"), REQUEST_BODY: "multipart"},
        operation_class=multipart_body({"purpose": "quote or message"}),
    )
    async def upload(
        self,
        rfq_id: RfqId,
        request: Request[Any, Any, Any],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> FileOut:
        upload, file = await _upload(request, "")
        try:
            return await service.upload_supplier_file(resources, ctx, rfq_id, upload)
        finally:
            await file.close()

    @get(
        "/{rfq_id:uuid}/files/{file_id:uuid}",
        summary="Download the request's files and its own",
        opt=needs("quotes.read"),
    )
    async def download(
        self,
        rfq_id: RfqId,
        file_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> Stream:
        return _stream(await service.supplier_download(resources, ctx, rfq_id, file_id))
