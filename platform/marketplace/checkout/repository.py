"""Every query of ``checkout`` and ``checkout_step`` (public): Piccolo on ``tx``, SQL where
a row is locked or claimed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import asyncpg

from hansa.core.db import DB_NOW, Tx, new_row
from hansa.marketplace.checkout.tables import Checkout, CheckoutStep


async def insert_checkout(tx: Tx, checkout_id: uuid.UUID, fields: dict[str, Any]) -> None:
    await Checkout.insert(new_row(Checkout, id=checkout_id, **fields)).run()


async def insert_steps(tx: Tx, steps: Sequence[dict[str, Any]]) -> None:
    if steps:
        await CheckoutStep.insert(*(new_row(CheckoutStep, **step) for step in steps)).run()


async def get_checkout(tx: Tx, org_id: uuid.UUID, checkout_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.fetchrow(
        "SELECT * FROM public.checkout WHERE id = $1 AND org_id = $2", checkout_id, org_id
    )


async def lock_own_checkout(
    tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, checkout_id: uuid.UUID
) -> asyncpg.Record | None:
    """The caller's own checkout, locked while it is edited. SQL: FOR UPDATE."""
    return await tx.fetchrow(
        "SELECT * FROM public.checkout WHERE id = $1 AND org_id = $2 AND user_id = $3 FOR UPDATE",
        checkout_id,
        org_id,
        user_id,
    )


async def replace_steps(tx: Tx, checkout_id: uuid.UUID, steps: Sequence[dict[str, Any]]) -> None:
    """A waiting checkout's steps as edited (none has run: all are pending)."""
    await CheckoutStep.delete().where(CheckoutStep.checkout_id == checkout_id).run()
    await insert_steps(tx, steps)


async def touch(tx: Tx, checkout_id: uuid.UUID) -> None:
    await Checkout.update({Checkout.updated_at: DB_NOW}).where(Checkout.id == checkout_id).run()


async def steps_of(tx: Tx, checkout_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(
        "SELECT s.*, jsonb_array_length(s.lines) AS line_count FROM public.checkout_step s "
        "WHERE s.checkout_id = $1 ORDER BY s.position",
        checkout_id,
    )


async def pending_tenants(tx: Tx, checkout_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await tx.fetch(
        "SELECT tenant_id FROM public.checkout_step WHERE checkout_id = $1 AND status = 'pending' "
        "ORDER BY position",
        checkout_id,
    )
    return [row["tenant_id"] for row in rows]


async def lock_pending_step(tx: Tx, checkout_id: uuid.UUID, tenant_id: uuid.UUID) -> asyncpg.Record | None:
    """The step with its checkout's columns, locked, while it is still pending (another runner
    that got there first leaves it placed or failed: then None). SQL: FOR UPDATE."""
    return await tx.fetchrow(
        "SELECT s.*, c.org_id, c.user_id, c.ship_to, c.bill_to, c.po_number, c.requested_delivery_date, "
        "c.note, c.status AS checkout_status FROM public.checkout_step s "
        "JOIN public.checkout c ON c.id = s.checkout_id "
        "WHERE s.checkout_id = $1 AND s.tenant_id = $2 AND s.status = 'pending' FOR UPDATE OF s",
        checkout_id,
        tenant_id,
    )


async def mark_placed(
    tx: Tx,
    checkout_id: uuid.UUID,
    tenant_id: uuid.UUID,
    order_id: uuid.UUID,
    number: str,
    status: str,
    reason: str | None,
) -> None:
    await tx.execute(
        "UPDATE public.checkout_step SET status = 'placed', order_id = $3, order_number = $4, "
        "order_status = $5, order_status_reason = $6, failure_code = NULL, failure_reason = NULL, "
        "updated_at = now() WHERE checkout_id = $1 AND tenant_id = $2",
        checkout_id,
        tenant_id,
        order_id,
        number,
        status,
        reason,
    )


async def mark_failed(tx: Tx, checkout_id: uuid.UUID, tenant_id: uuid.UUID, code: str, reason: str) -> bool:
    """Only a step still pending fails (a runner that placed it meanwhile wins)."""
    done = await tx.fetchval(
        "UPDATE public.checkout_step SET status = 'failed', failure_code = $3, failure_reason = $4, "
        "updated_at = now() WHERE checkout_id = $1 AND tenant_id = $2 AND status = 'pending' RETURNING true",
        checkout_id,
        tenant_id,
        code,
        reason[:2000],
    )
    return bool(done)


async def complete_if_done(tx: Tx, checkout_id: uuid.UUID) -> asyncpg.Record | None:
    """``placing`` → ``completed`` once no step is pending (once: the row says who did it)."""
    return await tx.fetchrow(
        "UPDATE public.checkout SET status = 'completed', completed_at = now(), updated_at = now() "
        "WHERE id = $1 AND status = 'placing' AND NOT EXISTS "
        "(SELECT 1 FROM public.checkout_step s WHERE s.checkout_id = $1 AND s.status = 'pending') "
        "RETURNING id, org_id",
        checkout_id,
    )


async def set_status(
    tx: Tx, checkout_id: uuid.UUID, expected: str, status: str, reason: str | None = None
) -> bool:
    done = await tx.fetchval(
        "UPDATE public.checkout SET status = $3, status_reason = coalesce($4, status_reason), "
        "updated_at = now(), completed_at = CASE WHEN $3 = 'rejected' THEN now() END "
        "WHERE id = $1 AND status = $2 RETURNING true",
        checkout_id,
        expected,
        status,
        reason,
    )
    return bool(done)


async def claim_placing(tx: Tx, idle: timedelta, limit: int) -> list[uuid.UUID]:
    """Checkouts left ``placing`` for ``idle`` or longer, claimed for one resume run: their
    ``updated_at`` moves on, so another worker's run skips them for ``idle`` (and rows another
    worker is claiming right now are skipped). SQL: FOR UPDATE SKIP LOCKED."""
    rows = await tx.fetch(
        "UPDATE public.checkout SET updated_at = now(), attempts = attempts + 1 WHERE id IN ("
        "SELECT id FROM public.checkout WHERE status = 'placing' AND updated_at <= now() - $1::interval "
        "ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id",
        idle,
        limit,
    )
    return [row["id"] for row in rows]


async def order_number_of(tx: Tx, checkout_id: uuid.UUID, tenant_id: uuid.UUID) -> str | None:
    """The number of the order this checkout placed at the supplier (None until placed)."""
    number: str | None = await tx.fetchval(
        "SELECT order_number FROM public.checkout_step WHERE checkout_id = $1 AND tenant_id = $2",
        checkout_id,
        tenant_id,
    )
    return number
