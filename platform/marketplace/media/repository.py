"""SQL of product media; runs inside the supplier's schema (``tenant_transaction``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg

from hansa.core.db import Tx
from hansa.marketplace.media.schemas import MediaOut, PublicMediaOut, RenditionOut

_COLUMNS = (
    "m.id, m.product_id, m.kind, m.filename, m.content_type, m.size, m.sha256, m.storage_key, m.position, "
    "m.title, m.visibility, m.created_at, m.rendition_state, "
    "coalesce((SELECT array_agg(b.buyer_org_id ORDER BY b.buyer_org_id) FROM media_visibility_buyer b "
    "WHERE b.media_id = m.id), '{}') AS buyer_org_ids, "
    "(SELECT jsonb_agg(jsonb_build_object('size', r.size, 'width', r.width, 'height', r.height, "
    "'content_type', r.content_type) ORDER BY r.size) FROM media_rendition r "
    "WHERE r.media_id = m.id) AS renditions"
)
_ORDER = "ORDER BY m.kind DESC, m.position, m.created_at, m.id"  # images first


def download_url(slug: str, media_id: uuid.UUID, size: int | None = None) -> str:
    url = f"/api/v1/suppliers/{slug}/media/{media_id}"
    return url if size is None else f"{url}?size={size}"


def renditions_out(row: asyncpg.Record, slug: str) -> list[RenditionOut]:
    found = row["renditions"] or []
    return [
        RenditionOut(
            size=item["size"],
            width=item["width"],
            height=item["height"],
            content_type=item["content_type"],
            url=download_url(slug, row["id"], item["size"]),
        )
        for item in found
    ]


def _thumbnail_url(renditions: list[RenditionOut]) -> str | None:
    """The smallest rendition: what a list or grid shows."""
    return renditions[0].url if renditions else None


def media_out(row: asyncpg.Record, slug: str) -> MediaOut:
    renditions = renditions_out(row, slug)
    return MediaOut(
        id=row["id"],
        product_id=row["product_id"],
        kind=row["kind"],
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        sha256=row["sha256"],
        position=row["position"],
        visibility=row["visibility"],
        created_at=row["created_at"],
        url=download_url(slug, row["id"]),
        title=row["title"],
        buyer_org_ids=list(row["buyer_org_ids"]),
        rendition_state=row["rendition_state"],
        thumbnail_url=_thumbnail_url(renditions),
        renditions=renditions,
    )


def public_out(row: asyncpg.Record, slug: str) -> PublicMediaOut:
    renditions = renditions_out(row, slug)
    return PublicMediaOut(
        id=row["id"],
        kind=row["kind"],
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        sha256=row["sha256"],
        position=row["position"],
        url=download_url(slug, row["id"]),
        title=row["title"],
        thumbnail_url=_thumbnail_url(renditions),
        renditions=renditions,
    )


async def insert(tx: Tx, **values: Any) -> None:
    await tx.execute(
        "INSERT INTO media (id, product_id, kind, filename, content_type, size, sha256, storage_key, "
        "position, title, visibility, rendition_state) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        values["media_id"],
        values["product_id"],
        values["kind"],
        values["filename"],
        values["content_type"],
        values["size"],
        values["sha256"],
        values["storage_key"],
        values["position"],
        values["title"],
        values["visibility"],
        values["rendition_state"],
    )


async def next_position(tx: Tx, product_id: uuid.UUID, kind: str) -> int:
    value = await tx.fetchval(
        "SELECT coalesce(max(position) + 1, 0) FROM media WHERE product_id = $1 AND kind = $2",
        product_id,
        kind,
    )
    return int(value)


async def get(tx: Tx, media_id: uuid.UUID, *, lock: bool = False) -> asyncpg.Record | None:
    return await tx.fetchrow(
        f"SELECT {_COLUMNS} FROM media m WHERE m.id = $1{' FOR UPDATE OF m' if lock else ''}", media_id
    )


async def of_product(tx: Tx, product_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(f"SELECT {_COLUMNS} FROM media m WHERE m.product_id = $1 {_ORDER}", product_id)


# Who may download a file: $2 signed in (boolean), $3 the caller's buyer organisation
# (uuid or NULL), $4 everything (the supplier's own members). The one copy of the rule.
VISIBLE_TO_CALLER = """(
    $4::boolean
    OR m.visibility = 'public'
    OR (m.visibility = 'signed_in' AND $2::boolean)
    OR (m.visibility = 'buyers' AND $3::uuid IS NOT NULL AND EXISTS (
        SELECT 1 FROM media_visibility_buyer b WHERE b.media_id = m.id AND b.buyer_org_id = $3::uuid))
)"""


async def first_images(
    tx: Tx,
    product_ids: list[uuid.UUID],
    *,
    size: int,
    signed_in: bool,
    buyer_org_id: uuid.UUID | None,
    everything: bool,
) -> dict[uuid.UUID, uuid.UUID]:
    """Per product, the first image by position that this caller may download and that
    has a ``size`` rendition ready: one query for a whole page of products."""
    if not product_ids:
        return {}
    rows = await tx.fetch(
        f"""
        SELECT DISTINCT ON (m.product_id) m.product_id, m.id FROM media m
        WHERE m.product_id = ANY($1::uuid[]) AND m.kind = 'image' AND m.rendition_state = 'ready'
          AND EXISTS (SELECT 1 FROM media_rendition r WHERE r.media_id = m.id AND r.size = $5)
          AND {VISIBLE_TO_CALLER}
        ORDER BY m.product_id, m.position, m.created_at, m.id
        """,
        product_ids,
        signed_in,
        buyer_org_id,
        everything,
        size,
    )
    return {row["product_id"]: row["id"] for row in rows}


async def visible_of_product(
    tx: Tx, product_id: uuid.UUID, *, signed_in: bool, buyer_org_id: uuid.UUID | None, everything: bool
) -> list[asyncpg.Record]:
    """The product's media this caller may download (the same rule as ``download``)."""
    return await tx.fetch(
        f"""
        SELECT {_COLUMNS} FROM media m
        WHERE m.product_id = $1 AND {VISIBLE_TO_CALLER}
        {_ORDER}
        """,
        product_id,
        signed_in,
        buyer_org_id,
        everything,
    )


async def update(tx: Tx, media_id: uuid.UUID, fields: dict[str, Any]) -> None:
    allowed = {"title", "position", "visibility"}
    if not set(fields) <= allowed:  # column names are interpolated: only known ones
        raise ValueError(f"not updatable: {sorted(set(fields) - allowed)}")
    if not fields:
        return
    sets = ", ".join(f"{column} = ${i}" for i, column in enumerate(fields, 2))
    await tx.execute(f"UPDATE media SET {sets} WHERE id = $1", media_id, *fields.values())


async def set_buyers(tx: Tx, media_id: uuid.UUID, buyer_org_ids: list[uuid.UUID]) -> None:
    await tx.execute("DELETE FROM media_visibility_buyer WHERE media_id = $1", media_id)
    await tx.execute(
        "INSERT INTO media_visibility_buyer (media_id, buyer_org_id) SELECT $1, unnest($2::uuid[])",
        media_id,
        sorted(set(buyer_org_ids)),
    )


async def delete(tx: Tx, media_id: uuid.UUID) -> None:
    await tx.execute("DELETE FROM media WHERE id = $1", media_id)


# -- renditions and stored files -------------------------------------------------------------


async def lock_for_renditions(tx: Tx, media_id: uuid.UUID) -> asyncpg.Record | None:
    """The row the rendition job works on, locked: a deletion waits until the job is done."""
    return await tx.fetchrow(
        "SELECT id, kind, storage_key, rendition_state FROM media WHERE id = $1 FOR UPDATE", media_id
    )


async def save_rendition(tx: Tx, media_id: uuid.UUID, **values: Any) -> None:
    await tx.execute(
        "INSERT INTO media_rendition "
        "(media_id, size, storage_key, content_type, width, height, bytes, sha256) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (media_id, size) DO UPDATE SET "
        "storage_key = EXCLUDED.storage_key, content_type = EXCLUDED.content_type, width = EXCLUDED.width, "
        "height = EXCLUDED.height, bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256",
        media_id,
        values["size"],
        values["storage_key"],
        values["content_type"],
        values["width"],
        values["height"],
        values["bytes"],
        values["sha256"],
    )


async def set_rendition_state(tx: Tx, media_id: uuid.UUID, state: str) -> None:
    await tx.execute("UPDATE media SET rendition_state = $2 WHERE id = $1", media_id, state)


async def rendition(tx: Tx, media_id: uuid.UUID, size: int) -> asyncpg.Record | None:
    return await tx.fetchrow(
        "SELECT storage_key, content_type, bytes, sha256 FROM media_rendition "
        "WHERE media_id = $1 AND size = $2",
        media_id,
        size,
    )


async def rendition_keys(tx: Tx, media_ids: list[uuid.UUID]) -> list[str]:
    rows = await tx.fetch(
        "SELECT storage_key FROM media_rendition WHERE media_id = ANY($1::uuid[]) ORDER BY storage_key",
        media_ids,
    )
    return [row["storage_key"] for row in rows]


async def lock_of_product(tx: Tx, product_id: uuid.UUID) -> list[asyncpg.Record]:
    """The product's media rows, locked (a running rendition job finishes first)."""
    return await tx.fetch(
        "SELECT id, storage_key FROM media WHERE product_id = $1 ORDER BY id FOR UPDATE", product_id
    )


async def referenced_keys(tx: Tx, keys: list[str]) -> set[str]:
    """Which of these storage keys a media row or a rendition still points at."""
    rows = await tx.fetch(
        "SELECT storage_key FROM media WHERE storage_key = ANY($1::text[]) "
        "UNION SELECT storage_key FROM media_rendition WHERE storage_key = ANY($1::text[])",
        keys,
    )
    return {row["storage_key"] for row in rows}


async def stale_pending(tx: Tx, older_than: datetime, limit: int) -> list[uuid.UUID]:
    """Images still waiting for renditions since before ``older_than`` (lost, or from before 0006)."""
    rows = await tx.fetch(
        "SELECT id FROM media WHERE rendition_state = 'pending' AND created_at < $1 "
        "ORDER BY created_at LIMIT $2",
        older_than,
        limit,
    )
    return [row["id"] for row in rows]


# -- the supplier's customers (the customers domain composes them), set-based ---------------------


async def referenced_buyers(tx: Tx, among: list[uuid.UUID] | None) -> set[uuid.UUID]:
    """Buyer ids some document is shown to by name (only those ``among``, if given)."""
    rows = await tx.fetch(
        "SELECT DISTINCT buyer_org_id FROM media_visibility_buyer "
        "WHERE $1::uuid[] IS NULL OR buyer_org_id = ANY($1::uuid[])",
        among,
    )
    return {row["buyer_org_id"] for row in rows}


async def document_counts(tx: Tx, buyer_org_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many documents each buyer is named on (buyers named on none are left out)."""
    rows = await tx.fetch(
        "SELECT buyer_org_id, count(*) AS n FROM media_visibility_buyer "
        "WHERE buyer_org_id = ANY($1::uuid[]) GROUP BY buyer_org_id",
        buyer_org_ids,
    )
    return {row["buyer_org_id"]: int(row["n"]) for row in rows}
