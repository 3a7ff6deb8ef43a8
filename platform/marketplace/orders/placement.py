"""Placing one supplier's order (docs/ordering.md, "Placement"): on the caller's
transaction inside the supplier's schema, so the checkout step that calls it is marked
done in the same transaction.

Idempotent by checkout: ``sales_order.checkout_id`` is unique, so a step run again (a
retry, the resume job after a crash) finds the order it placed and writes nothing.
The number comes from ``order_counter`` in this transaction (no gaps: a failed placement
gives its number back); lines keep the unit prices locked in the checkout, each line
total rounded once; stock is reserved (``catalog.reserve_stock``: ``OutOfStock`` fails the
step and rolls everything back); an order on account beyond the buyer's credit limit
is placed on ``credit_hold`` with the reason.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal, localcontext
from typing import Any, Literal

import msgspec

from hansa.core.db import Tx
from hansa.core.errors import Conflict
from hansa.core.outbox import emit
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.schemas import StockRequest
from hansa.marketplace.orders import repository as repo
from hansa.marketplace.orders.events import ORDER_CREDIT_HOLD, ORDER_PLACED
from hansa.marketplace.pricing import service as pricing
from hansa.marketplace.pricing.currency import round_money
from hansa.notifications import service as notifications
from hansa.notifications.directory import people
from hansa.tenants.schemas import TenantOut

PaymentMethod = Literal["on_account", "bank_transfer"]
OPEN_ON_ACCOUNT = ("placed", "credit_hold", "confirmed", "partially_shipped")
# every supplier role may read orders (policy.csv): they all hear of a new one
SUPPLIER_ORDER_READERS = ("owner", "admin", "catalog_manager", "sales", "viewer")


class PlacementRefused(Conflict):
    """The supplier order cannot be placed as asked (the step fails with this reason)."""

    default_code = "orders.placement_refused"


class PlaceLine(msgspec.Struct, frozen=True):
    """A line as the checkout locked it: SKU, quantity, the unit price resolved then."""

    sku: str
    quantity: Decimal
    unit_price: Decimal
    price_list_id: uuid.UUID | None = None
    source_rfq_id: uuid.UUID | None = None  # the line comes from an RFQ award: its RFQ and revision
    source_quote_revision_id: uuid.UUID | None = None


class PlaceOrder(msgspec.Struct, frozen=True):
    """One supplier's part of a checkout."""

    checkout_id: uuid.UUID
    buyer_org_id: uuid.UUID
    buyer_name: str
    placed_by: uuid.UUID | None
    currency: str
    payment_method: PaymentMethod
    ship_to: dict[str, Any]  # location snapshots (buyers.location_snapshot)
    bill_to: dict[str, Any]
    lines: list[PlaceLine]
    po_number: str | None = None
    requested_delivery_date: date | None = None
    note: str | None = None


class PlacedOrder(msgspec.Struct, frozen=True):
    order_id: uuid.UUID
    number: str
    status: Literal["placed", "credit_hold"]
    currency: str
    total: Decimal
    status_reason: str | None = None


def number_prefix(slug: str) -> str:
    """``bolt-nut`` → ``BN``, ``acme`` → ``AC``: the first letter of each of the slug's
    first three words, or its first two letters when it is one word."""
    words = [word for word in slug.split("-") if word]
    letters = "".join(word[0] for word in words[:3]) if len(words) > 1 else slug[:2]
    return letters.upper()


def line_total(quantity: Decimal, unit_price: Decimal, currency: str) -> Decimal:
    """quantity x unit price exactly, rounded once (pricing's rule)."""
    with localcontext() as context:
        context.prec = 80
        return round_money(quantity * unit_price, currency)


async def place_supplier_order(tx: Tx, tenant: TenantOut, order: PlaceOrder) -> PlacedOrder:
    """Place ``order`` in ``tenant``'s schema (``tx`` is inside it), or find the one this
    checkout placed before. ``PlacementRefused`` / ``OutOfStock``: nothing written."""
    found = await repo.order_by_checkout(tx, order.checkout_id)
    if found is not None:
        return _placed(found)
    terms_days, credit_limit = await _payment_terms(tx, order)
    variants = await catalog.variants_with_products(tx, [line.sku for line in order.lines])
    _check_lines(order, variants)
    order_id = uuid.uuid4()
    line_ids = [uuid.uuid4() for _ in order.lines]
    stock = await catalog.reserve_stock(
        tx,
        tenant.id,
        [
            StockRequest(line_id, variants[line.sku]["id"], line.quantity)
            for line_id, line in zip(line_ids, order.lines, strict=True)
        ],
    )
    totals = [line_total(line.quantity, line.unit_price, order.currency) for line in order.lines]
    total = sum(totals, Decimal(0))
    reason = await _credit_hold_reason(tx, order, total, credit_limit)
    status: Literal["placed", "credit_hold"] = "credit_hold" if reason else "placed"
    now = datetime.now(UTC)
    number = f"{number_prefix(tenant.slug)}-{now.year}-{await repo.next_order_number(tx, now.year):06d}"
    await repo.insert_order(
        tx,
        {
            "id": order_id,
            "number": number,
            "checkout_id": order.checkout_id,
            "buyer_org_id": order.buyer_org_id,
            "placed_by": order.placed_by,
            "status": status,
            "currency": order.currency,
            "total": total,
            "payment_method": order.payment_method,
            "payment_terms_days": terms_days,
            "po_number": order.po_number,
            "requested_delivery_date": order.requested_delivery_date,
            "note": order.note,
            "ship_to": order.ship_to,
            "bill_to": order.bill_to,
            "status_reason": reason,
            "placed_at": now,
            "updated_at": now,
        },
    )
    await repo.insert_lines(
        tx,
        [
            {
                "id": line_id,
                "order_id": order_id,
                "position": position,
                "variant_id": variants[line.sku]["id"],
                "sku": line.sku,
                "name": _line_name(variants[line.sku]),
                "unit": variants[line.sku]["unit_of_measure"],
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "line_total": line_sum,
                "price_list_id": line.price_list_id,
                "backordered_quantity": stock[line_id].backordered,
                "lead_time_days": stock[line_id].lead_time_days if stock[line_id].backordered else 0,
                "source_rfq_id": line.source_rfq_id,
                "source_quote_revision_id": line.source_quote_revision_id,
            }
            for position, (line_id, line, line_sum) in enumerate(
                zip(line_ids, order.lines, totals, strict=True), start=1
            )
        ],
    )
    await repo.insert_revision(
        tx,
        order_id,
        1,
        kind="placed",
        side="buyer",
        actor_id=order.placed_by,
        status=status,
        diff=[],
        note=reason,
    )
    await repo.insert_order_ref(
        tx,
        {
            "order_id": order_id,
            "tenant_id": tenant.id,
            "buyer_org_id": order.buyer_org_id,
            "checkout_id": order.checkout_id,
            "number": number,
            "po_number": order.po_number,
            "status": status,
            "currency": order.currency,
            "total": total,
            "payment_method": order.payment_method,
            "placed_by": order.placed_by,
            "ship_to_location_id": _location_id(order.ship_to),
            "skus": sorted({line.sku for line in order.lines}),
            "placed_at": now,
            "updated_at": now,
        },
    )
    placed = PlacedOrder(order_id, number, status, order.currency, total, reason)
    await _announce(tx, tenant, order, placed)
    return placed


def _placed(row: Any) -> PlacedOrder:
    return PlacedOrder(
        row["id"], row["number"], row["status"], row["currency"].strip(), row["total"], row["status_reason"]
    )


async def _payment_terms(tx: Tx, order: PlaceOrder) -> tuple[int | None, Decimal | None]:
    """(payment terms days, credit limit) for an order on account: only a buyer with customer
    terms at this supplier may pay on account. Bank transfer (in advance) is always accepted."""
    if order.payment_method != "on_account":
        return None, None
    terms = (await pricing.customer_figures(tx, [order.buyer_org_id])).get(order.buyer_org_id)
    if terms is None or terms["payment_terms_days"] is None:
        raise PlacementRefused(
            "this supplier gives no terms to this buyer: pay by bank transfer",
            errors=[{"field": "payment_method", "message": "on account needs customer terms"}],
        )
    return terms["payment_terms_days"], terms["credit_limit"]


def _check_lines(order: PlaceOrder, variants: dict[str, Any]) -> None:
    if not order.lines:
        raise PlacementRefused(
            "an order has at least one line", errors=[{"field": "lines", "message": "empty"}]
        )
    gone = [
        {"field": f"lines[{index}]", "message": f"{line.sku} is no longer sold"}
        for index, line in enumerate(order.lines)
        if line.sku not in variants
        or variants[line.sku]["variant_status"] != "active"
        or variants[line.sku]["product_status"] != "published"
    ]
    if gone:
        raise PlacementRefused("some products are no longer sold", errors=gone)


async def _credit_hold_reason(
    tx: Tx, order: PlaceOrder, total: Decimal, credit_limit: Decimal | None
) -> str | None:
    """Why the order waits for the supplier, when open exposure + this order pass the limit."""
    if order.payment_method != "on_account" or credit_limit is None:
        return None
    exposure = await repo.open_exposure(tx, order.buyer_org_id, order.currency)
    if exposure + total <= credit_limit:
        return None
    return (
        f"open orders on account ({exposure} {order.currency}) plus this order ({total} {order.currency}) "
        f"exceed the credit limit of {credit_limit} {order.currency}"
    )


def _line_name(variant: Any) -> str:
    name: str = variant["product_name"]
    return f"{name} ({variant['variant_name']})" if variant["variant_name"] else name


def _location_id(snapshot: dict[str, Any]) -> uuid.UUID | None:
    value = snapshot.get("location_id")
    return uuid.UUID(str(value)) if value else None


async def _announce(tx: Tx, tenant: TenantOut, order: PlaceOrder, placed: PlacedOrder) -> None:
    """The outbox event, and the buyer user who placed it plus the supplier's people hear of it."""
    event = ORDER_CREDIT_HOLD if placed.status == "credit_hold" else ORDER_PLACED
    payload = {
        "order_id": placed.order_id,
        "checkout_id": order.checkout_id,
        "buyer_org_id": order.buyer_org_id,
    }
    await emit(tx, event, tenant_id=tenant.id, payload=payload)
    params = {
        "number": placed.number,
        "supplier_name": tenant.name,
        "buyer_name": order.buyer_name,
        "total": str(placed.total),
        "currency": placed.currency,
        "payment_method": order.payment_method.replace("_", " "),
        "reason": placed.status_reason,
    }
    kind = f"order.{placed.status}"
    if order.placed_by is not None:
        await notifications.notify(tx, [order.placed_by], kind, params, org_id=order.buyer_org_id)
    readers = await people().members_with_roles(tx, f"tenant:{tenant.id}", SUPPLIER_ORDER_READERS)
    await notifications.notify(tx, readers, kind, params, org_id=tenant.id)
