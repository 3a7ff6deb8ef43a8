"""Queries of product media; runs inside the supplier's schema (``tenant_transaction``).

Plain writes and the rendition rows go through the Piccolo tables on ``tx``; SQL stays
for the media rows read with their buyers and renditions aggregated, the visibility
rule, and the per-page first-image query."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg
from piccolo.columns import Column

from hansa.core.db import Tx, new_row
from hansa.marketplace.media.schemas import MediaOut, PublicMediaOut, RenditionOut
from hansa.marketplace.media.tables import Media, MediaRendition, MediaVisibilityBuyer

# SQL: each media row with its buyers and renditions aggregated in subqueries
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
    row = new_row(
        Media,
        id=values["media_id"],
        product_id=values["product_id"],
        kind=values["kind"],
        filename=values["filename"],
        content_type=values["content_type"],
        size=values["size"],
        sha256=values["sha256"],
        storage_key=values["storage_key"],
        position=values["position"],
        title=values["title"],
        visibility=values["visibility"],
        rendition_state=values["rendition_state"],
    )
    await Media.insert(row).run()


async def next_position(tx: Tx, product_id: uuid.UUID, kind: str) -> int:
    # SQL: an aggregate
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


# SQL: the visibility rule is an EXISTS over the buyers table, shared by the queries below.
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
    values: dict[Column | str, Any] = {Media._meta.get_column_by_name(name): v for name, v in fields.items()}
    await Media.update(values).where(Media.id == media_id).run()


async def set_buyers(tx: Tx, media_id: uuid.UUID, buyer_org_ids: list[uuid.UUID]) -> None:
    await MediaVisibilityBuyer.delete().where(MediaVisibilityBuyer.media_id == media_id).run()
    rows = [
        new_row(MediaVisibilityBuyer, media_id=media_id, buyer_org_id=b) for b in sorted(set(buyer_org_ids))
    ]
    if rows:
        await MediaVisibilityBuyer.insert(*rows).run()


async def delete(tx: Tx, media_id: uuid.UUID) -> None:
    await Media.delete().where(Media.id == media_id).run()


# -- renditions and stored files -------------------------------------------------------------


async def lock_for_renditions(tx: Tx, media_id: uuid.UUID) -> dict[str, Any] | None:
    """The row the rendition job works on, locked: a deletion waits until the job is done."""
    query = Media.select(Media.id, Media.product_id, Media.kind, Media.storage_key, Media.rendition_state)
    return await query.where(Media.id == media_id).lock_rows("UPDATE").first().run()


async def save_rendition(tx: Tx, media_id: uuid.UUID, **values: Any) -> None:
    """Insert the rendition of this size, or replace the one made before."""
    row = new_row(
        MediaRendition,
        media_id=media_id,
        size=values["size"],
        storage_key=values["storage_key"],
        content_type=values["content_type"],
        width=values["width"],
        height=values["height"],
        bytes=values["bytes"],
        sha256=values["sha256"],
    )
    replaced = (
        MediaRendition.storage_key,
        MediaRendition.content_type,
        MediaRendition.width,
        MediaRendition.height,
        MediaRendition.bytes,
        MediaRendition.sha256,
    )
    target = (MediaRendition.media_id, MediaRendition.size)
    await MediaRendition.insert(row).on_conflict(target=target, action="DO UPDATE", values=replaced).run()


async def set_rendition_state(tx: Tx, media_id: uuid.UUID, state: str) -> None:
    await Media.update({Media.rendition_state: state}).where(Media.id == media_id).run()


async def rendition(tx: Tx, media_id: uuid.UUID, size: int) -> dict[str, Any] | None:
    query = MediaRendition.select(
        MediaRendition.storage_key, MediaRendition.content_type, MediaRendition.bytes, MediaRendition.sha256
    )
    return await query.where(MediaRendition.media_id == media_id, MediaRendition.size == size).first().run()


async def rendition_keys(tx: Tx, media_ids: list[uuid.UUID]) -> list[str]:
    if not media_ids:
        return []
    rows = (
        await MediaRendition.select(MediaRendition.storage_key)
        .where(MediaRendition.media_id.is_in(media_ids))
        .order_by(MediaRendition.storage_key)
        .run()
    )
    return [row["storage_key"] for row in rows]


async def lock_of_product(tx: Tx, product_id: uuid.UUID) -> list[dict[str, Any]]:
    """The product's media rows, locked (a running rendition job finishes first)."""
    query = Media.select(Media.id, Media.storage_key).where(Media.product_id == product_id)
    return await query.order_by(Media.id).lock_rows("UPDATE").run()


async def referenced_keys(tx: Tx, keys: list[str]) -> set[str]:
    """Which of these storage keys a media row or a rendition still points at."""
    # SQL: a union over two tables
    rows = await tx.fetch(
        "SELECT storage_key FROM media WHERE storage_key = ANY($1::text[]) "
        "UNION SELECT storage_key FROM media_rendition WHERE storage_key = ANY($1::text[])",
        keys,
    )
    return {row["storage_key"] for row in rows}


async def stale_pending(tx: Tx, older_than: datetime, limit: int) -> list[uuid.UUID]:
    """Images still waiting for renditions since before ``older_than`` (lost, or from before 0006)."""
    rows = (
        await Media.select(Media.id)
        .where(Media.rendition_state == "pending", Media.created_at < older_than)
        .order_by(Media.created_at)
        .limit(limit)
        .run()
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
