"""Routes of product media: the supplier's users upload and manage files; buyers
and visitors download what they may see."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, BinaryIO, Literal, cast
from urllib.parse import quote

from litestar import Controller, Request, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from litestar.response import Stream

from hansa.core.content_type import REQUEST_BODY
from hansa.core.errors import BadRequest
from hansa.core.http import multipart_body
from hansa.core.resources import Resources
from hansa.identity.context import (
    AS_VIEWER,
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    BuyerContext,
    SupplierContext,
    needs,
)
from hansa.marketplace.media import service
from hansa.marketplace.media.schemas import MediaOut, MediaPatch

# hard ceiling of an upload request body; HANSA_MEDIA_MAX_BYTES (<= 64 MiB) limits the file itself
UPLOAD_BODY_LIMIT = 64 * 1024 * 1024 + 64 * 1024


def _field(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) and value != "" else None


def _buyers(form: Any) -> tuple[uuid.UUID, ...]:
    found: list[uuid.UUID] = []
    for value in form.getall("buyer_org_ids", []):
        if not isinstance(value, str):
            continue
        for part in value.split(","):
            if part.strip():
                try:
                    found.append(uuid.UUID(part.strip()))
                except ValueError as exc:
                    raise BadRequest("buyer_org_ids holds organisation ids") from exc
    return tuple(found)


class MediaController(Controller):
    path = "/api/v1/suppliers/{tenant:str}"
    tags = ["media"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @post(
        "/products/{product_id:uuid}/media",
        summary="Upload an image or document (multipart: file, kind, title?, visibility?, buyer_org_ids?)",
        request_max_body_size=UPLOAD_BODY_LIMIT,
        opt={**needs("catalog.write"), REQUEST_BODY: "multipart"},
        operation_class=multipart_body(
            {
                "kind": "image or document",
                "title": "optional title",
                "visibility": "public (default), buyers or private",
                "buyer_org_ids": "with visibility=buyers: organisation ids, comma-separated or repeated",
            }
        ),
    )
    async def upload(
        self,
        product_id: FromPath[uuid.UUID],
        request: Request[Any, Any, Any],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> MediaOut:
        form = await request.form()
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise BadRequest("the form needs a file field", code="media.file_required")
        upload = service.Upload(
            kind=_field(form, "kind") or "",
            filename=file.filename,
            content_type=(file.content_type or "").split(";")[0].strip().lower(),
            file=cast(BinaryIO, file.file),
            title=_field(form, "title"),
            visibility=_field(form, "visibility") or "public",
            buyer_org_ids=_buyers(form),
        )
        try:
            return await service.upload_media(resources, ctx, ctx.tenant.slug, product_id, upload)
        finally:
            await file.close()

    @get(
        "/products/{product_id:uuid}/media",
        summary="A product's images and documents, for the supplier",
        opt=needs("catalog.read"),
    )
    async def list_media(
        self,
        product_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> list[MediaOut]:
        return await service.list_media(resources, ctx, ctx.tenant.slug, product_id)

    @patch(
        "/products/{product_id:uuid}/media/{media_id:uuid}",
        summary="Title, position, visibility, buyers",
        opt=needs("catalog.write"),
    )
    async def update_media(
        self,
        product_id: FromPath[uuid.UUID],
        media_id: FromPath[uuid.UUID],
        data: JSONBody[MediaPatch],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> MediaOut:
        return await service.update_media(resources, ctx, ctx.tenant.slug, product_id, media_id, data)

    @delete(
        "/products/{product_id:uuid}/media/{media_id:uuid}",
        summary="Delete an image or document",
        opt=needs("catalog.write"),
    )
    async def delete_media(
        self,
        product_id: FromPath[uuid.UUID],
        media_id: FromPath[uuid.UUID],
        ctx: NamedDependency[SupplierContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.delete_media(resources, ctx, product_id, media_id)

    @get(
        "/media/{media_id:uuid}",
        summary="Download a file, or with size= an image's rendition, if its visibility allows (else 404)",
        opt=AS_VIEWER,
    )
    async def download(
        self,
        media_id: FromPath[uuid.UUID],
        ctx: NamedDependency[BuyerContext],
        resources: NamedDependency[Resources],
        size: Annotated[
            Literal[160, 640] | None,
            Parameter(description="a rendition: 160 or 640 (longest side, WebP); 404 until it is made"),
        ] = None,
    ) -> Stream:
        found = await service.download(resources, ctx, media_id, size)
        disposition = "inline" if found.kind == "image" else "attachment"
        return Stream(
            found.chunks,
            media_type=found.content_type,
            headers={
                "Content-Length": str(found.size),
                "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found.filename, safe='')}",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; sandbox",
                "Cache-Control": "public, max-age=300" if found.public else "private, no-store",
                "ETag": f'"{found.sha256}"',
            },
        )
