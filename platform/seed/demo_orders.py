"""The demo's past orders (issue 11 item 12): per supplier, orders of every status from the
demo buyers (placed by their owners) over the last months, with their revisions, shipments and tracking,
written through ``orders.insert_orders`` (order_ref and the counters with them).

Pure planning here; ``demo.py`` writes the plan in the supplier's transaction. The orders
hold no stock (the demo's inventory stays as seeded)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final

import msgspec

from hansa.marketplace.orders.schemas import NewOrder, NewOrderLine, NewShipment, NewStep
from hansa.seed.data import BUYERS, Buyer, Site

if TYPE_CHECKING:  # demo.py imports this module
    from hansa.seed.demo import ProductPlan, SupplierPlan, VariantPlan

Ids = Callable[..., uuid.UUID]

ORDERS_PER_SUPPLIER: Final = 60
NOW: Final = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # fixed: the same plan on every run
CARRIERS: Final = (
    ("DHL", "https://www.dhl.com/track?tracking-id={}"),
    ("DPD", "https://tracking.dpd.de/status/en_US/parcel/{}"),
    ("UPS", "https://www.ups.com/track?tracknum={}"),
)
# status -> share of the orders
STATUS_WEIGHTS: Final = {
    "placed": 8,
    "credit_hold": 2,
    "confirmed": 6,
    "partially_shipped": 3,
    "shipped": 5,
    "delivered": 28,
    "cancelled": 4,
    "rejected": 2,
}


def _site_snapshot(site: Site, location_id: uuid.UUID) -> dict[str, object]:
    return {
        "location_id": str(location_id),
        "name": site.name,
        "line1": site.line1,
        "postal_code": site.postal_code,
        "city": site.city,
        "country": site.country,
    }


def plan_orders(ids: Ids, plan: SupplierPlan, placed_by: Callable[[str], uuid.UUID]) -> list[NewOrder]:
    """``ORDERS_PER_SUPPLIER`` orders of this supplier's plan, the same for the same ids;
    ``placed_by(buyer slug)`` is the user who placed a buyer's orders."""
    rng = random.Random(str(ids("orders", plan.supplier.slug)))  # noqa: S311
    variants = [(product, variant) for product in plan.products for variant in product.variants]
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    placed_times = sorted(
        NOW - timedelta(days=rng.uniform(0, 180), minutes=rng.randint(0, 600))
        for _ in range(ORDERS_PER_SUPPLIER)
    )
    orders = []
    for index, placed_at in enumerate(placed_times, start=1):
        buyer = rng.choice(BUYERS)
        status = rng.choices(statuses, weights)[0]
        picked = rng.sample(variants, k=min(len(variants), rng.randint(1, 6)))
        orders.append(_order(ids, plan, rng, index, placed_at, buyer, status, picked, placed_by(buyer.slug)))
    return orders


def _order(
    ids: Ids,
    plan: SupplierPlan,
    rng: random.Random,
    index: int,
    placed_at: datetime,
    buyer: Buyer,
    status: str,
    picked: list[tuple[ProductPlan, VariantPlan]],
    placed_by: uuid.UUID,
) -> NewOrder:
    order_id = ids("order", plan.supplier.slug, index)
    lines = []
    for position, (product, variant) in enumerate(picked, start=1):
        quantity = Decimal(variant.min_order_qty * rng.randint(1, 20))
        price = variant.base_price.quantize(Decimal("0.0001"))
        total = (quantity * price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        lines.append(
            NewOrderLine(
                id=ids("order-line", order_id, position),
                position=position,
                variant_id=variant.id,
                sku=variant.sku,
                name=f"{product.name} {variant.name}".strip(),
                unit=product.unit_of_measure,
                quantity=quantity,
                unit_price=price,
                line_total=total,
                shipped_quantity=quantity if status in ("shipped", "delivered") else Decimal(0),
            )
        )
    steps, shipments, lines = _history(ids, rng, order_id, status, placed_at, lines)
    sites = [site for site in buyer.sites if site.ship_to] or list(buyer.sites)
    site = rng.choice(sites) if sites else None
    location_id = ids("location", f"{buyer.slug}:{site.name}") if site else None
    bill = next((s for s in buyer.sites if s.bill_to), site)
    return NewOrder(
        id=order_id,
        number=f"{plan.supplier.prefix}-{placed_at.year}-{index:06d}",
        buyer_org_id=ids("org", buyer.slug),
        placed_by=placed_by,
        status=status,
        currency=plan.supplier.currency,
        payment_method=rng.choice(("on_account", "on_account", "bank_transfer")),
        lines=lines,
        placed_at=placed_at,
        updated_at=steps[-1].at if steps else placed_at,
        po_number=f"PO-{placed_at:%y%m}-{rng.randint(100, 999)}" if rng.random() < 0.8 else None,
        ship_to=_site_snapshot(site, location_id) if site and location_id else {},
        bill_to=_site_snapshot(bill, ids("location", f"{buyer.slug}:{bill.name}")) if bill else {},
        ship_to_location_id=location_id,
        status_reason={"credit_hold": "over the credit limit", "rejected": "credit limit reached",
                       "cancelled": "ordered twice"}.get(status),
        placed_as="credit_hold" if status == "rejected" else None,
        steps=steps,
        shipments=shipments,
    )  # fmt: skip


def _history(
    ids: Ids,
    rng: random.Random,
    order_id: uuid.UUID,
    status: str,
    placed_at: datetime,
    lines: list[NewOrderLine],
) -> tuple[list[NewStep], list[NewShipment], list[NewOrderLine]]:
    """The steps that led to ``status``, with the shipments they made."""
    at = placed_at
    steps: list[NewStep] = []
    shipments: list[NewShipment] = []

    def later(hours: float) -> datetime:
        nonlocal at
        at = min(at + timedelta(hours=hours * rng.uniform(0.5, 1.5)), NOW)
        return at

    if status == "cancelled":
        steps.append(NewStep("cancelled", "buyer", later(3), "ordered twice"))
    if status == "rejected":
        steps.append(NewStep("rejected", "supplier", later(20), "credit limit reached"))
    if status in ("confirmed", "partially_shipped", "shipped", "delivered"):
        steps.append(NewStep("confirmed", "supplier", later(6)))
    if status in ("partially_shipped", "shipped", "delivered"):
        carrier, url = rng.choice(CARRIERS)
        tracking = f"{carrier[:2]}{rng.randint(10**9, 10**10 - 1)}"
        if status == "partially_shipped":
            first = lines[0]
            half = max(Decimal(1), (first.quantity / 2).to_integral_value())
            shipped = [(first.id, half)]
            lines = [msgspec.structs.replace(first, shipped_quantity=half), *lines[1:]]
        else:
            shipped = [(line.id, line.quantity) for line in lines]
        shipped_at = later(48)
        step_status = "partially_shipped" if status == "partially_shipped" else "shipped"
        steps.append(NewStep(step_status, "supplier", shipped_at, f"#1 {carrier} {tracking}"))
        delivered_at = later(72) if status == "delivered" else None
        shipments.append(
            NewShipment(
                id=ids("shipment", order_id, 1),
                number=1,
                lines=shipped,
                shipped_at=shipped_at,
                carrier=carrier,
                tracking_number=tracking,
                tracking_url=url.format(tracking),
                delivered_at=delivered_at,
            )
        )
        if delivered_at is not None:
            steps.append(NewStep("delivered", "supplier", delivered_at))
    return steps, shipments, lines
