"""Product images and documents: upload, list, change visibility, delete, download.

Bytes go to the file storage (``hansa.core.files``) under a key the service makes
(``tenants/<tenant id>/media/<media id>``), metadata to the tenant's ``media`` table.
An upload writes the file first, then the row; a failed insert removes the file.
A deletion removes the row, then the file after commit. An image must decode as
its declared type (and not exceed ``images.MAX_PIXELS``); its renditions are made
by the ``media.make_renditions`` job (``renditions``), and served by ``download``
with ``size``. How files are never orphaned: ``cleanup``.

Visibility, enforced by ``download`` (and by the product page's list of files):
``public`` anyone; ``signed_in`` any signed-in caller; ``buyers`` callers whose
active organisation is one of the named buyer companies. The supplier's own members
see everything. Anything not visible answers 404, never 403.
"""

from __future__ import annotations

import asyncio
import os
import unicodedata
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from hansa.core.db import Tx
from hansa.core.files import FileMissing, storage_for
from hansa.core.outbox import emit
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.context import BuyerContext, is_supplier_member
from hansa.identity.orgs import service as orgs
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.errors import ProductNotFound
from hansa.marketplace.marketplaces.service import is_listed
from hansa.marketplace.media import images
from hansa.marketplace.media import repository as repo
from hansa.marketplace.media.cleanup import delete_after_commit, keys_of_media
from hansa.marketplace.media.errors import InvalidMedia, MediaNotFound, UnknownRenditionSize
from hansa.marketplace.media.events import MAKE_RENDITIONS
from hansa.marketplace.media.schemas import MediaOut, MediaPatch, PublicMediaOut

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
DOCUMENT_TYPES = IMAGE_TYPES | {
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_ZIP_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True, slots=True)
class Upload:
    kind: str
    filename: str
    content_type: str
    file: BinaryIO
    title: str | None = None
    visibility: str = "public"
    buyer_org_ids: tuple[uuid.UUID, ...] = ()


def _looks_like(content_type: str, head: bytes) -> bool:
    """The first bytes agree with the declared type (no HTML served as a PNG)."""
    if content_type == "image/png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if content_type == "image/jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if content_type == "image/gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if content_type == "application/pdf":
        return head.startswith(b"%PDF-")
    if content_type in _ZIP_TYPES:
        return head.startswith(b"PK\x03\x04")
    return b"\x00" not in head  # text/plain, text/csv


def clean_filename(name: str | None) -> str:
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".")
    return base[:255] or "file"


def _errors(field: str, message: str) -> list[dict[str, Any]]:
    return [{"field": field, "message": message}]


def check_upload(upload: Upload, max_bytes: int) -> int:
    """The upload's size, after checking kind, type, size and content; 422 otherwise."""
    if upload.kind not in ("image", "document"):
        raise InvalidMedia("kind is image or document", errors=_errors("kind", "image or document"))
    allowed = IMAGE_TYPES if upload.kind == "image" else DOCUMENT_TYPES
    if upload.content_type not in allowed:
        raise InvalidMedia(
            f"a {upload.kind} may not be {upload.content_type!r}",
            code="media.content_type",
            errors=_errors("file", f"one of {', '.join(sorted(allowed))}"),
        )
    if upload.visibility not in ("public", "signed_in", "buyers"):
        raise InvalidMedia("bad visibility", errors=_errors("visibility", "public, signed_in or buyers"))
    if upload.title is not None and not 1 <= len(upload.title.strip()) <= 300:
        raise InvalidMedia("bad title", errors=_errors("title", "1 to 300 characters"))
    upload.file.seek(0, os.SEEK_END)
    size = upload.file.tell()
    upload.file.seek(0)
    if size == 0:
        raise InvalidMedia("the file is empty", errors=_errors("file", "empty"))
    if size > max_bytes:
        raise InvalidMedia(
            f"the file is larger than {max_bytes} bytes",
            code="media.too_large",
            errors=_errors("file", f"at most {max_bytes} bytes"),
        )
    head = upload.file.read(16)
    upload.file.seek(0)
    if not _looks_like(upload.content_type, head):
        raise InvalidMedia(
            f"the file is not a {upload.content_type}",
            code="media.content_mismatch",
            errors=_errors("file", "content does not match its type"),
        )
    return size


async def check_image_content(upload: Upload) -> None:
    """An upload declared as an image decodes as one, within the pixel limit; 422 otherwise."""
    if upload.content_type not in IMAGE_TYPES:
        return
    try:
        await asyncio.to_thread(
            images.check_image, upload.file, upload.content_type, max_pixels=images.MAX_PIXELS
        )
    except images.TooManyPixels as exc:
        raise InvalidMedia(
            f"the image has more than {images.MAX_PIXELS} pixels",
            code="media.too_many_pixels",
            errors=_errors("file", f"at most {images.MAX_PIXELS} pixels (width times height)"),
        ) from exc
    except images.NotAnImage as exc:
        raise InvalidMedia(
            f"the file does not decode as {upload.content_type}",
            code="media.not_an_image",
            errors=_errors("file", "not a readable image"),
        ) from exc


async def _check_buyers(tx: Tx, buyer_org_ids: list[uuid.UUID]) -> None:
    unknown = set(buyer_org_ids) - await orgs.buyer_ids(tx, buyer_org_ids, archived=True)
    if unknown:
        raise InvalidMedia(
            "some named buyers are not buyer companies",
            code="media.unknown_buyer",
            errors=[
                {"field": "buyer_org_ids", "message": f"unknown buyer {b}"} for b in sorted(map(str, unknown))
            ],
        )


async def _changed(
    tx: Tx, ctx: TenantContext, product_id: uuid.UUID, change: str, media_id: uuid.UUID
) -> None:
    await catalog.product_media_changed(tx, ctx.tenant_id, product_id, change, media_id)


async def upload_media(
    res: Resources, ctx: TenantContext, slug: str, product_id: uuid.UUID, upload: Upload
) -> MediaOut:
    size = check_upload(upload, res.settings.media_max_bytes)
    await check_image_content(upload)
    storage = storage_for(res.settings)
    media_id = uuid.uuid4()
    key = f"tenants/{ctx.tenant_id.hex}/media/{media_id.hex}"
    async with tenant_transaction(res.db, ctx) as tx:  # the product and buyers, before any byte is stored
        if await catalog.product_status(tx, product_id) is None:
            raise ProductNotFound("no such product")
        await _check_buyers(tx, list(upload.buyer_org_ids))
    stored = await storage.put(key, upload.file, upload.content_type)
    if stored.size != size:
        await storage.delete(key)
        raise InvalidMedia("the file changed while it was stored")
    try:
        async with tenant_transaction(res.db, ctx) as tx:
            if await catalog.product_status(tx, product_id, lock=True) is None:
                raise ProductNotFound("no such product")
            await repo.insert(
                tx,
                media_id=media_id,
                product_id=product_id,
                kind=upload.kind,
                filename=clean_filename(upload.filename),
                content_type=upload.content_type,
                size=stored.size,
                sha256=stored.sha256,
                storage_key=key,
                position=await repo.next_position(tx, product_id, upload.kind),
                title=upload.title.strip() if upload.title else None,
                visibility=upload.visibility,
                rendition_state="pending" if upload.kind == "image" else "none",
            )
            if upload.buyer_org_ids:
                await repo.set_buyers(tx, media_id, list(upload.buyer_org_ids))
            await _changed(tx, ctx, product_id, "media_added", media_id)
            if upload.kind == "image":
                await emit(tx, MAKE_RENDITIONS, tenant_id=ctx.tenant_id, payload={"media_id": media_id})
            row = await repo.get(tx, media_id)
    except BaseException:
        await storage.delete(key)
        raise
    assert row is not None
    return repo.media_out(row, slug)


async def list_media(res: Resources, ctx: TenantContext, slug: str, product_id: uuid.UUID) -> list[MediaOut]:
    async with tenant_transaction(res.db, ctx) as tx:
        if await catalog.product_status(tx, product_id) is None:
            raise ProductNotFound("no such product")
        rows = await repo.of_product(tx, product_id)
    return [repo.media_out(row, slug) for row in rows]


async def _own(tx: Tx, product_id: uuid.UUID, media_id: uuid.UUID, *, lock: bool = False) -> Any:
    row = await repo.get(tx, media_id, lock=lock)
    if row is None or row["product_id"] != product_id:
        raise MediaNotFound("no such file")
    return row


async def update_media(
    res: Resources,
    ctx: TenantContext,
    slug: str,
    product_id: uuid.UUID,
    media_id: uuid.UUID,
    patch: MediaPatch,
) -> MediaOut:
    fields: dict[str, Any] = {}
    if patch.title is not None:
        fields["title"] = patch.title.strip()
    if patch.clear_title:
        if patch.title is not None:
            raise InvalidMedia("give title or clear_title, not both")
        fields["title"] = None
    if patch.position is not None:
        fields["position"] = patch.position
    if patch.visibility is not None:
        fields["visibility"] = patch.visibility
    async with tenant_transaction(res.db, ctx) as tx:
        await _own(tx, product_id, media_id, lock=True)
        if patch.buyer_org_ids is not None:
            await _check_buyers(tx, patch.buyer_org_ids)
            await repo.set_buyers(tx, media_id, patch.buyer_org_ids)
        await repo.update(tx, media_id, fields)
        if fields or patch.buyer_org_ids is not None:
            await _changed(tx, ctx, product_id, "media_updated", media_id)
        row = await repo.get(tx, media_id)
    assert row is not None
    return repo.media_out(row, slug)


async def delete_media(
    res: Resources, ctx: TenantContext, product_id: uuid.UUID, media_id: uuid.UUID
) -> None:
    storage = storage_for(res.settings)
    async with tenant_transaction(res.db, ctx) as tx:
        row = await _own(tx, product_id, media_id, lock=True)
        keys = await keys_of_media(tx, media_id, row["storage_key"])
        await repo.delete(tx, media_id)
        await _changed(tx, ctx, product_id, "media_deleted", media_id)
        delete_after_commit(tx, storage, keys)


async def visible_media(
    res: Resources, tx: Tx, tenant_id: uuid.UUID, slug: str, product_id: uuid.UUID, viewer: BuyerContext
) -> list[PublicMediaOut]:
    """The product's files this viewer may download, in ``tx`` (the supplier's schema)."""
    rows = await repo.visible_of_product(
        tx,
        product_id,
        signed_in=viewer.signed_in,
        buyer_org_id=viewer.buyer_org_id,
        everything=is_supplier_member(res, viewer, tenant_id),
    )
    return [repo.public_out(row, slug) for row in rows]


@dataclass(frozen=True, slots=True)
class Download:
    filename: str
    content_type: str
    size: int
    sha256: str
    kind: str
    public: bool
    chunks: AsyncIterator[bytes]


def check_rendition_size(size: int | None) -> None:
    if size is not None and size not in images.RENDITION_SIZES:
        sizes = ", ".join(map(str, images.RENDITION_SIZES))
        raise UnknownRenditionSize(f"size is one of {sizes}", errors=_errors("size", f"one of {sizes}"))


async def download(
    res: Resources, viewer: BuyerContext, media_id: uuid.UUID, size: int | None = None
) -> Download:
    """The file (or its rendition of ``size``) if this viewer may see it; 404 otherwise
    (whatever the reason, a rendition not made yet included)."""
    check_rendition_size(size)
    tenant = viewer.named_supplier
    member = is_supplier_member(res, viewer, tenant.id)
    ctx = TenantContext.for_tenant(tenant.id)
    async with tenant_transaction(res.db, ctx) as tx:
        row = await repo.get(tx, media_id)
        if row is None:
            raise MediaNotFound("no such file")
        if not member:
            status = await catalog.product_status(tx, row["product_id"])
            visible = (
                tenant.status == "active"
                and status == "published"
                and await is_listed(tx, tenant.id)
                and (
                    row["visibility"] == "public"
                    or (row["visibility"] == "signed_in" and viewer.signed_in)
                    or (row["visibility"] == "buyers" and viewer.buyer_org_id in set(row["buyer_org_ids"]))
                )
            )
            if not visible:
                raise MediaNotFound("no such file")
        rendition = None if size is None else await repo.rendition(tx, media_id, size)
    if size is not None and rendition is None:
        raise MediaNotFound("no such rendition (yet)", code="media.rendition_not_found")
    source = row if rendition is None else rendition
    storage = storage_for(res.settings)
    key: str = source["storage_key"]
    if not await storage.exists(key):
        raise MediaNotFound("no such file")

    async def chunks() -> AsyncIterator[bytes]:
        try:
            async for block in storage.open(key):
                yield block
        except FileMissing:
            return

    return Download(
        filename=row["filename"] if rendition is None else _rendition_filename(row["filename"], size),
        content_type=source["content_type"],
        size=row["size"] if rendition is None else rendition["bytes"],
        sha256=source["sha256"],
        kind=row["kind"],
        public=row["visibility"] == "public",
        chunks=chunks(),
    )


def _rendition_filename(original: str, size: int | None) -> str:
    stem = original.rsplit(".", 1)[0] if "." in original else original
    return f"{stem}-{size}.webp"


# -- thumbnails for the pages of other domains (browse, catalog), one query per page --------------

THUMBNAIL_SIZE = min(images.RENDITION_SIZES)


async def thumbnails(
    tx: Tx,
    slug: str,
    product_ids: list[uuid.UUID],
    *,
    signed_in: bool,
    buyer_org_id: uuid.UUID | None,
    everything: bool,
) -> dict[uuid.UUID, str]:
    """Per product, the URL of its first image this caller may download with a thumbnail ready."""
    media_ids = await repo.first_images(
        tx,
        product_ids,
        size=THUMBNAIL_SIZE,
        signed_in=signed_in,
        buyer_org_id=buyer_org_id,
        everything=everything,
    )
    return {
        product_id: repo.download_url(slug, media_id, THUMBNAIL_SIZE)
        for product_id, media_id in media_ids.items()
    }


async def own_thumbnails(tx: Tx, slug: str, product_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The supplier's own view: every image counts, whatever its visibility."""
    return await thumbnails(tx, slug, product_ids, signed_in=True, buyer_org_id=None, everything=True)


# -- the supplier's customers (composed by the customers domain) -----------------------------------


async def referenced_buyers(tx: Tx, among: list[uuid.UUID] | None = None) -> set[uuid.UUID]:
    """Buyer ids some document is shown to by name; ``among``: only those."""
    return await repo.referenced_buyers(tx, among)


async def document_counts(tx: Tx, buyer_org_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    return await repo.document_counts(tx, buyer_org_ids)
