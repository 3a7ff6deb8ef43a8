"""Image renditions, image validation and no orphaned files (docs/browse.md,
"Thumbnails" and "Stored files"): uploads over HTTP, the media jobs run by a real
Dramatiq worker on embedded Redis, embedded PostgreSQL, the local file storage.
Images are generated here with Pillow (no binary fixtures)."""

from __future__ import annotations

import asyncio
import io
import os
import struct
import uuid
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO, cast

import pytest
from litestar.testing import AsyncTestClient
from PIL import Image

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.files import LocalFileStorage, StoredFile, storage_for
from hansa.core.jobs import Event, send
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.media import cleanup, images, renditions
from hansa.marketplace.media import service as media
from hansa.marketplace.media.tasks import MAKE_RENDITIONS
from tests.fixtures.api import Api
from tests.fixtures.browse import Market, build_market, supplier
from tests.fixtures.catalog import call
from tests.fixtures.jobs import Harness
from tests.fixtures.media import PDF


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def jpeg(width: int, height: int, *, orientation: int | None = None) -> bytes:
    """A JPEG whose left half is red and right half blue (to see a rotation)."""
    image = Image.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def png(width: int, height: int, mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), (10, 200, 10, 128) if mode == "RGBA" else 0).save(out, "PNG")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A well-formed PNG claiming a huge canvas in a few bytes: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


async def post_file(
    api: Api,
    market: Market,
    product: dict[str, Any],
    content: bytes,
    content_type: str,
    *,
    kind: str = "image",
    status: int = 201,
    **fields: str,
) -> Any:
    response = await api.client.post(
        f"/api/v1/suppliers/{market.supplier}/products/{product['id']}/media",
        files={"file": ("photo.jpg" if kind == "image" else "sheet.pdf", content, content_type)},
        data={"kind": kind, **fields},
        headers=market.owner,
    )
    assert response.status_code == status, response.text
    return response.json()


async def tenant_of(db: Database, slug: str) -> uuid.UUID:
    return cast(uuid.UUID, await db.fetchval("SELECT id FROM public.tenant WHERE slug = $1", slug))


def stored_files(settings: Settings, tenant_id: uuid.UUID) -> set[str]:
    root = settings.data_dir / "files"
    folder = root / cleanup.media_prefix(tenant_id)
    if not folder.exists():
        return set()
    return {str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")}


async def listed(api: Api, market: Market, product: dict[str, Any]) -> list[Any]:
    url = f"/api/v1/suppliers/{market.supplier}/products/{product['id']}/media"
    return cast(list[Any], await call(api, "GET", url, market.owner))


def decoded(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


# --------------------------------------------------------------------------- renditions


async def test_renditions_are_upright_webp_fitted_into_each_size_and_made_once(
    api: Api, worker: Harness, db: Database
) -> None:
    market = await build_market(api)
    # 1200x800 stored sideways: EXIF orientation 6 means "rotate 90° clockwise to view"
    photo = await post_file(api, market, market.bolt, jpeg(1200, 800, orientation=6), "image/jpeg")
    assert photo["rendition_state"] == "pending" and photo["thumbnail_url"] is None
    small = await post_file(api, market, market.bolt, png(100, 50), "image/png")
    await worker.drain()

    by_id = {m["id"]: m for m in await listed(api, market, market.bolt)}
    done = by_id[photo["id"]]
    assert done["rendition_state"] == "ready"
    assert [(r["size"], r["width"], r["height"], r["content_type"]) for r in done["renditions"]] == [
        (160, 107, 160, "image/webp"),
        (640, 427, 640, "image/webp"),
    ]
    assert done["thumbnail_url"] == f"{photo['url']}?size=160" == done["renditions"][0]["url"]
    for rendition in done["renditions"]:
        response = await api.client.get(rendition["url"])
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/webp")
        assert response.headers["content-disposition"].startswith("inline")
        image = decoded(response.content)
        assert image.format == "WEBP" and image.size == (rendition["width"], rendition["height"])
        assert not image.getexif()  # metadata dropped
        # upright: the red half of the stored picture is now on top
        red, blue = (
            image.getpixel((image.width // 2, 5)),
            image.getpixel((image.width // 2, image.height - 5)),
        )
        assert isinstance(red, tuple) and isinstance(blue, tuple)
        assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0]
    # never upscaled: a 100x50 image keeps its size (and its transparency) in both
    tiny = by_id[small["id"]]
    assert [(r["width"], r["height"]) for r in tiny["renditions"]] == [(100, 50), (100, 50)]
    assert decoded((await api.client.get(tiny["thumbnail_url"])).content).mode == "RGBA"
    # documents get none
    document = await post_file(api, market, market.bolt, PDF, "application/pdf", kind="document")
    assert document["rendition_state"] == "none" and document["renditions"] == []
    # buyers see the same urls on the product page
    page = await call(
        api, "GET", f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/public", {}
    )
    assert {i["id"]: i["thumbnail_url"] for i in page["images"]}[photo["id"]] == done["thumbnail_url"]

    # running the job again (a redelivery, or a new event for the same image) changes nothing
    tenant_id = await tenant_of(db, market.supplier)
    files_before = {
        key: (api.settings.data_dir / "files" / key).stat().st_mtime_ns
        for key in stored_files(api.settings, tenant_id)
    }
    assert len(files_before) == 2 + 2 * 2 + 1  # two images with two renditions each, one document
    again = Event(
        id=uuid.uuid4(), actor=MAKE_RENDITIONS, tenant_id=tenant_id, payload={"media_id": photo["id"]}
    )
    await asyncio.to_thread(send, worker.broker, again)
    await worker.drain()
    assert await listed(api, market, market.bolt) == [by_id[photo["id"]], by_id[small["id"]], document]
    after = {
        key: (api.settings.data_dir / "files" / key).stat().st_mtime_ns
        for key in stored_files(api.settings, tenant_id)
    }
    assert after == files_before


class FailingStorage(LocalFileStorage):
    """Fails on the second write: a crash in the middle of the job."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.writes = 0

    async def put(self, key: str, data: bytes | BinaryIO, content_type: str) -> StoredFile:
        self.writes += 1
        if self.writes == 2:
            raise OSError("disk went away")
        return await super().put(key, data, content_type)


async def test_a_job_that_crashes_mid_way_leaves_the_image_pending_and_a_retry_completes_it(
    api: Api, db: Database
) -> None:
    market = await build_market(api)
    photo = await post_file(api, market, market.bolt, jpeg(900, 300), "image/jpeg")
    tenant_id = await tenant_of(db, market.supplier)
    ctx = TenantContext.for_tenant(tenant_id)
    media_id = uuid.UUID(photo["id"])
    with pytest.raises(OSError, match="disk went away"):
        async with tenant_transaction(db, ctx) as tx:
            await renditions.make_renditions(tx, FailingStorage(api.settings.data_dir / "files"), media_id)
    (row,) = await listed(api, market, market.bolt)
    assert row["rendition_state"] == "pending" and row["renditions"] == []
    async with tenant_transaction(db, ctx) as tx:  # the retry overwrites the half-made files
        await renditions.make_renditions(tx, storage_for(api.settings), media_id)
    (row,) = await listed(api, market, market.bolt)
    assert row["rendition_state"] == "ready"
    assert [(r["width"], r["height"]) for r in row["renditions"]] == [(160, 53), (640, 213)]


# --------------------------------------------------------------------------- validation


async def test_an_upload_declared_as_an_image_must_decode_as_one(api: Api) -> None:
    market = await build_market(api)
    for content, content_type in [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),  # the magic bytes and nothing else
        (b"\xff\xd8\xff" + b"<html><script>alert(1)</script>", "image/jpeg"),
        (png(20, 20)[:-20], "image/png"),  # truncated
        (b"GIF89a" + b"\x00" * 10, "image/gif"),
    ]:
        refused = await post_file(api, market, market.bolt, content, content_type, status=422)
        assert refused["code"] == "media.not_an_image"
        assert refused["errors"] == [{"field": "file", "message": "not a readable image"}]
    # a PNG's bytes declared as a JPEG: the sniffing of the first bytes still answers first
    mismatch = await post_file(api, market, market.bolt, png(5, 5), "image/jpeg", status=422)
    assert mismatch["code"] == "media.content_mismatch"
    # documents declared as images are checked the same way
    refused = await post_file(
        api,
        market,
        market.bolt,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "image/png",
        kind="document",
        status=422,
    )
    assert refused["code"] == "media.not_an_image"
    assert await listed(api, market, market.bolt) == []
    files = api.settings.data_dir / "files"
    assert not files.exists() or not [path for path in files.rglob("*") if path.is_file()]


async def test_a_decompression_bomb_is_refused_at_upload_from_its_header(api: Api) -> None:
    market = await build_market(api)
    bomb = png_header_only(8000, 8000)  # 64 megapixels in ~100 bytes
    assert len(bomb) < 200
    refused = await post_file(api, market, market.bolt, bomb, "image/png", status=422)
    assert refused["code"] == "media.too_many_pixels"
    assert refused["errors"][0]["field"] == "file"
    huge = await post_file(
        api, market, market.bolt, png_header_only(100_000, 100_000), "image/png", status=422
    )
    assert huge["code"] == "media.too_many_pixels"  # past Pillow's own bomb limit too
    assert await listed(api, market, market.bolt) == []


async def test_an_image_the_job_cannot_render_is_marked_failed(
    api: Api, worker: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    market = await build_market(api)
    photo = await post_file(api, market, market.bolt, png(64, 64), "image/png")
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)  # the limit is lowered after the upload passed
    await worker.drain()
    (row,) = await listed(api, market, market.bolt)
    assert row["rendition_state"] == "failed" and row["renditions"] == [] and row["thumbnail_url"] is None
    assert (await api.client.get(f"{photo['url']}?size=160")).status_code == 404
    assert (await api.client.get(photo["url"])).status_code == 200  # the original is still served


# --------------------------------------------------------------------------- visibility


async def test_renditions_are_served_with_the_originals_visibility(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    named = await post_file(
        api,
        market,
        market.bolt,
        jpeg(400, 300),
        "image/jpeg",
        visibility="buyers",
        buyer_org_ids=market.buyer_id,
    )
    await worker.drain()
    thumbnail = f"{named['url']}?size=160"
    other_owner, other_slug, _ = await supplier(api, market.ops, "Rival Bolts SRL")
    assert (await api.client.get(thumbnail)).status_code == 404
    assert (await api.client.get(thumbnail, headers=market.other_buyer)).status_code == 404
    assert (await api.client.get(thumbnail, headers=other_owner)).status_code == 404
    assert (
        await api.client.get(
            f"/api/v1/suppliers/{other_slug}/media/{named['id']}?size=160", headers=other_owner
        )
    ).status_code == 404
    response = await api.client.get(thumbnail, headers=market.buyer)
    assert response.status_code == 200 and response.headers["cache-control"] == "private, no-store"
    assert decoded(response.content).size == (160, 120)
    assert (await api.client.get(thumbnail, headers=market.owner)).status_code == 200
    # a rendition size that does not exist is a malformed request
    bad = await api.client.get(f"{named['url']}?size=999", headers=market.buyer)
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "size"
    # the product page names no buyers and gives the named buyer its thumbnail
    page_url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/public"
    assert (await call(api, "GET", page_url, {}))["images"] == []
    (image,) = (await call(api, "GET", page_url, market.buyer))["images"]
    assert image["thumbnail_url"] == thumbnail
    # a draft product's renditions are the supplier's only
    await call(
        api,
        "PATCH",
        f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}",
        market.owner,
        {"status": "draft"},
    )
    assert (await api.client.get(thumbnail, headers=market.buyer)).status_code == 404
    assert (await api.client.get(thumbnail, headers=market.owner)).status_code == 200


# --------------------------------------------------------------------------- no orphaned files


class Boom(Exception):
    pass


def resources_of(api: Api, db: Database) -> Resources:
    """What the media service reads of the resources: the settings and the database."""
    return cast(Resources, SimpleNamespace(settings=api.settings, db=db))


def fail_after(module: Any, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``module.name`` does its work and then raises Boom: its transaction rolls back."""
    original = getattr(module, name)

    def then_boom(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if asyncio.iscoroutine(result):

            async def awaited() -> None:
                await result
                raise Boom

            return awaited()
        raise Boom

    monkeypatch.setattr(module, name, then_boom)


async def test_deleting_an_image_deletes_its_file_and_renditions_after_commit_only(
    api: Api, worker: Harness, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    market = await build_market(api)
    photo = await post_file(api, market, market.bolt, jpeg(800, 600), "image/jpeg")
    await worker.drain()
    tenant_id = await tenant_of(db, market.supplier)
    assert len(stored_files(api.settings, tenant_id)) == 3
    ctx = TenantContext.for_tenant(tenant_id)
    product_id, media_id = uuid.UUID(market.bolt["id"]), uuid.UUID(photo["id"])
    with monkeypatch.context() as patched, pytest.raises(Boom):
        fail_after(media, "delete_after_commit", patched)  # the deletion's transaction rolls back
        await media.delete_media(resources_of(api, db), ctx, product_id, media_id)
    assert len(stored_files(api.settings, tenant_id)) == 3
    assert [m["id"] for m in await listed(api, market, market.bolt)] == [photo["id"]]
    url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/media/{photo['id']}"
    await call(api, "DELETE", url, market.owner, status=204)
    assert stored_files(api.settings, tenant_id) == set()


async def test_deleting_a_draft_product_deletes_its_files_after_commit_only(
    api: Api, worker: Harness, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    market = await build_market(api)
    await post_file(api, market, market.draft, jpeg(300, 300), "image/jpeg")
    await post_file(api, market, market.draft, PDF, "application/pdf", kind="document")
    kept = await post_file(api, market, market.bolt, jpeg(300, 300), "image/jpeg")  # another product's
    await worker.drain()
    tenant_id = await tenant_of(db, market.supplier)
    everything = stored_files(api.settings, tenant_id)
    assert len(everything) == 3 + 1 + 3
    ctx = TenantContext.for_tenant(tenant_id)
    with monkeypatch.context() as patched, pytest.raises(Boom):
        fail_after(catalog, "_product_changed", patched)  # the deletion's transaction rolls back
        await catalog.delete_product(db, ctx, uuid.UUID(market.draft["id"]))
    await worker.drain()  # nothing was queued: the rolled-back transaction's event never existed
    assert stored_files(api.settings, tenant_id) == everything
    await call(
        api,
        "DELETE",
        f"/api/v1/suppliers/{market.supplier}/products/{market.draft['id']}",
        market.owner,
        status=204,
    )
    await worker.drain()
    remaining = stored_files(api.settings, tenant_id)
    assert len(remaining) == 3 and all(uuid.UUID(kept["id"]).hex in key for key in remaining)


# --------------------------------------------------------------------------- the sweep


def age(settings: Settings, key: str, hours: float) -> None:
    then = (datetime.now(UTC) - timedelta(hours=hours)).timestamp()
    os.utime(settings.data_dir / "files" / key, (then, then))


async def test_the_sweep_deletes_old_files_without_a_row_and_queues_lost_renditions(
    api: Api, worker: Harness, db: Database
) -> None:
    market = await build_market(api)
    photo = await post_file(api, market, market.bolt, jpeg(300, 200), "image/jpeg")
    await worker.drain()
    tenant_id = await tenant_of(db, market.supplier)
    storage = LocalFileStorage(api.settings.data_dir / "files")
    prefix = cleanup.media_prefix(tenant_id)
    await storage.put(f"{prefix}{uuid.uuid4().hex}", b"left behind by a crash", "text/plain")
    await storage.put(f"{prefix}{uuid.uuid4().hex}.160.webp", b"a rendition without a row", "image/webp")
    fresh = f"{prefix}{uuid.uuid4().hex}"
    await storage.put(fresh, b"an upload whose row is being inserted", "text/plain")
    live = stored_files(api.settings, tenant_id) - {fresh}
    for key in stored_files(api.settings, tenant_id) - {fresh}:
        age(api.settings, key, hours=48)
    # an image whose rendition event was lost, an hour and more ago
    async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
        await tx.execute(
            "UPDATE media SET rendition_state = 'pending', created_at = now() - interval '2 hours' "
            "WHERE id = $1",
            uuid.UUID(photo["id"]),
        )

    report = await cleanup.sweep(db, storage)
    assert report.orphans_deleted == 2 and report.renditions_queued >= 1
    kept = stored_files(api.settings, tenant_id)
    assert kept == {fresh} | {k for k in live if photo["id"].replace("-", "") in k}
    assert len(kept) == 4
    queued = await db.fetchval(
        "SELECT count(*) FROM public.outbox "
        "WHERE actor = $1 AND tenant_id = $2 AND payload->>'media_id' = $3",
        MAKE_RENDITIONS,
        tenant_id,
        photo["id"],
    )
    assert queued >= 2  # the upload's, and the sweep's
    # twice in a row: nothing more to delete
    assert (await cleanup.sweep(db, storage)).orphans_deleted == 0


async def test_a_delete_files_event_never_deletes_a_file_a_row_points_at(api: Api, db: Database) -> None:
    market = await build_market(api)
    photo = await post_file(api, market, market.bolt, png(10, 10), "image/png")
    tenant_id = await tenant_of(db, market.supplier)
    (key,) = stored_files(api.settings, tenant_id)
    other_tenant_key = f"{cleanup.media_prefix(uuid.uuid4())}{uuid.uuid4().hex}"
    storage = storage_for(api.settings)
    await storage.put(other_tenant_key, b"x", "text/plain")
    async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
        assert await cleanup.delete_unreferenced(tx, storage, tenant_id, [key, other_tenant_key]) == 0
    assert await storage.exists(key) and await storage.exists(other_tenant_key)
    assert (await api.client.get(photo["url"])).status_code == 200
