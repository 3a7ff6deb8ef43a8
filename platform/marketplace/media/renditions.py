"""Renditions (resized copies) of uploaded images, made by the ``media.make_renditions`` job.

Each image gets a WebP per ``images.RENDITION_SIZES`` under a key derived from the
original's (``<key>.<size>.webp``), recorded in ``media_rendition``. The job holds
the media row's lock while it works, so a deletion of the row waits and then sees
every rendition it must delete. Running it again does nothing once the row has left
``pending``; a crash rolls the rows back and the retry overwrites the same keys.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from hansa.core.db import Tx
from hansa.core.files import FileMissing, FileStorage
from hansa.marketplace.media import images
from hansa.marketplace.media import repository as repo

log = logging.getLogger(__name__)


def rendition_key(original_key: str, size: int) -> str:
    return f"{original_key}.{size}.webp"


async def make_renditions(tx: Tx, storage: FileStorage, media_id: uuid.UUID) -> uuid.UUID | None:
    """The renditions of a pending image; the product's id when they were made (its
    thumbnail may have changed), else None."""
    row = await repo.lock_for_renditions(tx, media_id)
    if row is None or row["rendition_state"] != "pending":
        return None  # deleted since, a document, or done by an earlier delivery
    try:
        original = await storage.get(row["storage_key"])
        rendered = await asyncio.to_thread(images.render, original, max_pixels=images.MAX_PIXELS)
    except (FileMissing, images.NotAnImage, images.TooManyPixels) as exc:
        # retrying cannot help: record it, the UI keeps showing the original (or nothing)
        log.warning("no renditions for media %s: %s", media_id, exc)
        await repo.set_rendition_state(tx, media_id, "failed")
        return None
    for item in rendered:
        key = rendition_key(row["storage_key"], item.size)
        stored = await storage.put(key, item.data, images.RENDITION_TYPE)
        await repo.save_rendition(
            tx,
            media_id,
            size=item.size,
            storage_key=key,
            content_type=images.RENDITION_TYPE,
            width=item.width,
            height=item.height,
            bytes=stored.size,
            sha256=stored.sha256,
        )
    await repo.set_rendition_state(tx, media_id, "ready")
    product_id: uuid.UUID = row["product_id"]
    return product_id
