"""Queries of the orders domain: ``order_ref`` (public) and the orders in the tenant schema."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg

from hansa.core.db import Tx, new_row
from hansa.marketplace.orders.tables import SalesOrder, SalesOrderRevision


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
        "line_total", "price_list_id", "backordered_quantity", "lead_time_days",
    )  # fmt: skip
    await tx.execute(
        f"INSERT INTO sales_order_line ({', '.join(columns)}) "
        "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::text[], "
        "$7::text[], $8::numeric[], $9::numeric[], $10::numeric[], $11::uuid[], $12::numeric[], $13::int[])",
        *([line[column] for line in lines] for column in columns),
    )


async def insert_revision(tx: Tx, revision: dict[str, Any]) -> None:
    await SalesOrderRevision.insert(new_row(SalesOrderRevision, **revision)).run()


async def insert_order_ref(tx: Tx, ref: dict[str, Any]) -> None:
    """SQL: the row's ``skus`` may list thousands of SKUs (one text[] parameter)."""
    columns = list(ref)
    await tx.execute(
        f"INSERT INTO public.order_ref ({', '.join(columns)}) "
        f"VALUES ({', '.join(f'${n}' for n in range(1, len(columns) + 1))})",
        *(ref[column] for column in columns),
    )
