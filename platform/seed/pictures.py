"""The demo products' pictures as uploads: files in the storage, ``media`` rows to load.

The first ``per_supplier`` products of a supplier each get one image (``images.draw``),
stored through ``storage_for(settings)`` under the key an upload gets
(``tenants/<tenant hex>/media/<media hex>``). The rows (public, position 0, rendition
state ``pending``) are loaded by ``demo.py`` in the supplier's transaction with a
``media.make_renditions`` event each, so the worker makes the thumbnails. Ids are
``uuid5`` like the rest of the seed, so a re-run writes the same keys, never new ones.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from hansa.config import Settings
from hansa.core.files import storage_for
from hansa.seed.data import MARKETPLACES
from hansa.seed.images import CONTENT_TYPE, draw

if TYPE_CHECKING:
    from hansa.seed.demo import Ids, ProductPlan, SupplierPlan


@dataclass(frozen=True)
class PictureRow:
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "id",
        "product_id",
        "kind",
        "filename",
        "content_type",
        "size",
        "sha256",
        "storage_key",
        "position",
        "title",
        "visibility",
        "rendition_state",
        "created_at",
    )

    media_id: uuid.UUID
    product_id: uuid.UUID
    filename: str
    size: int
    sha256: str
    storage_key: str
    title: str
    created_at: datetime

    def record(self) -> tuple[Any, ...]:
        return (
            self.media_id,
            self.product_id,
            "image",
            self.filename,
            CONTENT_TYPE,
            self.size,
            self.sha256,
            self.storage_key,
            0,
            self.title,
            "public",
            "pending",
            self.created_at,
        )


def media_key(tenant_id: uuid.UUID, media_id: uuid.UUID) -> str:
    """The key ``media.service.upload_media`` stores an upload under."""
    return f"tenants/{tenant_id.hex}/media/{media_id.hex}"


def families(ids: Ids) -> dict[uuid.UUID, str]:
    """Each leaf category's id to its slug: the family a drawing is chosen by."""
    from hansa.seed.demo import category_path, leaves

    return {
        ids("category", m.slug, category_path(leaf, ancestors)): leaf.slug
        for m in MARKETPLACES
        for leaf, ancestors in leaves(m)
    }


def product_attributes(product: ProductPlan, axis_codes: set[str]) -> dict[str, object]:
    """What all the product's variants share (the picture shows the product, not one size)."""
    first = product.variants[0].attributes
    return {code: value for code, value in first.items() if code not in axis_codes}


def _axes(product: ProductPlan) -> set[str]:
    return {
        code
        for code in product.variants[0].attributes
        if len({str(v.attributes.get(code)) for v in product.variants}) > 1
    }


def render(plan: SupplierPlan, per_supplier: int, ids: Ids) -> list[tuple[ProductPlan, bytes]]:
    """The PNGs of the supplier's first ``per_supplier`` products, drawn on every core."""
    family_of = families(ids)
    chosen = plan.products[:per_supplier]

    def one(product: ProductPlan) -> bytes:
        return draw(family_of.get(product.category_id, ""), product_attributes(product, _axes(product)))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(zip(chosen, pool.map(one, chosen), strict=True))


async def store_pictures(
    settings: Settings, ids: Ids, plan: SupplierPlan, per_supplier: int
) -> list[PictureRow]:
    storage = storage_for(settings)
    drawn = await asyncio.to_thread(render, plan, per_supplier, ids)
    rows: list[PictureRow] = []
    for n, (product, data) in enumerate(drawn):
        media_id = ids("media", plan.supplier.slug, n)
        key = media_key(plan.tenant_id, media_id)
        stored = await storage.put(key, data, CONTENT_TYPE)
        rows.append(
            PictureRow(
                media_id=media_id,
                product_id=product.id,
                filename=f"{plan.supplier.prefix}-{n + 1:05d}.png",
                size=stored.size,
                sha256=stored.sha256,
                storage_key=key,
                title=product.name,
                created_at=product.created_at,
            )
        )
    return rows
