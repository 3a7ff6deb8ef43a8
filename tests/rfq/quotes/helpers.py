"""Small helpers of the rfq.quotes tests: a supplier's draft, its sending, reading rows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fixtures.catalog import call
from tests.rfq.world import RfqWorld, Supplier


def valid_until(days: int = 30) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def draft(line_ids: list[uuid.UUID], prices: list[str | None], **terms: Any) -> dict[str, Any]:
    """A draft answering each line: a price quotes it, None marks it not quoted."""
    lines = [
        {"line_id": str(line_id), "status": "quoted", "unit_price": price, "lead_time_days": 10}
        if price is not None
        else {"line_id": str(line_id), "status": "not_quoted"}
        for line_id, price in zip(line_ids, prices, strict=True)
    ]
    return {"valid_until": valid_until(), "payment_terms_days": 30, **terms, "lines": lines}


def quotes_url(s: Supplier, rfq_id: uuid.UUID, rest: str = "") -> str:
    return f"{s.base}/rfqs/{rfq_id}{rest}"


async def save(w: RfqWorld, s: Supplier, rfq_id: uuid.UUID, body: dict[str, Any], status: int = 200) -> Any:
    return await call(w.api, "PUT", quotes_url(s, rfq_id, "/draft"), s.owner, body, status)


async def send(w: RfqWorld, s: Supplier, rfq_id: uuid.UUID, status: int = 201, key: str | None = None) -> Any:
    headers = {**s.owner, **({"Idempotency-Key": key} if key else {})}
    return await call(w.api, "POST", quotes_url(s, rfq_id, "/draft/send"), headers, None, status)


async def quote(
    w: RfqWorld, s: Supplier, rfq_id: uuid.UUID, prices: list[str | None], line_ids: list[uuid.UUID]
) -> Any:
    await save(w, s, rfq_id, draft(line_ids, prices))
    return await send(w, s, rfq_id)


async def invitation(w: RfqWorld, rfq_id: uuid.UUID, s: Supplier) -> Any:
    return await w.api.db.pool.fetchrow(
        "SELECT status, latest_revision, status_reason FROM public.rfq_invitation"
        " WHERE rfq_id = $1 AND tenant_id = $2",
        rfq_id,
        s.tenant_id,
    )


async def kinds_for(w: RfqWorld, user_id: uuid.UUID) -> list[str]:
    rows = await w.api.db.pool.fetch(
        "SELECT kind FROM public.notification WHERE user_id = $1 ORDER BY created_at", user_id
    )
    return [row["kind"] for row in rows]


async def user_id(w: RfqWorld, headers: dict[str, str]) -> uuid.UUID:
    me = (await w.api.client.get("/api/v1/me", headers=headers)).json()
    return uuid.UUID(me["id"])
