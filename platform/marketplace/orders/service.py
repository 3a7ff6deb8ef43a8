"""Order rules after placement (docs/ordering.md): the supplier's inbox and the buyer's
history, one order's detail on either side, and each step of its life. Every step runs in
one transaction in the supplier's schema (plus public): the order row is locked, the
transition is checked against ``states``, the order gets a new numbered revision with a
readable diff, ``order_ref`` follows, an ``orders.*`` event is recorded and the other side
is told (in-app and by mail, in their language)."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec

from hansa.core.db import Database, Tx
from hansa.core.errors import Forbidden
from hansa.core.outbox import emit
from hansa.core.tenancy import TenantContext, enter_schema, schema_for, tenant_transaction
from hansa.identity.orgs import service as orgs
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.buyers import service as buyers
from hansa.marketplace.buyers.errors import LocationNotFound
from hansa.marketplace.cart import priced as cart_pricing
from hansa.marketplace.cart import service as cart
from hansa.marketplace.cart.schemas import CartAddition
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.schemas import StockRequest
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.orders import events, states
from hansa.marketplace.orders import repository as repo
from hansa.marketplace.orders.errors import (
    ChangeOpen,
    InvalidCursor,
    InvalidOrderChange,
    InvalidShipment,
    NoOpenChange,
    OrderNotFound,
    TransitionRefused,
)
from hansa.marketplace.orders.schemas import (
    ChangeIn,
    ChangeOut,
    DiffEntry,
    NewOrder,
    OrderDetail,
    OrderLineOut,
    OrderPage,
    OrderSummary,
    ReorderLine,
    ReorderOut,
    RevisionOut,
    ShipIn,
    ShipmentOut,
)
from hansa.marketplace.pricing import service as pricing
from hansa.marketplace.pricing.currency import round_money
from hansa.marketplace.pricing.resolution import resolve_prices
from hansa.notifications import service as notifications
from hansa.tenants import service as tenants

# the supplier's members told of an order: every role that reads orders (policy.csv)
SUPPLIER_ORDER_ROLES = ("owner", "admin", "sales", "catalog_manager", "viewer")
MAX_PAGE = 200


async def spent_by(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, since: datetime) -> dict[str, Decimal]:
    """What ``user_id`` ordered for ``org_id`` since ``since``, per currency (a monthly
    spending limit's measure): orders not cancelled or rejected."""
    return await repo.spent_by(tx, org_id, user_id, since)


async def insert_orders(tx: Tx, tenant_id: uuid.UUID, orders: list[NewOrder]) -> None:
    """Write past orders as given, on ``tx`` in the supplier's schema (the demo seed, tests,
    the bench): lines, a first revision and ``order_ref`` each, the counters after them."""
    if orders:
        await repo.insert_orders(tx, tenant_id, orders)


# -- pages -----------------------------------------------------------------------------------


class Filters(msgspec.Struct, frozen=True):
    """What the inbox and the history filter on (None: no filter)."""

    status: list[states.Status] | None = None
    placed_from: datetime | None = None
    placed_to: datetime | None = None
    buyer_org_id: uuid.UUID | None = None
    supplier_id: uuid.UUID | None = None
    ship_to_location_id: uuid.UUID | None = None
    placed_by: uuid.UUID | None = None
    q: str | None = None
    updated_after: datetime | None = None


_CURSOR_TYPES: dict[str, type] = {
    "placed_at": datetime,
    "updated_at": datetime,
    "total": Decimal,
    "number": str,
}


def _encode_cursor(sort: str, row: OrderSummary) -> str:
    value = getattr(row, sort.lstrip("-"))
    raw = msgspec.json.encode([sort, str(value) if isinstance(value, Decimal) else value, row.id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str | None, sort: str) -> tuple[Any, uuid.UUID] | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        named, value, row_id = msgspec.json.decode(raw, type=tuple[str, str, uuid.UUID])
        if named != sort:
            raise ValueError("the cursor is of another sort")
        kind = _CURSOR_TYPES[sort.lstrip("-")]
        typed = msgspec.json.decode(msgspec.json.encode(value), type=kind) if kind is not str else value
        return typed, row_id
    except (ValueError, KeyError, msgspec.DecodeError, msgspec.ValidationError) as error:
        raise InvalidCursor(
            "the cursor is not one this list gave", errors=[{"field": "cursor", "message": str(error)}]
        ) from error


def _page(rows: list[asyncpg.Record], sort: str, limit: int, **names: dict[uuid.UUID, str]) -> OrderPage:
    items = [
        OrderSummary(
            **dict(row),
            supplier_name=names.get("suppliers", {}).get(row["tenant_id"]),
            buyer_name=names.get("buyers", {}).get(row["buyer_org_id"]),
        )
        for row in rows[:limit]
    ]
    more = len(rows) > limit
    return OrderPage(items=items, next_cursor=_encode_cursor(sort, items[-1]) if more and items else None)


def _common(where: repo.Where, filters: Filters) -> None:
    if filters.status:
        where.add("status = ANY({})", filters.status)
    if filters.placed_from is not None:
        where.add("placed_at >= {}", filters.placed_from)
    if filters.placed_to is not None:
        where.add("placed_at < {}", filters.placed_to)
    if filters.placed_by is not None:
        where.add("placed_by = {}", filters.placed_by)
    if filters.updated_after is not None:
        where.add("updated_at > {}", filters.updated_after)


def _effective_sort(sort: str, filters: Filters) -> str:
    """An ERP's pull (``updated_after``) reads oldest change first, whatever the sort asked."""
    return "updated_at" if filters.updated_after is not None else sort


async def supplier_orders(
    db: Database, ctx: TenantContext, *, filters: Filters, sort: str, cursor: str | None, limit: int
) -> OrderPage:
    """The supplier's orders, newest first by default: filtered, searched by number, PO or
    buyer name, one keyset page."""
    sort = _effective_sort(sort, filters)
    after = _decode_cursor(cursor, sort)
    async with tenant_transaction(db, ctx) as tx:
        where = repo.Where()
        _common(where, filters)
        if filters.buyer_org_id is not None:
            where.add("buyer_org_id = {}", filters.buyer_org_id)
        if filters.q:
            named = [
                buyer.id
                for buyer in await orgs.buyer_summaries(tx, await repo.buyers_of(tx))
                if filters.q.casefold() in buyer.name.casefold()
            ]
            pattern = f"%{_like(filters.q)}%"
            where.add(
                "(number ILIKE {} OR po_number ILIKE {} OR buyer_org_id = ANY({}))", pattern, pattern, named
            )
        rows = await repo.supplier_page(tx, ctx.tenant_id, where, sort=sort, after=after, limit=limit)
        buyer_names = {
            buyer.id: buyer.name
            for buyer in await orgs.buyer_summaries(tx, list({row["buyer_org_id"] for row in rows}))
        }
    return _page(rows, sort, limit, buyers=buyer_names)


async def buyer_orders(
    db: Database, ctx: OrgContext, *, filters: Filters, sort: str, cursor: str | None, limit: int
) -> OrderPage:
    """The buyer company's orders across suppliers (``order_ref``), newest first by default;
    search by number, PO or an exact SKU."""
    sort = _effective_sort(sort, filters)
    after = _decode_cursor(cursor, sort)
    async with db.transaction() as tx:
        where = repo.Where()
        where.add("buyer_org_id = {}", ctx.org.id)
        _common(where, filters)
        if filters.supplier_id is not None:
            where.add("tenant_id = {}", filters.supplier_id)
        if filters.ship_to_location_id is not None:
            where.add("ship_to_location_id = {}", filters.ship_to_location_id)
        if filters.q:
            pattern = f"%{_like(filters.q)}%"
            where.add("(number ILIKE {} OR po_number ILIKE {} OR skus @> {})", pattern, pattern, [filters.q])
        rows = await repo.buyer_page(tx, where, sort=sort, after=after, limit=limit)
        suppliers = await tenants.tenants_by_id(tx, list({row["tenant_id"] for row in rows}))
    return _page(rows, sort, limit, suppliers={tenant_id: t.name for tenant_id, t in suppliers.items()})


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- one order -------------------------------------------------------------------------------


async def _found(tx: Tx, order_id: uuid.UUID, *, lock: bool = False) -> asyncpg.Record:
    order = await repo.get_order(tx, order_id, lock=lock)
    if order is None:
        raise OrderNotFound("no such order")
    return order


@asynccontextmanager
async def _buyer_order_tx(db: Database, ctx: OrgContext, order_id: uuid.UUID) -> AsyncIterator[Tx]:
    """A transaction in the schema of the supplier of the buyer company's order ``order_id``
    (another company's order, or no order: 404)."""
    async with db.transaction() as tx:
        ref = await repo.ref_of(tx, ctx.org.id, order_id)
        if ref is None:
            raise OrderNotFound("no such order")
        await _enter(tx, ref["tenant_id"])
        yield tx


async def _enter(tx: Tx, tenant_id: uuid.UUID) -> None:
    await enter_schema(tx, schema_for(tenant_id))


async def _detail(tx: Tx, order: asyncpg.Record, side: states.Side) -> OrderDetail:
    lines = await repo.lines_of(tx, order["id"])
    change = await repo.open_change(tx, order["id"])
    return OrderDetail(
        **{name: order[name] for name in _ORDER_FIELDS},
        tenant_id=_tenant_of(tx),
        lines=[msgspec.convert(dict(line), OrderLineOut) for line in lines],
        revisions=[
            msgspec.convert(dict(row), RevisionOut) for row in await repo.revisions_of(tx, order["id"])
        ],
        shipments=[
            msgspec.convert(dict(row), ShipmentOut) for row in await repo.shipments_of(tx, order["id"])
        ],
        open_change=_change_out(change, lines) if change else None,
        next_states=states.next_states(order["status"], side),
    )


_ORDER_FIELDS = (
    "id", "number", "buyer_org_id", "placed_by", "status", "status_reason", "currency", "total",
    "payment_method", "payment_terms_days", "po_number", "requested_delivery_date", "note", "ship_to",
    "bill_to", "revision", "placed_at", "updated_at",
)  # fmt: skip


def _tenant_of(tx: Tx) -> uuid.UUID:
    """The supplier whose schema ``tx`` is in (``schema_for`` names it after the id)."""
    assert tx.tenant_schema is not None
    return uuid.UUID(hex=tx.tenant_schema.removeprefix("t_"))


async def supplier_order(db: Database, ctx: TenantContext, order_id: uuid.UUID) -> OrderDetail:
    async with tenant_transaction(db, ctx) as tx:
        detail = await _detail(tx, await _found(tx, order_id), "supplier")
        names = await orgs.buyer_summaries(tx, [detail.buyer_org_id])
    return msgspec.structs.replace(detail, buyer_name=names[0].name if names else None)


async def buyer_order(db: Database, ctx: OrgContext, order_id: uuid.UUID) -> OrderDetail:
    async with _buyer_order_tx(db, ctx, order_id) as tx:
        detail = await _detail(tx, await _found(tx, order_id), "buyer")
        supplier = (await tenants.tenants_by_id(tx, [detail.tenant_id])).get(detail.tenant_id)
    return msgspec.structs.replace(detail, supplier_name=supplier.name if supplier else None)


# -- steps -------------------------------------------------------------------------------------


def _actor_id(ctx: TenantContext | OrgContext) -> uuid.UUID | None:
    if isinstance(ctx, OrgContext):
        return ctx.principal.user_id
    return uuid.UUID(ctx.actor.id) if ctx.actor.kind == "user" else None


async def _step(
    tx: Tx,
    order: asyncpg.Record,
    *,
    side: states.Side,
    actor_id: uuid.UUID | None,
    kind: str,
    status: str | None = None,
    fields: dict[str, Any] | None = None,
    diff: list[DiffEntry] | None = None,
    note: str | None = None,
    event: str | None = None,
) -> asyncpg.Record:
    """Move ``order`` (locked) to ``status`` (None: it keeps its status) and/or change
    ``fields``: a new revision with the diff, ``order_ref`` in step, the event, the mails."""
    before = order["status"]
    after_status = status or before
    if status is not None and not states.allowed(before, status, side):
        raise TransitionRefused(
            f"an order {before.replace('_', ' ')} cannot become {after_status.replace('_', ' ')}"
            f" (by the {side})",
            errors=[{"field": "status", "message": f"{before} -> {after_status} is not allowed"}],
        )
    changes = dict(fields or {})
    entries = list(diff or [])
    if after_status != before:
        changes["status"] = after_status
        entries.insert(0, DiffEntry("status", before, after_status))
    after = await repo.update_order(tx, order["id"], changes)
    await repo.insert_revision(
        tx,
        order["id"],
        after["revision"],
        kind=kind,
        side=side,
        actor_id=actor_id,
        status=after_status,
        diff=[msgspec.to_builtins(entry) for entry in entries],
        note=note,
    )
    lines = await repo.lines_of(tx, order["id"])
    await repo.sync_ref(tx, after, sorted({line["sku"] for line in lines if not line["cancelled"]}))
    if event is None:
        event = events.OF_STATUS[after_status] if after_status != before else f"orders.{kind}"
    tenant_id = _tenant_of(tx)
    await emit(
        tx,
        event,
        tenant_id=tenant_id,
        payload={
            "order_id": str(order["id"]),
            "number": after["number"],
            "buyer_org_id": str(after["buyer_org_id"]),
            "status": after_status,
            "revision": after["revision"],
        },
    )
    await _notify(tx, tenant_id, after, kind=event.removeprefix("orders."), side=side, note=note)
    return after


async def _notify(
    tx: Tx, tenant_id: uuid.UUID, order: asyncpg.Record, *, kind: str, side: states.Side, note: str | None
) -> None:
    """The other side hears of the step: the buyer who placed the order, or the supplier's
    members who read orders."""
    supplier = (await tenants.tenants_by_id(tx, [tenant_id])).get(tenant_id)
    buyer = await orgs.buyer_summaries(tx, [order["buyer_org_id"]])
    params = {
        "number": order["number"],
        "supplier_name": supplier.name if supplier else "",
        "buyer_name": buyer[0].name if buyer else "",
        "reason": note,
        "order_id": str(order["id"]),
    }
    if side != "buyer" and order["placed_by"] is not None:
        await notifications.notify(
            tx, [order["placed_by"]], f"order.{kind}", params, org_id=order["buyer_org_id"]
        )
    if side != "supplier":
        members = await notifications.members_with_roles(tx, f"tenant:{tenant_id}", SUPPLIER_ORDER_ROLES)
        await notifications.notify(tx, members, f"order.{kind}", params, org_id=tenant_id)


async def _supplier_step(db: Database, ctx: TenantContext, order_id: uuid.UUID, **step: Any) -> OrderDetail:
    async with tenant_transaction(db, ctx) as tx:
        order = await _found(tx, order_id, lock=True)
        after = await _step(tx, order, side="supplier", actor_id=_actor_id(ctx), **step)
        return await _detail(tx, after, "supplier")


async def confirm(db: Database, ctx: TenantContext, order_id: uuid.UUID) -> OrderDetail:
    """The supplier accepts the order as placed."""
    return await _supplier_step(db, ctx, order_id, kind="confirmed", status="confirmed")


async def reject(db: Database, ctx: TenantContext, order_id: uuid.UUID, reason: str) -> OrderDetail:
    """The supplier refuses a placed order or one on credit hold; its stock is given back."""
    async with tenant_transaction(db, ctx) as tx:
        order = await _found(tx, order_id, lock=True)
        after = await _step(
            tx,
            order,
            side="supplier",
            actor_id=_actor_id(ctx),
            kind="rejected",
            status="rejected",
            fields={"status_reason": reason},
            note=reason,
        )
        await _release_all(tx, order_id)
        return await _detail(tx, after, "supplier")


async def release_hold(
    db: Database, ctx: TenantContext, order_id: uuid.UUID, note: str | None
) -> OrderDetail:
    """The supplier lets an order on credit hold through: it is placed."""
    return await _supplier_step(
        db, ctx, order_id, kind="released", status="placed", fields={"status_reason": None}, note=note
    )


async def supplier_cancel(db: Database, ctx: TenantContext, order_id: uuid.UUID, reason: str) -> OrderDetail:
    """The supplier cancels before anything shipped; the stock is given back."""
    async with tenant_transaction(db, ctx) as tx:
        order = await _found(tx, order_id, lock=True)
        after = await _cancel(tx, order, side="supplier", actor_id=_actor_id(ctx), reason=reason)
        return await _detail(tx, after, "supplier")


async def buyer_cancel(db: Database, ctx: OrgContext, order_id: uuid.UUID, reason: str) -> OrderDetail:
    """The buyer cancels before the supplier confirmed."""
    async with _buyer_order_tx(db, ctx, order_id) as tx:
        order = await _found(tx, order_id, lock=True)
        after = await _cancel(tx, order, side="buyer", actor_id=_actor_id(ctx), reason=reason)
        return await _detail(tx, after, "buyer")


async def _cancel(
    tx: Tx, order: asyncpg.Record, *, side: states.Side, actor_id: uuid.UUID | None, reason: str
) -> asyncpg.Record:
    after = await _step(
        tx,
        order,
        side=side,
        actor_id=actor_id,
        kind="cancelled",
        status="cancelled",
        fields={"status_reason": reason},
        note=reason,
    )
    await _withdraw_open_change(tx, order["id"])
    await _release_all(tx, order["id"])
    return after


async def _release_all(tx: Tx, order_id: uuid.UUID) -> None:
    lines = await repo.lines_of(tx, order_id)
    await catalog.release_stock(tx, _tenant_of(tx), [line["id"] for line in lines])


async def _withdraw_open_change(tx: Tx, order_id: uuid.UUID) -> None:
    change = await repo.open_change(tx, order_id)
    if change is not None:
        await repo.decide_change(tx, change["id"], "withdrawn", None, "the order was cancelled")


async def ship(db: Database, ctx: TenantContext, order_id: uuid.UUID, shipment: ShipIn) -> OrderDetail:
    """A shipment of some lines (or of all that is left): the stock leaves the warehouse;
    the order is ``partially_shipped`` until every line is shipped in full."""
    async with tenant_transaction(db, ctx) as tx:
        order = await _found(tx, order_id, lock=True)
        lines = {line["id"]: line for line in await repo.lines_of(tx, order_id) if not line["cancelled"]}
        shipped = _shipment_lines(shipment, lines)
        if order["status"] not in ("confirmed", "partially_shipped"):
            raise TransitionRefused(
                f"an order {order['status'].replace('_', ' ')} cannot be shipped",
                errors=[{"field": "status", "message": "confirm the order first"}],
            )
        number = await repo.insert_shipment(
            tx,
            order_id,
            carrier=shipment.carrier,
            tracking_number=shipment.tracking_number,
            tracking_url=shipment.tracking_url,
            shipped_by=_actor_id(ctx),
            lines=shipped,
        )
        await catalog.ship_stock(
            tx,
            ctx.tenant_id,
            [
                (line_id, lines[line_id]["variant_id"], qty)
                for line_id, qty in shipped
                if lines[line_id]["variant_id"]
            ],
        )
        done = all(
            line["shipped_quantity"] + dict(shipped).get(line_id, Decimal(0)) >= line["quantity"]
            for line_id, line in lines.items()
        )
        diff = [
            DiffEntry("shipped_quantity", str(lines[line_id]["shipped_quantity"]),
                      str(lines[line_id]["shipped_quantity"] + qty), line=lines[line_id]["sku"])
            for line_id, qty in shipped
        ]  # fmt: skip
        tracking = " ".join(filter(None, [f"#{number}", shipment.carrier, shipment.tracking_number]))
        after = await _step(
            tx,
            order,
            side="supplier",
            actor_id=_actor_id(ctx),
            kind="shipped" if done else "partially_shipped",
            status="shipped"
            if done
            else (None if order["status"] == "partially_shipped" else "partially_shipped"),
            event=events.SHIPPED if done else events.PARTIALLY_SHIPPED,
            diff=diff,
            note=tracking,
        )
        return await _detail(tx, after, "supplier")


def _shipment_lines(
    shipment: ShipIn, lines: dict[uuid.UUID, asyncpg.Record]
) -> list[tuple[uuid.UUID, Decimal]]:
    """The (line id, quantity) pairs to ship: as asked, within what is left of each line."""
    if not shipment.lines:
        left = [(line_id, line["quantity"] - line["shipped_quantity"]) for line_id, line in lines.items()]
        return [(line_id, qty) for line_id, qty in left if qty > 0]
    errors = []
    seen: set[uuid.UUID] = set()
    for index, asked in enumerate(shipment.lines):
        line = lines.get(asked.line_id)
        if line is None or asked.line_id in seen:
            errors.append({"field": f"lines[{index}].line_id", "message": "not an open line of this order"})
        elif asked.quantity > line["quantity"] - line["shipped_quantity"]:
            left = line["quantity"] - line["shipped_quantity"]
            errors.append({"field": f"lines[{index}].quantity", "message": f"only {left} left to ship"})
        seen.add(asked.line_id)
    if errors:
        raise InvalidShipment("some lines cannot ship as asked", errors=errors)
    return [(asked.line_id, asked.quantity) for asked in shipment.lines]


async def deliver(db: Database, ctx: TenantContext, order_id: uuid.UUID) -> OrderDetail:
    """Everything arrived: the shipments are marked delivered."""
    async with tenant_transaction(db, ctx) as tx:
        order = await _found(tx, order_id, lock=True)
        after = await _step(
            tx, order, side="supplier", actor_id=_actor_id(ctx), kind="delivered", status="delivered"
        )
        await repo.mark_delivered(tx, order_id)
        return await _detail(tx, after, "supplier")


# -- change proposals (supplier) and requests (buyer) --------------------------------------------


def _change_out(change: asyncpg.Record, lines: list[asyncpg.Record]) -> ChangeOut:
    proposal = msgspec.convert(change["changes"], ChangeIn)
    return ChangeOut(
        id=change["id"],
        side=change["side"],
        status=change["status"],
        changes=change["changes"],
        diff=_diff_of(proposal, {line["id"]: line for line in lines}, ship_to=None),
        reason=change["reason"],
        created_at=change["created_at"],
    )


def _diff_of(
    change: ChangeIn, lines: dict[uuid.UUID, asyncpg.Record], *, ship_to: dict[str, Any] | None
) -> list[DiffEntry]:
    diff = []
    for asked in change.lines:
        line = lines[asked.line_id]
        sku = line["sku"]
        if asked.remove:
            diff.append(DiffEntry("removed", False, True, line=sku))
        if asked.quantity is not None and asked.quantity != line["quantity"]:
            diff.append(DiffEntry("quantity", str(line["quantity"]), str(asked.quantity), line=sku))
        if asked.requested_date is not None and asked.requested_date != line["requested_date"]:
            before = line["requested_date"].isoformat() if line["requested_date"] else None
            diff.append(DiffEntry("requested_date", before, asked.requested_date.isoformat(), line=sku))
        if asked.substitute_sku is not None and asked.substitute_sku != sku:
            diff.append(DiffEntry("sku", sku, asked.substitute_sku, line=sku))
    if change.requested_delivery_date is not None:
        diff.append(DiffEntry("requested_delivery_date", None, change.requested_delivery_date.isoformat()))
    if change.ship_to_location_id is not None:
        diff.append(DiffEntry("ship_to", None, (ship_to or {}).get("name", str(change.ship_to_location_id))))
    return diff


async def _check_change(
    tx: Tx, order: asyncpg.Record, change: ChangeIn, side: states.Side
) -> dict[uuid.UUID, asyncpg.Record]:
    if order["status"] not in states.CHANGEABLE:
        raise TransitionRefused(
            f"an order {order['status'].replace('_', ' ')} can no longer change",
            errors=[{"field": "status", "message": "only orders not yet shipped change"}],
        )
    if await repo.open_change(tx, order["id"]) is not None:
        raise ChangeOpen("a change waits for an answer already")
    lines = {line["id"]: line for line in await repo.lines_of(tx, order["id"]) if not line["cancelled"]}
    errors = []
    for index, asked in enumerate(change.lines):
        if asked.line_id not in lines:
            errors.append({"field": f"lines[{index}].line_id", "message": "not a line of this order"})
        if side == "supplier" and asked.remove:
            errors.append(
                {"field": f"lines[{index}].remove", "message": "the supplier proposes, the buyer removes"}
            )
        if side == "buyer" and asked.substitute_sku is not None:
            errors.append(
                {"field": f"lines[{index}].substitute_sku", "message": "only the supplier substitutes"}
            )
    if side == "supplier" and change.ship_to_location_id is not None:
        errors.append({"field": "ship_to_location_id", "message": "only the buyer changes the address"})
    if errors:
        raise InvalidOrderChange("the change is not valid", errors=errors)
    subs = [asked.substitute_sku for asked in change.lines if asked.substitute_sku]
    known = await catalog.variant_ids(tx, subs) if subs else {}
    unknown = [
        {"field": f"lines[{i}].substitute_sku", "message": "no such SKU in the catalog"}
        for i, asked in enumerate(change.lines)
        if asked.substitute_sku and asked.substitute_sku not in known
    ]
    if unknown:
        raise InvalidOrderChange("the substitute is not in the catalog", errors=unknown)
    if not _diff_of(change, lines, ship_to=None):
        raise InvalidOrderChange(
            "the change changes nothing", errors=[{"field": "lines", "message": "nothing to change"}]
        )
    return lines


async def propose_change(
    db: Database, ctx: TenantContext, order_id: uuid.UUID, change: ChangeIn
) -> OrderDetail:
    """The supplier proposes per line quantities, dates or a substitute SKU; the buyer decides."""
    async with tenant_transaction(db, ctx) as tx:
        order = await _found(tx, order_id, lock=True)
        lines = await _check_change(tx, order, change, "supplier")
        return await _open_change(tx, order, change, lines, side="supplier", actor_id=_actor_id(ctx))


async def request_change(db: Database, ctx: OrgContext, order_id: uuid.UUID, change: ChangeIn) -> OrderDetail:
    """The buyer asks for other lines, quantities, date or address; the supplier decides."""
    async with _buyer_order_tx(db, ctx, order_id) as tx:
        order = await _found(tx, order_id, lock=True)
        lines = await _check_change(tx, order, change, "buyer")
        if change.ship_to_location_id is not None:
            try:
                await buyers.location_snapshot(tx, ctx.org.id, change.ship_to_location_id)
            except LocationNotFound as error:
                raise InvalidOrderChange(
                    "no such location of the company",
                    errors=[{"field": "ship_to_location_id", "message": "not a location of this company"}],
                ) from error
        return await _open_change(tx, order, change, lines, side="buyer", actor_id=_actor_id(ctx))


async def _open_change(
    tx: Tx,
    order: asyncpg.Record,
    change: ChangeIn,
    lines: dict[uuid.UUID, asyncpg.Record],
    *,
    side: states.Side,
    actor_id: uuid.UUID | None,
) -> OrderDetail:
    await repo.insert_change(
        tx,
        order["id"],
        side=side,
        changes=msgspec.to_builtins(change),
        reason=change.reason,
        proposed_by=actor_id,
    )
    kind = "change_proposed" if side == "supplier" else "change_requested"
    after = await _step(
        tx,
        order,
        side=side,
        actor_id=actor_id,
        kind=kind,
        diff=_diff_of(change, lines, ship_to=None),
        note=change.reason,
    )
    return await _detail(tx, after, side)


async def decide_change_as_supplier(
    db: Database, ctx: TenantContext, order_id: uuid.UUID, *, accept: bool, note: str | None
) -> OrderDetail:
    """The supplier accepts or declines the buyer's request."""
    async with tenant_transaction(db, ctx) as tx:
        order = await _found(tx, order_id, lock=True)
        return await _decide(tx, order, "supplier", _actor_id(ctx), accept=accept, note=note, org_id=None)


async def decide_change_as_buyer(
    db: Database, ctx: OrgContext, order_id: uuid.UUID, *, accept: bool, note: str | None
) -> OrderDetail:
    """The buyer accepts or declines the supplier's proposal."""
    async with _buyer_order_tx(db, ctx, order_id) as tx:
        order = await _found(tx, order_id, lock=True)
        return await _decide(tx, order, "buyer", _actor_id(ctx), accept=accept, note=note, org_id=ctx.org.id)


async def _decide(
    tx: Tx,
    order: asyncpg.Record,
    side: states.Side,
    actor_id: uuid.UUID | None,
    *,
    accept: bool,
    note: str | None,
    org_id: uuid.UUID | None,
) -> OrderDetail:
    change = await repo.open_change(tx, order["id"])
    if change is None or change["side"] == side:
        raise NoOpenChange("no change of the other side waits for an answer")
    await repo.decide_change(tx, change["id"], "accepted" if accept else "declined", actor_id, note)
    if not accept:
        after = await _step(tx, order, side=side, actor_id=actor_id, kind="change_declined", note=note)
        return await _detail(tx, after, side)
    proposal = msgspec.convert(change["changes"], ChangeIn)
    if order["status"] not in states.CHANGEABLE:
        raise TransitionRefused("the order shipped since: the change no longer applies")
    lines = {line["id"]: line for line in await repo.lines_of(tx, order["id"]) if not line["cancelled"]}
    fields, diff = await _apply_change(tx, order, proposal, lines, buyer_org_id=order["buyer_org_id"])
    after = await _step(
        tx, order, side=side, actor_id=actor_id, kind="change_accepted", fields=fields, diff=diff, note=note
    )
    return await _detail(tx, after, side)


async def _apply_change(
    tx: Tx,
    order: asyncpg.Record,
    change: ChangeIn,
    lines: dict[uuid.UUID, asyncpg.Record],
    *,
    buyer_org_id: uuid.UUID,
) -> tuple[dict[str, Any], list[DiffEntry]]:
    """Apply an accepted change to the lines (stock held again for a changed line) and
    return the order's changed fields and the diff."""
    fields: dict[str, Any] = {}
    ship_to = None
    if change.ship_to_location_id is not None:
        snapshot = await buyers.location_snapshot(tx, buyer_org_id, change.ship_to_location_id)
        ship_to = msgspec.to_builtins(snapshot)
        fields["ship_to"] = ship_to
    if change.requested_delivery_date is not None:
        fields["requested_delivery_date"] = change.requested_delivery_date
    diff = _diff_of(change, lines, ship_to=ship_to)
    tenant_id = _tenant_of(tx)
    subs = [asked.substitute_sku for asked in change.lines if asked.substitute_sku]
    variants = await catalog.variants_with_products(tx, subs) if subs else {}
    again: list[StockRequest] = []
    for asked in change.lines:
        line = lines[asked.line_id]
        if asked.remove:
            await repo.update_line(tx, line["id"], {"cancelled": True})
            await catalog.release_stock(tx, tenant_id, [line["id"]])
            continue
        update: dict[str, Any] = {}
        if asked.quantity is not None:
            update["quantity"] = asked.quantity
            update["line_total"] = round_money(asked.quantity * line["unit_price"], order["currency"])
        if asked.requested_date is not None:
            update["requested_date"] = asked.requested_date
        if asked.substitute_sku is not None:
            variant = variants[asked.substitute_sku]
            update.update(sku=asked.substitute_sku, variant_id=variant["id"], name=variant["product_name"])
        if update:
            await repo.update_line(tx, line["id"], update)
        if ("quantity" in update or "variant_id" in update) and (
            update.get("variant_id") or line["variant_id"]
        ):
            await catalog.release_stock(tx, tenant_id, [line["id"]])
            again.append(
                StockRequest(
                    line["id"],
                    update.get("variant_id") or line["variant_id"],
                    update.get("quantity", line["quantity"]),
                )
            )
    if again:
        outcomes = await catalog.reserve_stock(tx, tenant_id, again)
        for outcome in outcomes.values():
            await repo.update_line(
                tx,
                outcome.line_id,
                {"backordered_quantity": outcome.backordered, "lead_time_days": outcome.lead_time_days},
            )
    total = sum(
        (line["line_total"] for line in await repo.lines_of(tx, order["id"]) if not line["cancelled"]),
        Decimal(0),
    )
    if total != order["total"]:
        fields["total"] = total
        diff.append(DiffEntry("total", str(order["total"]), str(total)))
    return fields, diff


# -- reorder -------------------------------------------------------------------------------------


async def reorder(
    db: Database, ctx: OrgContext, order_id: uuid.UUID, line_ids: list[uuid.UUID] | None
) -> ReorderOut:
    """Put the order's lines (all, or ``line_ids``) into the caller's cart at today's prices
    (the cart prices them live; nothing priced is stored) and say per line what changed:
    the price then and now, what is available, a product no longer sold (left out)."""
    async with _buyer_order_tx(db, ctx, order_id) as tx:
        user_id = ctx.principal.user_id
        if user_id is None:  # after the order is found: another company's order stays a 404
            raise Forbidden(
                "a cart belongs to a signed-in user, not to an API key", code="orders.reorder_needs_user"
            )
        lines = [line for line in await repo.lines_of(tx, order_id) if not line["cancelled"]]
        if line_ids is not None:
            unknown = set(line_ids) - {line["id"] for line in lines}
            if unknown:
                raise InvalidOrderChange(
                    "some lines are not lines of this order",
                    errors=[
                        {
                            "field": "line_ids",
                            "message": f"not a line of this order: {sorted(map(str, unknown))[0]}",
                        }
                    ],
                )
            lines = [line for line in lines if line["id"] in set(line_ids)]
        tenant_id = _tenant_of(tx)
        if await _supplier_orderable(tx, tenant_id):
            report = await _reorder_report(tx, ctx.org.id, lines)
        else:  # reported per line, not an error: the buyer sees why nothing was added
            report = [_unavailable_line(line) for line in lines]
        await cart.add_lines(
            tx,
            ctx.org.id,
            user_id,
            [CartAddition(tenant_id, line.sku, line.quantity) for line in report if line.added],
        )
    return ReorderOut(lines=report, added=sum(line.added for line in report))


async def _supplier_orderable(tx: Tx, tenant_id: uuid.UUID) -> bool:
    """The cart's rule: the supplier is active and listed on an active marketplace."""
    tenant = await tenants.find_tenant_by_id(tx, tenant_id)
    listed = {tenant_id} if await marketplaces.is_listed(tx, tenant_id) else set()
    return cart_pricing.supplier_status(tenant, listed) == "available"


def _unavailable_line(line: asyncpg.Record) -> ReorderLine:
    return ReorderLine(
        sku=line["sku"],
        quantity=line["quantity"],
        added=False,
        price_then=line["unit_price"],
        price_now=None,
        price_changed=False,
        available=None,
        no_longer_sold=False,
        supplier_unavailable=True,
    )


async def _reorder_report(tx: Tx, buyer_org_id: uuid.UUID, lines: list[asyncpg.Record]) -> list[ReorderLine]:
    variants = await catalog.variants_with_products(tx, [line["sku"] for line in lines])
    sold = {
        sku: variant
        for sku, variant in variants.items()
        if variant["variant_status"] == "active" and variant["product_status"] == "published"
    }
    currency, _ = await pricing.trading_currency(tx, buyer_org_id)
    priced = await resolve_prices(
        tx,
        buyer_org_id=buyer_org_id,
        lines=[(line["sku"], line["quantity"]) for line in lines if line["sku"] in sold],
        currency=currency,
        at=datetime.now(UTC).date(),
    )
    prices = {resolved.sku: resolved.unit_price for resolved in priced}
    stock = await catalog.available_stock(tx, [variant["id"] for variant in sold.values()])
    report = []
    for line in lines:
        variant = sold.get(line["sku"])
        now = prices.get(line["sku"]) if variant else None
        report.append(
            ReorderLine(
                sku=line["sku"],
                quantity=line["quantity"],
                added=variant is not None and now is not None,
                price_then=line["unit_price"],
                price_now=now,
                price_changed=now is not None and now != line["unit_price"],
                available=stock.get(variant["id"]) if variant else None,
                no_longer_sold=variant is None,
            )
        )
    return report


# -- CSV export ------------------------------------------------------------------------------

CSV_MAX_ROWS = 10_000
CSV_COLUMNS = ("number", "supplier", "status", "placed_at", "updated_at", "po_number", "currency", "total")


async def buyer_orders_csv(db: Database, ctx: OrgContext, *, filters: Filters, sort: str) -> bytes:
    """The filtered history as CSV, at most ``CSV_MAX_ROWS`` orders (a bigger history is
    filtered first); the text is built off the event loop."""
    rows: list[OrderSummary] = []
    cursor = None
    while len(rows) < CSV_MAX_ROWS:
        page = await buyer_orders(db, ctx, filters=filters, sort=sort, cursor=cursor, limit=MAX_PAGE)
        rows += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    return await asyncio.to_thread(_csv_of, rows[:CSV_MAX_ROWS])


def _csv_of(rows: list[OrderSummary]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.number,
                row.supplier_name or "",
                row.status,
                row.placed_at.isoformat(),
                row.updated_at.isoformat(),
                row.po_number or "",
                row.currency,
                str(row.total),
            ]
        )
    return out.getvalue().encode()
