"""The demo products' pictures: drawn the same on every run, stored as uploads are,
rendered into thumbnails by a real worker, never written twice."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.files import storage_for
from hansa.core.jobs import build_broker
from hansa.core.migrations import MigrationSet
from hansa.core.outbox import sweep
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.media.tasks import MAKE_RENDITIONS
from hansa.seed.data import SUPPLIERS
from hansa.seed.demo import Ids, seed_demo
from hansa.seed.images import DRAWINGS, SIZE, draw
from hansa.seed.pictures import media_key
from tests.seed.conftest import FreshDb

IMAGES = 3
PRODUCTS = 60
SAMPLE = {
    "material": "stainless A2",
    "thread": "M10",
    "diameter_mm": 5.0,
    "poles": "3P",
    "curve": "C",
    "sensitivity_ma": 30,
    "colour": "blue",
    "cores": "5",
    "sheath": "PVC",
    "ip_rating": "IP66",
}


def settings_for(settings: Settings, db: Database, data_dir: Path) -> Settings:
    return settings.model_copy(update={"database_url": db.dsn, "data_dir": data_dir})


async def media_rows(db: Database) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    ids = Ids(42)
    for supplier in SUPPLIERS:
        ctx = TenantContext.for_tenant(ids("org", supplier.slug))
        async with tenant_transaction(db, ctx) as tx:
            rows = await tx.fetch(
                "SELECT id, product_id, kind, filename, content_type, size, sha256, storage_key, position, "
                "title, visibility, rendition_state, created_at, "
                "(SELECT count(*) FROM media_rendition r WHERE r.media_id = m.id) AS renditions "
                "FROM media m ORDER BY filename"
            )
        out[supplier.slug] = [dict(row) for row in rows]
    return out


def test_every_family_is_drawn_the_same_on_every_run() -> None:
    pictures = {family: draw(family, SAMPLE) for family in DRAWINGS}
    assert all(draw(family, SAMPLE) == data for family, data in pictures.items()), "deterministic bytes"
    assert len(set(pictures.values())) == len(DRAWINGS), "each family has its own drawing"
    for data in pictures.values():
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size) == ("PNG", (SIZE, SIZE))
        assert b"tIME" not in data, "no timestamp in the PNG"
    brass = draw("hex-bolts", {**SAMPLE, "material": "brass"})
    assert brass != pictures["hex-bolts"], "the material colours the drawing"


async def test_the_first_products_of_each_supplier_get_a_stored_picture_once(
    fresh_db: FreshDb,
    migrations: MigrationSet,
    settings: Settings,
    tmp_path: Path,
) -> None:
    first, second = await fresh_db(), await fresh_db()
    one = settings_for(settings, first, tmp_path / "one")
    report = await seed_demo(first, migrations, settings=one, products=PRODUCTS, images=IMAGES)
    assert report.counts["images"] == IMAGES * len(SUPPLIERS)

    ids, storage = Ids(42), storage_for(one)
    rows = await media_rows(first)
    for supplier in SUPPLIERS:
        tenant_id = ids("org", supplier.slug)
        found = rows[supplier.slug]
        assert [r["product_id"] for r in found] == [ids("product", supplier.slug, n) for n in range(IMAGES)]
        for row in found:
            assert (row["kind"], row["content_type"], row["visibility"], row["position"]) == (
                "image",
                "image/png",
                "public",
                0,
            )
            assert row["rendition_state"] == "pending" and row["title"]
            assert row["storage_key"] == media_key(tenant_id, row["id"])
            data = await storage.get(row["storage_key"])
            assert (len(data), hashlib.sha256(data).hexdigest()) == (row["size"], row["sha256"])
    async with first.transaction() as tx:
        events = await tx.fetch(
            "SELECT tenant_id, payload->>'media_id' AS media_id FROM public.outbox WHERE actor = $1",
            MAKE_RENDITIONS,
        )
    expected = {(ids("org", slug), str(r["id"])) for slug, found in rows.items() for r in found}
    assert {(e["tenant_id"], e["media_id"]) for e in events} == expected

    await seed_demo(
        second,
        migrations,
        settings=settings_for(settings, second, tmp_path / "two"),
        images=IMAGES,
        products=PRODUCTS,
    )
    assert await media_rows(second) == rows, "the same ids, files and sha256 on another fresh database"

    files = sorted(p for p in (tmp_path / "one").rglob("*") if p.is_file())
    again = await seed_demo(first, migrations, settings=one, products=PRODUCTS, images=IMAGES)
    assert not again.seeded
    assert await media_rows(first) == rows, "a second run changes no row"
    assert sorted(p for p in (tmp_path / "one").rglob("*") if p.is_file()) == files, "and writes no file"
    assert await first.fetchval(
        "SELECT count(*) FROM public.outbox WHERE actor = $1", MAKE_RENDITIONS
    ) == len(expected)


async def test_without_images_no_picture_is_made(
    fresh_db: FreshDb,
    migrations: MigrationSet,
    settings: Settings,
    tmp_path: Path,
) -> None:
    db = await fresh_db()
    report = await seed_demo(
        db, migrations, settings=settings_for(settings, db, tmp_path / "none"), products=5, images=0
    )
    assert "images" not in report.counts
    assert all(not found for found in (await media_rows(db)).values())
    assert not (tmp_path / "none" / "files").exists()


@pytest.fixture
async def seeded_worker(
    fresh_db: FreshDb,
    migrations: MigrationSet,
    settings: Settings,
    tmp_path: Path,
) -> AsyncIterator[tuple[Database, Any, Settings]]:
    """A small demo database and a real worker on it (the ``worker`` fixture's, but
    pointed at this database: the demo's fixed slugs live in their own)."""
    from tests.fixtures.jobs import Harness

    db = await fresh_db()
    own = settings_for(settings, db, tmp_path / "worker")
    await seed_demo(db, migrations, settings=own, products=len(SUPPLIERS), images=1)
    harness = Harness(build_broker(own), own)
    harness.start()
    try:
        yield db, harness, own
    finally:
        await asyncio.to_thread(harness.stop)


async def test_a_worker_makes_the_thumbnails_of_the_demo_pictures(
    seeded_worker: tuple[Database, Any, Settings],
) -> None:
    db, harness, own = seeded_worker
    sent = await sweep(db, harness.broker, stale_seconds=0)
    assert sent > 0
    await harness.drain()
    rows = [row for found in (await media_rows(db)).values() for row in found]
    assert len(rows) == len(SUPPLIERS)
    assert {(row["rendition_state"], row["renditions"]) for row in rows} == {("ready", 2)}
    storage = storage_for(own)
    ctx_rows = []
    for supplier in SUPPLIERS:
        async with tenant_transaction(db, TenantContext.for_tenant(Ids(42)("org", supplier.slug))) as tx:
            ctx_rows += await tx.fetch("SELECT storage_key, width, height FROM media_rendition")
    for row in ctx_rows:
        assert await storage.exists(row["storage_key"])
        assert max(row["width"], row["height"]) in (160, 640)
