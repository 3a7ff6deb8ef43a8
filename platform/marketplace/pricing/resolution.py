"""Price resolution: one set-based query for a whole list of (SKU, quantity) lines.

For each line the query finds the variant, then (LATERAL) the one price list to
use among the lists that apply to this buyer: valid on ``at`` (``valid_from`` and
``valid_to`` inclusive, NULL open), in ``currency``, holding the variant with a
tier at or below the quantity. Customer and contract lists of this buyer come
first, then segment lists of segments the buyer belongs to, then base lists;
within one rank the higher ``priority`` wins, then the lower list id (only so
that the answer is deterministic). A list whose lowest tier is above the quantity
does not apply to that line: the next list is tried. The best tier is the one
with the greatest ``min_qty`` not above the quantity; the next tier of the same
list is reported so a buyer can see what ordering more would cost.

Nothing is precomputed: every call reads the lists as they are now, so a change
is visible to the very next resolution.

Reason codes, checked in this order (the first that applies is reported):

``unknown_sku``        no variant with this SKU;
``not_visible``        the product is not published or the variant is inactive;
``below_minimum``      quantity < the variant's ``min_order_qty``;
``not_pack_multiple``  quantity is not a whole multiple of ``order_increment`` and
                       of ``pack_size`` (whole packs, in whole increments);
``out_of_validity``    no list applies, and a list of this buyer in ``currency``
                       holding the variant exists but is not valid on ``at``
                       (expired or not yet started);
``no_price``           no list applies: none valid at ``at``, in ``currency``, for
                       this buyer, with a tier at or below the quantity.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, localcontext
from typing import Any, Literal

import msgspec

from hansa.core.db import Tx
from hansa.core.errors import ValidationFailed
from hansa.marketplace.pricing.currency import UnknownCurrency, minor_units, round_money

Reason = Literal[
    "unknown_sku", "not_visible", "below_minimum", "not_pack_multiple", "out_of_validity", "no_price"
]
ListKind = Literal["base", "segment", "customer", "contract"]

MAX_LINES = 10_000


class ResolvedLine(msgspec.Struct, frozen=True, omit_defaults=False):
    """One line's answer: a price, or the reason there is none."""

    sku: str
    quantity: Decimal
    unit_price: Decimal | None = None
    line_total: Decimal | None = None
    price_list_id: uuid.UUID | None = None
    price_list_kind: ListKind | None = None
    tier_min_qty: Decimal | None = None
    next_tier_min_qty: Decimal | None = None
    next_tier_unit_price: Decimal | None = None
    reason: Reason | None = None


def order_quantity(min_order_qty: Decimal, order_increment: Decimal, pack_size: Decimal) -> Decimal:
    """The smallest quantity ≥ the minimum that is whole packs in whole increments."""
    if order_increment % pack_size == 0:
        step = order_increment
    elif pack_size % order_increment == 0:
        step = pack_size
    else:
        step = order_increment * pack_size  # a common multiple (not always the least)
    return Decimal(math.ceil(min_order_qty / step)) * step


_RESOLVE_SQL = """
WITH line AS (
    SELECT l.ord, l.sku, l.qty
    FROM unnest($1::text[], $2::numeric[]) WITH ORDINALITY AS l (sku, qty, ord)
),
buyers_lists AS MATERIALIZED (
    SELECT pl.id, pl.kind, pl.priority,
           CASE pl.kind WHEN 'base' THEN 2 WHEN 'segment' THEN 1 ELSE 0 END AS rank,
           (pl.valid_from IS NULL OR pl.valid_from <= $5::date)
               AND (pl.valid_to IS NULL OR pl.valid_to >= $5::date) AS valid
    FROM price_list pl
    WHERE pl.currency = $4
      AND (
          pl.kind = 'base'
          OR (pl.kind IN ('customer', 'contract') AND pl.buyer_org_id = $3::uuid)
          OR (pl.kind = 'segment' AND pl.segment_id IN (
              SELECT m.segment_id FROM buyer_segment_member m WHERE m.buyer_org_id = $3::uuid
          ))
      )
),
applicable AS MATERIALIZED (
    SELECT id, kind, priority, rank FROM buyers_lists WHERE valid
)
SELECT line.ord, line.sku, line.qty,
       v.id AS variant_id, v.status AS variant_status, p.status AS product_status,
       v.min_order_qty, v.order_increment, v.pack_size,
       pick.price_list_id, pick.kind, pick.min_qty, pick.unit_price,
       next_tier.min_qty AS next_min_qty, next_tier.unit_price AS next_unit_price,
       outside.variant_id IS NOT NULL AS only_outside_validity{tiers_columns}
FROM line
LEFT JOIN variant v ON v.sku = line.sku
LEFT JOIN product p ON p.id = v.product_id
LEFT JOIN LATERAL (
    SELECT a.id AS price_list_id, a.kind, pli.id AS item_id, t.min_qty, t.unit_price
    FROM price_list_item pli
    JOIN applicable a ON a.id = pli.price_list_id
    CROSS JOIN LATERAL (
        SELECT pt.min_qty, pt.unit_price FROM price_tier pt
        WHERE pt.price_list_item_id = pli.id AND pt.min_qty <= line.qty
        ORDER BY pt.min_qty DESC LIMIT 1
    ) t
    WHERE pli.variant_id = v.id
    ORDER BY a.rank, a.priority DESC, a.id
    LIMIT 1
) pick ON v.id IS NOT NULL
LEFT JOIN LATERAL (
    SELECT pt.min_qty, pt.unit_price FROM price_tier pt
    WHERE pt.price_list_item_id = pick.item_id AND pt.min_qty > line.qty
    ORDER BY pt.min_qty LIMIT 1
) next_tier ON pick.item_id IS NOT NULL
LEFT JOIN LATERAL (
    SELECT pli.variant_id FROM price_list_item pli
    JOIN buyers_lists b ON b.id = pli.price_list_id AND NOT b.valid
    WHERE pli.variant_id = v.id
    LIMIT 1
) outside ON v.id IS NOT NULL AND pick.price_list_id IS NULL{tiers_join}
ORDER BY line.ord
"""
RESOLVE_SQL = _RESOLVE_SQL.format(tiers_columns="", tiers_join="")
# the same, with every tier of each chosen list item (a search page shows them): one statement
# where resolving and then ``tiers_of`` take two, each planned again in each supplier's schema
RESOLVE_WITH_TIERS_SQL = _RESOLVE_SQL.format(
    tiers_columns=",\n       all_tiers.min_qtys AS tier_min_qtys, all_tiers.unit_prices AS tier_unit_prices",
    tiers_join="""
LEFT JOIN LATERAL (
    SELECT array_agg(pt.min_qty ORDER BY pt.min_qty) AS min_qtys,
           array_agg(pt.unit_price ORDER BY pt.min_qty) AS unit_prices
    FROM price_tier pt WHERE pt.price_list_item_id = pick.item_id
) all_tiers ON pick.item_id IS NOT NULL""",
)


async def resolve_prices(
    tx: Tx,
    *,
    buyer_org_id: uuid.UUID | None,
    lines: Sequence[tuple[str, Decimal]],
    currency: str,
    at: date,
) -> list[ResolvedLine]:
    """Resolve every line in one query, in ``tx`` (inside the supplier's schema).

    ``buyer_org_id`` None is an anonymous buyer: base lists only. Lines keep their
    order; the same SKU may appear on several lines.
    """
    _check_lines(lines, currency)
    if not lines:
        return []
    rows = await tx.fetch(RESOLVE_SQL, *_arguments(lines, buyer_org_id, currency, at))
    return [_resolved(row, currency) for row in rows]


async def resolve_prices_with_tiers(
    tx: Tx,
    *,
    buyer_org_id: uuid.UUID | None,
    lines: Sequence[tuple[str, Decimal]],
    currency: str,
    at: date,
) -> list[tuple[ResolvedLine, list[tuple[Decimal, Decimal]]]]:
    """``resolve_prices``, each line with every tier (min qty, unit price), ascending, of
    the list item chosen for it (none when it has no price): still one query."""
    _check_lines(lines, currency)
    if not lines:
        return []
    rows = await tx.fetch(RESOLVE_WITH_TIERS_SQL, *_arguments(lines, buyer_org_id, currency, at))
    return [
        (
            _resolved(row, currency),
            list(zip(row["tier_min_qtys"] or [], row["tier_unit_prices"] or [], strict=True)),
        )
        for row in rows
    ]


def _check_lines(lines: Sequence[tuple[str, Decimal]], currency: str) -> None:
    try:
        minor_units(currency)
    except UnknownCurrency as exc:
        raise ValidationFailed(str(exc), code="pricing.unknown_currency") from exc
    if len(lines) > MAX_LINES:
        raise ValidationFailed(f"at most {MAX_LINES} lines per resolution", code="pricing.too_many_lines")
    for index, (_, asked) in enumerate(lines):
        if not asked.is_finite() or asked <= 0:
            raise ValidationFailed(
                "quantities are positive numbers",
                code="pricing.bad_quantity",
                errors=[{"field": f"lines[{index}].quantity", "message": "must be > 0"}],
            )


def _arguments(
    lines: Sequence[tuple[str, Decimal]], buyer_org_id: uuid.UUID | None, currency: str, at: date
) -> tuple[list[str], list[Decimal], uuid.UUID | None, str, date]:
    return [sku for sku, _ in lines], [quantity for _, quantity in lines], buyer_org_id, currency, at


def _resolved(row: Any, currency: str) -> ResolvedLine:
    sku: str = row["sku"]
    quantity: Decimal = row["qty"]
    reason: Reason | None = None
    if row["variant_id"] is None:
        reason = "unknown_sku"
    elif row["product_status"] != "published" or row["variant_status"] != "active":
        reason = "not_visible"
    elif quantity < row["min_order_qty"]:
        reason = "below_minimum"
    elif quantity % row["order_increment"] != 0 or quantity % row["pack_size"] != 0:
        reason = "not_pack_multiple"
    elif row["price_list_id"] is None:
        reason = "out_of_validity" if row["only_outside_validity"] else "no_price"
    if reason is not None:
        return ResolvedLine(sku=sku, quantity=quantity, reason=reason)
    unit_price: Decimal = row["unit_price"]
    return ResolvedLine(
        sku=sku,
        quantity=quantity,
        unit_price=unit_price,
        line_total=_line_total(quantity, unit_price, currency),
        price_list_id=row["price_list_id"],
        price_list_kind=row["kind"],
        tier_min_qty=row["min_qty"],
        next_tier_min_qty=row["next_min_qty"],
        next_tier_unit_price=row["next_unit_price"],
    )


def _line_total(quantity: Decimal, unit_price: Decimal, currency: str) -> Decimal:
    """quantity x unit price, exact (no intermediate rounding), then rounded once."""
    with localcontext() as context:
        context.prec = 80
        return round_money(quantity * unit_price, currency)
