"""Queries of the orders domain: ``order_ref`` (public) and the orders in the tenant schema."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg

from hansa.core.db import Tx, new_row
from hansa.marketplace.orders.schemas import NewOrder
from hansa.marketplace.orders.tables import SalesOrder


async def spent_by(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, since: datetime) -> dict[str, Decimal]:
    """Totals per currency of the orders ``user_id`` placed for ``org_id`` since ``since``
    (neither cancelled nor rejected). SQL: an aggregate over the placed_by index."""
    rows = await tx.fetch(
        """
        SELECT currency, sum(total) AS total FROM public.order_ref
        WHERE buyer_org_id = $1 AND placed_by = $2 AND placed_at >= $3
          AND status NOT IN ('cancelled', 'rejected')
        GROUP BY currency
        """,
        org_id,
        user_id,
        since,
    )
    return {row["currency"].strip(): row["total"] for row in rows}


# -- lists: the supplier's inbox, the buyer's history (keyset pages) ---------------------------

# sort name -> column; every page is ordered by (column, id) so a cursor names a row exactly
SORT_COLUMNS = {"placed_at": "placed_at", "updated_at": "updated_at", "total": "total", "number": "number"}
SUMMARY_COLUMNS = (
    "{id} AS id, {tenant} AS tenant_id, number, po_number, status, currency, total, payment_method,"
    " buyer_org_id, placed_by, placed_at, updated_at"
)


class Where:
    """A WHERE clause built condition by condition, its parameters numbered in order."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.args: list[Any] = []

    def add(self, condition: str, *values: Any) -> None:
        """``condition`` with ``{}`` for each value's placeholder."""
        placeholders = []
        for value in values:
            self.args.append(value)
            placeholders.append(f"${len(self.args)}")
        self.conditions.append(condition.format(*placeholders))

    def sql(self) -> str:
        return " AND ".join(self.conditions) if self.conditions else "true"


def _keyset(where: Where, id_column: str, sort: str, after: tuple[Any, uuid.UUID] | None) -> str:
    """The ORDER BY of ``sort`` (``-`` first: descending), and the condition past ``after``."""
    column = SORT_COLUMNS[sort.lstrip("-")]
    descending = sort.startswith("-")
    if after is not None:
        where.add(f"({column}, {id_column}) {'<' if descending else '>'} ({{}}, {{}})", *after)
    direction = "DESC" if descending else "ASC"
    return f"ORDER BY {column} {direction}, {id_column} {direction}"


async def supplier_page(
    tx: Tx,
    tenant_id: uuid.UUID,
    where: Where,
    *,
    sort: str,
    after: tuple[Any, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    """A page of the supplier's orders, ``limit`` + 1 rows (one more: there is a next page).
    ``where`` numbers its parameters from $1; the tenant id is the last one."""
    order_by = _keyset(where, "id", sort, after)
    where.args.append(tenant_id)
    columns = SUMMARY_COLUMNS.format(id="id", tenant=f"${len(where.args)}::uuid")
    where.args.append(limit + 1)
    return await tx.fetch(
        f"SELECT {columns} FROM sales_order WHERE {where.sql()} {order_by} LIMIT ${len(where.args)}",
        *where.args,
    )


async def buyer_page(
    tx: Tx, where: Where, *, sort: str, after: tuple[Any, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """A page of a buyer's orders across suppliers from ``order_ref``, ``limit`` + 1 rows.
    The caller's ``where`` starts with the buyer company (the indexes lead with it)."""
    order_by = _keyset(where, "order_id", sort, after)
    columns = SUMMARY_COLUMNS.format(id="order_id", tenant="tenant_id")
    where.args.append(limit + 1)
    return await tx.fetch(
        f"SELECT {columns} FROM public.order_ref WHERE {where.sql()} {order_by} LIMIT ${len(where.args)}",
        *where.args,
    )


async def buyers_of(tx: Tx) -> list[uuid.UUID]:
    """The buyer companies this supplier has orders of (a name search's candidates)."""
    return [row["buyer_org_id"] for row in await tx.fetch("SELECT DISTINCT buyer_org_id FROM sales_order")]


# -- one order -------------------------------------------------------------------------------


async def ref_of(tx: Tx, org_id: uuid.UUID, order_id: uuid.UUID) -> asyncpg.Record | None:
    """The buyer company's order ``order_id`` (None: not one of its orders)."""
    return await tx.fetchrow(
        "SELECT order_id, tenant_id FROM public.order_ref WHERE order_id = $1 AND buyer_org_id = $2",
        order_id,
        org_id,
    )


async def get_order(tx: Tx, order_id: uuid.UUID, *, lock: bool = False) -> asyncpg.Record | None:
    """The order (in the transaction's tenant schema); ``lock``: for update, so changes of
    one order run one after the other."""
    return await tx.fetchrow(
        f"SELECT * FROM sales_order WHERE id = $1{' FOR UPDATE' if lock else ''}", order_id
    )


async def lines_of(tx: Tx, order_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch("SELECT * FROM sales_order_line WHERE order_id = $1 ORDER BY position", order_id)


async def revisions_of(tx: Tx, order_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(
        "SELECT * FROM sales_order_revision WHERE order_id = $1 ORDER BY number DESC", order_id
    )


async def shipments_of(tx: Tx, order_id: uuid.UUID) -> list[asyncpg.Record]:
    """The order's shipments, each with its lines as a JSON array."""
    return await tx.fetch(
        """
        SELECT s.*, coalesce(
            (SELECT jsonb_agg(jsonb_build_object('order_line_id', l.order_line_id, 'quantity', l.quantity))
             FROM shipment_line l WHERE l.shipment_id = s.id), '[]'::jsonb) AS lines
        FROM shipment s WHERE s.order_id = $1 ORDER BY s.number
        """,
        order_id,
    )


async def open_change(tx: Tx, order_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.fetchrow(
        "SELECT * FROM sales_order_change WHERE order_id = $1 AND status = 'open'", order_id
    )


# -- changes of an order -----------------------------------------------------------------------


async def update_order(tx: Tx, order_id: uuid.UUID, fields: dict[str, Any]) -> asyncpg.Record:
    """Set ``fields``, bump the revision and ``updated_at``; the row after."""
    names = list(fields)
    sets = ", ".join(f"{name} = ${index}" for index, name in enumerate(names, start=2))
    row = await tx.fetchrow(
        f"""
        UPDATE sales_order SET {sets}{", " if sets else ""}revision = revision + 1,
            updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
        WHERE id = $1 RETURNING *
        """,
        order_id,
        *(fields[name] for name in names),
    )
    assert row is not None
    return row


async def insert_revision(
    tx: Tx,
    order_id: uuid.UUID,
    number: int,
    *,
    kind: str,
    side: str,
    actor_id: uuid.UUID | None,
    status: str,
    diff: list[dict[str, Any]],
    note: str | None,
) -> None:
    await tx.execute(
        """
        INSERT INTO sales_order_revision (order_id, number, kind, side, actor_id, status, diff, note)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """,
        order_id,
        number,
        kind,
        side,
        actor_id,
        status,
        diff,
        note,
    )


async def sync_ref(tx: Tx, order: asyncpg.Record, skus: list[str]) -> None:
    """Keep ``order_ref`` in step with the order (same transaction)."""
    await tx.execute(
        """
        UPDATE public.order_ref SET status = $2, total = $3, updated_at = $4, skus = $5,
            ship_to_location_id = coalesce(($6::jsonb ->> 'location_id')::uuid, ship_to_location_id)
        WHERE order_id = $1
        """,
        order["id"],
        order["status"],
        order["total"],
        order["updated_at"],
        skus,
        order["ship_to"],
    )


async def update_line(tx: Tx, line_id: uuid.UUID, fields: dict[str, Any]) -> None:
    names = list(fields)
    sets = ", ".join(f"{name} = ${index}" for index, name in enumerate(names, start=2))
    await tx.execute(
        f"UPDATE sales_order_line SET {sets} WHERE id = $1", line_id, *(fields[n] for n in names)
    )


async def insert_shipment(
    tx: Tx,
    order_id: uuid.UUID,
    *,
    carrier: str | None,
    tracking_number: str | None,
    tracking_url: str | None,
    shipped_by: uuid.UUID | None,
    lines: list[tuple[uuid.UUID, Decimal]],
) -> int:
    """Write a shipment (numbered in the order) and its lines; add the quantities to the
    lines' shipped quantity. Returns its number."""
    shipment_id = uuid.uuid4()
    number = await tx.fetchval(
        """
        INSERT INTO shipment (id, order_id, number, carrier, tracking_number, tracking_url, shipped_by)
        VALUES (
            $1, $2, (SELECT coalesce(max(number), 0) + 1 FROM shipment WHERE order_id = $2), $3, $4, $5, $6
        )
        RETURNING number
        """,
        shipment_id,
        order_id,
        carrier,
        tracking_number,
        tracking_url,
        shipped_by,
    )
    await tx.execute(
        """
        INSERT INTO shipment_line (shipment_id, order_line_id, quantity)
        SELECT $1, line_id, quantity FROM unnest($2::uuid[], $3::numeric[]) AS t (line_id, quantity)
        """,
        shipment_id,
        [line_id for line_id, _ in lines],
        [quantity for _, quantity in lines],
    )
    await tx.execute(
        """
        UPDATE sales_order_line l SET shipped_quantity = l.shipped_quantity + t.quantity
        FROM unnest($1::uuid[], $2::numeric[]) AS t (line_id, quantity) WHERE l.id = t.line_id
        """,
        [line_id for line_id, _ in lines],
        [quantity for _, quantity in lines],
    )
    return int(number)


async def mark_delivered(tx: Tx, order_id: uuid.UUID) -> None:
    await tx.execute(
        "UPDATE shipment SET delivered_at = now() WHERE order_id = $1 AND delivered_at IS NULL", order_id
    )


async def insert_change(
    tx: Tx,
    order_id: uuid.UUID,
    *,
    side: str,
    changes: dict[str, Any],
    reason: str | None,
    proposed_by: uuid.UUID | None,
) -> None:
    await tx.execute(
        """
        INSERT INTO sales_order_change (id, order_id, side, changes, reason, proposed_by)
        VALUES ($1, $2, $3, $4, $5, $6)
        """,
        uuid.uuid4(),
        order_id,
        side,
        changes,
        reason,
        proposed_by,
    )


async def decide_change(
    tx: Tx, change_id: uuid.UUID, status: str, decided_by: uuid.UUID | None, note: str | None
) -> None:
    await tx.execute(
        """
        UPDATE sales_order_change SET status = $2, decided_by = $3, decision_note = $4, decided_at = now()
        WHERE id = $1
        """,
        change_id,
        status,
        decided_by,
        note,
    )


async def max_position(tx: Tx, order_id: uuid.UUID) -> int:
    return int(
        await tx.fetchval(
            "SELECT coalesce(max(position), 0) FROM sales_order_line WHERE order_id = $1", order_id
        )
    )


async def insert_line(tx: Tx, order_id: uuid.UUID, line: dict[str, Any]) -> None:
    names = list(line)
    await tx.execute(
        f"INSERT INTO sales_order_line (order_id, {', '.join(names)}) "
        f"VALUES ($1, {', '.join(f'${i}' for i in range(2, len(names) + 2))})",
        order_id,
        *(line[name] for name in names),
    )


# -- bulk: tests, the demo seed, the bench -----------------------------------------------------


def _revisions(order: NewOrder) -> list[tuple[Any, ...]]:
    """Revision 1 (placed by the buyer, with the status it was placed in) and one per step,
    each with its status diff."""
    before = order.placed_as or ("placed" if order.steps else order.status)
    rows: list[tuple[Any, ...]] = [
        (order.id, 1, "placed", "buyer", order.placed_by, before, [], None, order.placed_at)
    ]
    for number, step in enumerate(order.steps, start=2):
        diff = [{"field": "status", "before": before, "after": step.status, "line": None}]
        kind = "released" if before == "credit_hold" and step.status == "placed" else step.status
        rows.append((order.id, number, kind, step.side, None, step.status, diff, step.note, step.at))
        before = step.status
    return rows


async def insert_orders(tx: Tx, tenant_id: uuid.UUID, orders: list[NewOrder]) -> None:
    """Write ``orders`` as given (in the transaction's tenant schema) with their lines,
    revisions, shipments and ``order_ref`` rows, by COPY; the year's counters follow the
    highest number written."""
    conn = tx.connection
    await conn.copy_records_to_table(
        "sales_order",
        columns=[
            "id",
            "number",
            "buyer_org_id",
            "placed_by",
            "status",
            "currency",
            "total",
            "payment_method",
            "po_number",
            "ship_to",
            "bill_to",
            "status_reason",
            "placed_at",
            "updated_at",
            "revision",
        ],
        records=[
            (
                o.id,
                o.number,
                o.buyer_org_id,
                o.placed_by,
                o.status,
                o.currency,
                o.total,
                o.payment_method,
                o.po_number,
                o.ship_to,
                o.bill_to,
                o.status_reason,
                o.placed_at,
                o.updated_at,
                1 + len(o.steps),
            )
            for o in orders
        ],
        schema_name=tx.tenant_schema,
    )
    await conn.copy_records_to_table(
        "sales_order_line",
        columns=[
            "id",
            "order_id",
            "position",
            "variant_id",
            "sku",
            "name",
            "unit",
            "quantity",
            "unit_price",
            "line_total",
            "shipped_quantity",
        ],
        records=[
            (
                line.id,
                o.id,
                line.position,
                line.variant_id,
                line.sku,
                line.name,
                line.unit,
                line.quantity,
                line.unit_price,
                line.line_total,
                line.shipped_quantity,
            )
            for o in orders
            for line in o.lines
        ],
        schema_name=tx.tenant_schema,
    )
    await conn.copy_records_to_table(
        "sales_order_revision",
        columns=["order_id", "number", "kind", "side", "actor_id", "status", "diff", "note", "created_at"],
        records=[revision for o in orders for revision in _revisions(o)],
        schema_name=tx.tenant_schema,
    )
    shipments = [(o, s) for o in orders for s in o.shipments]
    await conn.copy_records_to_table(
        "shipment",
        columns=[
            "id",
            "order_id",
            "number",
            "carrier",
            "tracking_number",
            "tracking_url",
            "shipped_at",
            "delivered_at",
        ],
        records=[
            (s.id, o.id, s.number, s.carrier, s.tracking_number, s.tracking_url, s.shipped_at, s.delivered_at)
            for o, s in shipments
        ],
        schema_name=tx.tenant_schema,
    )
    await conn.copy_records_to_table(
        "shipment_line",
        columns=["shipment_id", "order_line_id", "quantity"],
        records=[(s.id, line_id, quantity) for _, s in shipments for line_id, quantity in s.lines],
        schema_name=tx.tenant_schema,
    )
    await conn.copy_records_to_table(
        "order_ref",
        columns=[
            "order_id",
            "tenant_id",
            "buyer_org_id",
            "number",
            "po_number",
            "status",
            "currency",
            "total",
            "payment_method",
            "placed_by",
            "ship_to_location_id",
            "skus",
            "placed_at",
            "updated_at",
        ],
        records=[
            (
                o.id,
                tenant_id,
                o.buyer_org_id,
                o.number,
                o.po_number,
                o.status,
                o.currency,
                o.total,
                o.payment_method,
                o.placed_by,
                o.ship_to_location_id,
                sorted({line.sku for line in o.lines}),
                o.placed_at,
                o.updated_at,
            )
            for o in orders
        ],
        schema_name="public",
    )
    await tx.execute(
        """
        INSERT INTO order_counter (year, last_number)
        SELECT split_part(number, '-', 2)::int, max(split_part(number, '-', 3)::bigint)
        FROM sales_order WHERE number ~ '^[A-Z]+-[0-9]{4}-[0-9]+$' GROUP BY 1
        ON CONFLICT (year) DO UPDATE
            SET last_number = greatest(order_counter.last_number, excluded.last_number)
        """
    )


# -- placement (orders/placement.py): one supplier's order written in the supplier's schema --------


async def order_by_checkout(tx: Tx, checkout_id: uuid.UUID) -> asyncpg.Record | None:
    """The order a checkout placed in this supplier (the step ran before), if any."""
    return await tx.fetchrow(
        "SELECT id, number, status, status_reason, currency, total FROM sales_order WHERE checkout_id = $1",
        checkout_id,
    )


async def next_order_number(tx: Tx, year: int) -> int:
    """The year's next number, without gaps: the counter row is locked until the placing
    transaction ends (a rolled-back placement gives its number back). SQL: upsert RETURNING."""
    number: int = await tx.fetchval(
        "INSERT INTO order_counter (year, last_number) VALUES ($1, 1) "
        "ON CONFLICT (year) DO UPDATE SET last_number = order_counter.last_number + 1 "
        "RETURNING last_number",
        year,
    )
    return number


async def open_exposure(tx: Tx, buyer_org_id: uuid.UUID, currency: str) -> Decimal:
    """What the buyer owes or will owe this supplier on account: its open orders on account
    (placed, held, confirmed, partly shipped) in ``currency``."""
    total: Decimal = await tx.fetchval(
        "SELECT coalesce(sum(total), 0) FROM sales_order WHERE buyer_org_id = $1 AND currency = $2 "
        "AND payment_method = 'on_account' "
        "AND status IN ('placed', 'credit_hold', 'confirmed', 'partially_shipped')",
        buyer_org_id,
        currency,
    )
    return total


async def insert_order(tx: Tx, order: dict[str, Any]) -> None:
    await SalesOrder.insert(new_row(SalesOrder, **order)).run()


async def insert_lines(tx: Tx, lines: Sequence[dict[str, Any]]) -> None:
    """SQL: one statement for a whole order (a cart may hold thousands of lines)."""
    columns = (
        "id", "order_id", "position", "variant_id", "sku", "name", "unit", "quantity", "unit_price",
        "line_total", "price_list_id", "backordered_quantity", "lead_time_days", "source_rfq_id",
        "source_quote_revision_id",
    )  # fmt: skip
    await tx.execute(
        f"INSERT INTO sales_order_line ({', '.join(columns)}) "
        "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::text[], "
        "$7::text[], $8::numeric[], $9::numeric[], $10::numeric[], $11::uuid[], $12::numeric[], $13::int[], "
        "$14::uuid[], $15::uuid[])",
        *([line[column] for line in lines] for column in columns),
    )


async def insert_order_ref(tx: Tx, ref: dict[str, Any]) -> None:
    """SQL: the row's ``skus`` may list thousands of SKUs (one text[] parameter)."""
    columns = list(ref)
    await tx.execute(
        f"INSERT INTO public.order_ref ({', '.join(columns)}) "
        f"VALUES ({', '.join(f'${n}' for n in range(1, len(columns) + 1))})",
        *(ref[column] for column in columns),
    )
