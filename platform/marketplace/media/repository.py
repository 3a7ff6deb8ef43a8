"""SQL of product media; runs inside the supplier's schema (``tenant_transaction``)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from hansa.core.db import Tx
from hansa.marketplace.media.schemas import MediaOut, PublicMediaOut

_COLUMNS = (
    "m.id, m.product_id, m.kind, m.filename, m.content_type, m.size, m.sha256, m.storage_key, m.position, "
    "m.title, m.visibility, m.created_at, "
    "coalesce((SELECT array_agg(b.buyer_org_id ORDER BY b.buyer_org_id) FROM media_visibility_buyer b "
    "WHERE b.media_id = m.id), '{}') AS buyer_org_ids"
)
_ORDER = "ORDER BY m.kind DESC, m.position, m.created_at, m.id"  # images first


def download_url(slug: str, media_id: uuid.UUID) -> str:
    return f"/api/v1/suppliers/{slug}/media/{media_id}"


def media_out(row: asyncpg.Record, slug: str) -> MediaOut:
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
    )


def public_out(row: asyncpg.Record, slug: str) -> PublicMediaOut:
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
    )


async def insert(tx: Tx, **values: Any) -> None:
    await tx.execute(
        "INSERT INTO media (id, product_id, kind, filename, content_type, size, sha256, storage_key, "
        "position, title, visibility) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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


async def visible_of_product(
    tx: Tx, product_id: uuid.UUID, *, signed_in: bool, buyer_org_id: uuid.UUID | None, everything: bool
) -> list[asyncpg.Record]:
    """The product's media this caller may download (the same rule as ``download``)."""
    return await tx.fetch(
        f"""
        SELECT {_COLUMNS} FROM media m
        WHERE m.product_id = $1 AND (
            $4::boolean
            OR m.visibility = 'public'
            OR (m.visibility = 'signed_in' AND $2::boolean)
            OR (m.visibility = 'buyers' AND $3::uuid IS NOT NULL AND EXISTS (
                SELECT 1 FROM media_visibility_buyer b WHERE b.media_id = m.id AND b.buyer_org_id = $3::uuid))
        )
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


async def product_status(tx: Tx, product_id: uuid.UUID, *, lock: bool = False) -> str | None:
    value = await tx.fetchval(
        f"SELECT status FROM product WHERE id = $1{' FOR UPDATE' if lock else ''}", product_id
    )
    return str(value) if value is not None else None


async def buyer_ids(tx: Tx, org_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these ids are buyer organisations (public ids: no FK across schemas)."""
    rows = await tx.fetch(
        "SELECT id FROM public.organisation WHERE id = ANY($1::uuid[]) AND kind = 'buyer'", org_ids
    )
    return {row["id"] for row in rows}
