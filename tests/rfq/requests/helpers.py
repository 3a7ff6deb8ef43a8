"""Writing RFQs through rfq.requests' API, for its tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fixtures.catalog import call
from tests.rfq.world import RfqWorld


def in_days(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def draft_body(w: RfqWorld, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "marketplace": w.marketplace_slug,
        "title": "Bolts for Q1",
        "currency": "EUR",
        "deadline": in_days(7),
        "lines": [
            {
                "kind": "text",
                "description": "Hex bolt M8 stainless",
                "quantity": "100",
                "target_price": "0.5",
            },
            {
                "kind": "sku",
                "tenant_id": str(w.suppliers[0].tenant_id),
                "sku": w.suppliers[0].sku,
                "quantity": "20",
            },
            {
                "kind": "category",
                "category_id": str(w.category_id),
                "quantity": "5",
                "description": "Any bolt",
            },
        ],
    }
    return {**body, **changes}


async def draft(w: RfqWorld, **changes: Any) -> dict[str, Any]:
    return await call(w.api, "POST", f"{w.org}/rfqs", w.buyer, draft_body(w, **changes), 201)


async def opened(w: RfqWorld, suppliers: int | None = None, **changes: Any) -> dict[str, Any]:
    """A draft inviting the first ``suppliers`` (all by default), submitted (no approval rule)."""
    rfq = await draft(w, **changes)
    chosen = w.suppliers if suppliers is None else w.suppliers[:suppliers]
    await call(
        w.api,
        "POST",
        f"{w.org}/rfqs/{rfq['id']}/invitations",
        w.buyer,
        {"suppliers": [s.slug for s in chosen]},
        200,
    )
    return await call(w.api, "POST", f"{w.org}/rfqs/{rfq['id']}/submit", w.buyer, None, 200)
