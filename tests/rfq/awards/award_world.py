"""An RFQ ready to award: suppliers with stock, a buyer location, live quotes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tests.fixtures.catalog import call
from tests.rfq.world import RfqWorld, Supplier, open_rfq, rfq_world, sent_revision


@dataclass
class Ready:
    w: RfqWorld
    rfq_id: uuid.UUID
    lines: list[uuid.UUID]  # quantities 100, 200
    location_id: str
    revisions: dict[uuid.UUID, uuid.UUID]  # tenant -> its revision

    @property
    def url(self) -> str:
        return f"{self.w.org}/rfqs/{self.rfq_id}/award"

    def supplier(self, index: int) -> Supplier:
        return self.w.suppliers[index]


async def stock(w: RfqWorld, s: Supplier, on_hand: str = "1000") -> None:
    await call(w.api, "POST", f"{s.base}/inventory/locations", s.owner, {"code": "W1", "name": "W1"}, 201)
    levels = {"levels": [{"sku": s.sku, "location_code": "W1", "on_hand": on_hand}]}
    await call(w.api, "PUT", f"{s.base}/inventory/levels", s.owner, levels)


async def buyer_location(w: RfqWorld) -> str:
    body = {
        "name": "HQ",
        "line1": "Str. 1",
        "city": "Cluj",
        "country": "RO",
        "is_ship_to": True,
        "is_bill_to": True,
    }
    location = await call(w.api, "POST", f"{w.org}/locations", w.buyer, body, 201)
    return str(location["id"])


async def ready(api: Any, *, sealed: bool = False, status: str = "open") -> Ready:
    """Three suppliers: a quotes both lines (line 1 with a break from 100), b both, c only line 1."""
    w = await rfq_world(api, suppliers=3)
    for s in w.suppliers[:2]:
        await stock(w, s)
    location = await buyer_location(w)
    deadline = datetime.now(UTC) + (timedelta(days=7) if status == "open" else -timedelta(hours=1))
    rfq_id, (first, second) = await open_rfq(w, lines=2, sealed=sealed, status=status, deadline=deadline)
    a, b, c = w.suppliers
    revisions = {
        a.tenant_id: await sent_revision(
            w,
            rfq_id,
            a,
            {first: Decimal("2.50"), second: Decimal("3.00")},
            breaks={first: [(Decimal(100), Decimal("2.10"))], second: [(Decimal(150), Decimal("2.80"))]},
        ),
        b.tenant_id: await sent_revision(w, rfq_id, b, {first: Decimal("2.20"), second: Decimal("2.90")}),
        c.tenant_id: await sent_revision(w, rfq_id, c, {first: Decimal("2.00"), second: None}),
    }
    return Ready(w, rfq_id, [first, second], location, revisions)


def award_body(r: Ready, *, orders: bool = True, contract: bool = True, **extra: Any) -> dict[str, Any]:
    """Line 1 (100) to a; line 2 (200) split a 50, b 150."""
    a, b = r.supplier(0), r.supplier(1)
    body: dict[str, Any] = {
        "lines": [
            {"line_id": str(r.lines[0]), "splits": [{"tenant_id": str(a.tenant_id), "quantity": "100"}]},
            {
                "line_id": str(r.lines[1]),
                "splits": [
                    {"tenant_id": str(a.tenant_id), "quantity": "50"},
                    {"tenant_id": str(b.tenant_id), "quantity": "150"},
                ],
            },
        ],
        **extra,
    }
    if orders:
        body["orders"] = {"ship_to_location_id": r.location_id, "bill_to_location_id": r.location_id}
    if contract:
        body["contract"] = {"valid_until": (datetime.now(UTC) + timedelta(days=90)).date().isoformat()}
    return body
