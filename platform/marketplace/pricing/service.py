"""Pricing rules: price lists with tiers and assignments, buyer segments, customer
terms, and the set-based price resolution (``resolve_prices``, see resolution.py).

Every change of a list, its assignment or its tiers writes a
``pricing.price_list_changed`` outbox event in the same transaction. Buyer
organisation ids are public ids checked here (no foreign key crosses the schema).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

import asyncpg
import msgspec

from hansa.audit.service import record_in
from hansa.core.db import Database, Tx
from hansa.core.outbox import emit
from hansa.core.pagination import Page
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.orgs import service as orgs
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.pricing import repository as repo
from hansa.marketplace.pricing.currency import is_currency
from hansa.marketplace.pricing.errors import (
    InvalidPricing,
    PriceListNotFound,
    SegmentInUse,
    SegmentNameTaken,
    SegmentNotFound,
    TermsNotFound,
)
from hansa.marketplace.pricing.events import PRICE_LIST_CHANGED
from hansa.marketplace.pricing.resolution import (
    MAX_LINES,
    ResolvedLine,
    order_quantity,
    resolve_prices,
    resolve_prices_with_tiers,
)
from hansa.marketplace.pricing.schemas import (
    MAX_PRIORITY,
    CustomerTermsIn,
    CustomerTermsOut,
    ItemOut,
    NewPriceList,
    NewSegment,
    PreviewLine,
    PreviewPage,
    PriceListItems,
    PriceListOut,
    PriceListPage,
    PriceListPatch,
    ResolveOut,
    ResolveRequest,
    SegmentMembers,
    SegmentOut,
)
from hansa.tenants import service as tenants

__all__ = ["ResolvedLine", "VariantPrices", "price_variants", "resolve_prices", "trading_currency"]

CurrencySource = Literal["terms", "default"]


async def trading_currency(tx: Tx, buyer_org_id: uuid.UUID | None) -> tuple[str, CurrencySource]:
    """The currency a buyer trades in with this supplier (``tx`` in its schema): the
    currency of the buyer's customer terms when it has terms, else the supplier's
    default currency (also for an anonymous buyer)."""
    if buyer_org_id is not None and (terms := await repo.terms_currency(tx, buyer_org_id)) is not None:
        return terms, "terms"
    return await _default_currency(tx), "default"


async def _default_currency(tx: Tx) -> str:
    profile = await tenants.find_profile(tx)
    return profile.default_currency if profile else "EUR"


@dataclass(frozen=True, slots=True)
class VariantPrices:
    """Each variant's resolved line at its smallest orderable quantity, in the buyer's
    trading currency; for a variant without a price there, the other currencies in
    which one of the buyer's lists would price it (so it is never hidden silently);
    with ``with_tiers``, every tier (min qty, unit price) of each chosen list item."""

    currency: str
    currency_source: CurrencySource
    at: date
    lines: dict[uuid.UUID, ResolvedLine]
    other_currencies: dict[uuid.UUID, list[str]]
    tiers: dict[uuid.UUID, list[tuple[Decimal, Decimal]]] = dataclasses.field(default_factory=dict)


async def price_variants(
    tx: Tx,
    buyer_org_id: uuid.UUID,
    variants: Sequence[asyncpg.Record],
    *,
    at: date | None = None,
    with_tiers: bool = False,
) -> VariantPrices:
    """Price ``variants`` (rows with id, sku, min_order_qty, order_increment, pack_size)
    for the buyer, in ``tx`` (inside the supplier's schema): two queries and a third
    only when some variant has no price. ``with_tiers``: the chosen items' tiers too, in
    the same query (what ``tiers_of`` would answer after it)."""
    at = at or datetime.now(UTC).date()
    currency, source = await trading_currency(tx, buyer_org_id)
    quantities = [order_quantity(v["min_order_qty"], v["order_increment"], v["pack_size"]) for v in variants]
    asked = [(v["sku"], q) for v, q in zip(variants, quantities, strict=True)]
    tiers: dict[uuid.UUID, list[tuple[Decimal, Decimal]]] = {}
    if with_tiers:
        found = await resolve_prices_with_tiers(
            tx, buyer_org_id=buyer_org_id, lines=asked, currency=currency, at=at
        )
        resolved = [line for line, _ in found]
        tiers = {v["id"]: pairs for v, (_, pairs) in zip(variants, found, strict=True) if pairs}
    else:
        resolved = await resolve_prices(tx, buyer_org_id=buyer_org_id, lines=asked, currency=currency, at=at)
    lines = {v["id"]: line for v, line in zip(variants, resolved, strict=True)}
    unpriced = [vid for vid, line in lines.items() if line.unit_price is None]
    others = (
        await repo.prices_in_other_currencies(tx, buyer_org_id, unpriced, currency=currency, at=at)
        if unpriced
        else {}
    )
    return VariantPrices(currency, source, at, lines, others, tiers)


async def _changed(
    tx: Tx,
    ctx: TenantContext,
    list_id: uuid.UUID,
    change: str,
    *,
    label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Tell the price caches (outbox event) and the audit trail (``label``: the list's name)."""
    await emit(
        tx, PRICE_LIST_CHANGED, tenant_id=ctx.tenant_id, payload={"price_list_id": list_id, "change": change}
    )
    action = f"pricing.price_list_{change}"
    await record_in(tx, ctx, action, "price_list", list_id, label=label, before=before, after=after)


async def _check_buyers(tx: Tx, buyer_org_ids: list[uuid.UUID], field: str) -> None:
    errors = []
    buyers = await orgs.buyer_ids(tx, buyer_org_ids)
    for index, org_id in enumerate(buyer_org_ids):
        if org_id not in buyers:
            name = field if len(buyer_org_ids) == 1 else f"{field}[{index}]"
            errors.append({"field": name, "message": "not a buyer organisation"})
    if errors:
        raise InvalidPricing("unknown buyer organisation", errors=errors)


def assignment_problems(
    kind: str,
    segment_id: uuid.UUID | None,
    buyer_org_id: uuid.UUID | None,
    *,
    segments: set[uuid.UUID],
    buyers: set[uuid.UUID],
) -> list[dict[str, str]]:
    """Whom a list of ``kind`` may name: base lists nobody, segment lists a known segment,
    customer/contract lists a buyer organisation (``segments``/``buyers``: the known ones
    among those named). One rule for ``POST /price-lists``, its patch and imported lists."""
    problems: list[dict[str, str]] = []
    wants_segment, wants_buyer = kind == "segment", kind in ("customer", "contract")
    for field, value, wanted, known, unknown in (
        ("segment_id", segment_id, wants_segment, segments, "unknown segment"),
        ("buyer_org_id", buyer_org_id, wants_buyer, buyers, "not a buyer organisation"),
    ):
        if wanted and value is None:
            problems.append({"field": field, "message": f"required for a {kind} list"})
        elif not wanted and value is not None:
            problems.append({"field": field, "message": f"not allowed for a {kind} list"})
        elif value is not None and value not in known:
            problems.append({"field": field, "message": unknown})
    return problems


def new_list_problems(
    kind: str,
    currency: str | None,
    valid_from: date | None,
    valid_to: date | None,
    segment_id: uuid.UUID | None,
    buyer_org_id: uuid.UUID | None,
    *,
    segments: set[uuid.UUID],
    buyers: set[uuid.UUID],
) -> list[dict[str, str]]:
    """The rules of ``POST /price-lists`` for a list another domain creates (imports):
    an ISO 4217 currency, a window that does not end before it starts, the assignment."""
    problems: list[dict[str, str]] = []
    if currency is not None and not is_currency(currency):
        problems.append({"field": "currency", "message": "not an ISO 4217 currency code"})
    if valid_from is not None and valid_to is not None and valid_from > valid_to:
        problems.append({"field": "valid_to", "message": "before valid_from"})
    return problems + assignment_problems(kind, segment_id, buyer_org_id, segments=segments, buyers=buyers)


async def known_assignees(
    tx: Tx, segment_ids: Sequence[uuid.UUID], buyer_org_ids: Sequence[uuid.UUID]
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """The existing segments and buyer organisations among these ids (two queries for any number)."""
    segments = await repo.existing_segments(tx, sorted(set(segment_ids))) if segment_ids else set()
    return segments, await orgs.buyer_ids(tx, sorted(set(buyer_org_ids)))


async def _check_assignment(
    tx: Tx, kind: str, segment_id: uuid.UUID | None, buyer_org_id: uuid.UUID | None
) -> None:
    segments, buyers = await known_assignees(
        tx, [segment_id] if segment_id else [], [buyer_org_id] if buyer_org_id else []
    )
    problems = assignment_problems(kind, segment_id, buyer_org_id, segments=segments, buyers=buyers)
    if problems:
        first = problems[0]
        raise InvalidPricing(f"{first['field']}: {first['message']}", errors=problems)


def _list_columns(new: NewPriceList) -> dict[str, object]:
    return {
        "name": new.name,
        "kind": new.kind,
        "currency": new.currency,
        "valid_from": new.valid_from,
        "valid_to": new.valid_to,
        "priority": new.priority,
        "segment_id": new.segment_id,
        "buyer_org_id": new.buyer_org_id,
    }


async def create_price_list(db: Database, ctx: TenantContext, new: NewPriceList) -> PriceListOut:
    list_id = uuid.uuid4()
    async with tenant_transaction(db, ctx) as tx:
        await _check_assignment(tx, new.kind, new.segment_id, new.buyer_org_id)
        await repo.insert_price_list(tx, list_id, _list_columns(new))
        after = {"name": new.name, "kind": new.kind, "currency": new.currency}
        await _changed(tx, ctx, list_id, "created", label=new.name, after=after)
        return await _answer(tx, list_id)


async def get_price_list(db: Database, ctx: TenantContext, list_id: uuid.UUID) -> PriceListOut:
    async with tenant_transaction(db, ctx) as tx:
        if await repo.get_price_list(tx, list_id) is None:
            raise PriceListNotFound("no such price list")
        return await _answer(tx, list_id)


async def _answer(tx: Tx, list_id: uuid.UUID) -> PriceListOut:
    """The list as it is now in ``tx``, with its warnings (after a change)."""
    found = await repo.get_price_list(tx, list_id)
    assert found is not None
    return (await _with_warnings(tx, [found]))[0]


async def _with_warnings(tx: Tx, lists: list[PriceListOut]) -> list[PriceListOut]:
    """The lists with the reasons each can apply to nobody (see ``ListWarning``)."""
    if not lists:
        return lists
    warnings = await repo.list_warnings(
        tx,
        [pl.id for pl in lists],
        default_currency=await _default_currency(tx),
        today=datetime.now(UTC).date(),
    )
    return [msgspec.structs.replace(pl, warnings=warnings.get(pl.id, [])) for pl in lists]


async def list_price_lists(
    db: Database,
    ctx: TenantContext,
    *,
    kind: str | None = None,
    currency: str | None = None,
    buyer_org_id: uuid.UUID | None = None,
    sort: str = "name",
    limit: int = 50,
    offset: int = 0,
) -> PriceListPage:
    async with tenant_transaction(db, ctx) as tx:
        items, total = await repo.list_price_lists(
            tx, kind=kind, currency=currency, buyer_org_id=buyer_org_id, sort=sort, limit=limit, offset=offset
        )
        items = await _with_warnings(tx, items)
        default_currency = await _default_currency(tx)
    return PriceListPage(
        items=items, total=total, limit=limit, offset=offset, default_currency=default_currency
    )


async def update_price_list(
    db: Database, ctx: TenantContext, list_id: uuid.UUID, patch: PriceListPatch
) -> PriceListOut:
    fields: dict[str, Any] = {
        name: value
        for name in ("name", "valid_from", "valid_to", "priority", "segment_id", "buyer_org_id")
        if (value := getattr(patch, name)) is not None
    }
    for flag, column in ((patch.clear_valid_from, "valid_from"), (patch.clear_valid_to, "valid_to")):
        if flag:
            if column in fields:
                raise InvalidPricing(f"give {column} or clear_{column}, not both")
            fields[column] = None
    async with tenant_transaction(db, ctx) as tx:
        current = await repo.get_price_list(tx, list_id, lock=True)
        if current is None:
            raise PriceListNotFound("no such price list")
        valid_from = fields.get("valid_from", current.valid_from)
        valid_to = fields.get("valid_to", current.valid_to)
        if valid_from is not None and valid_to is not None and valid_from > valid_to:
            raise InvalidPricing(
                "valid_from is after valid_to", errors=[{"field": "valid_to", "message": ""}]
            )
        if "segment_id" in fields or "buyer_org_id" in fields:
            await _check_assignment(
                tx,
                current.kind,
                fields.get("segment_id", current.segment_id),
                fields.get("buyer_org_id", current.buyer_org_id),
            )
        if fields:
            await repo.update_price_list(tx, list_id, fields)
            before = {name: getattr(current, name) for name in fields}
            label = fields.get("name", current.name)
            await _changed(tx, ctx, list_id, "updated", label=label, before=before, after=fields)
        return await _answer(tx, list_id)


async def delete_price_list(db: Database, ctx: TenantContext, list_id: uuid.UUID) -> None:
    async with tenant_transaction(db, ctx) as tx:
        current = await repo.get_price_list(tx, list_id, lock=True)
        if current is None:
            raise PriceListNotFound("no such price list")
        await repo.delete_price_list(tx, list_id)
        await _changed(tx, ctx, list_id, "deleted", label=current.name, before={"name": current.name})


async def set_items(
    db: Database, ctx: TenantContext, list_id: uuid.UUID, body: PriceListItems
) -> PriceListOut:
    """Set the tiers of the SKUs named (others are left alone), all or nothing."""
    skus = [item.sku for item in body.items]
    async with tenant_transaction(db, ctx) as tx:
        current = await repo.get_price_list(tx, list_id, lock=True)
        if current is None:
            raise PriceListNotFound("no such price list")
        variants = await catalog.variant_ids(tx, sorted(set(skus)))
        errors = []
        seen: set[str] = set()
        for index, sku in enumerate(skus):
            if sku not in variants:
                errors.append({"field": f"items[{index}].sku", "message": "unknown SKU"})
            if sku in seen:
                errors.append({"field": f"items[{index}].sku", "message": "named twice"})
            seen.add(sku)
        if errors:
            raise InvalidPricing("some items cannot be applied", errors=errors)
        tier_variants: list[uuid.UUID] = []
        tier_min_qty: list[Decimal] = []
        tier_prices: list[Decimal] = []
        for item in body.items:
            for tier in item.tiers:
                tier_variants.append(variants[item.sku])
                tier_min_qty.append(tier.min_qty)
                tier_prices.append(tier.unit_price)
        await repo.replace_items(
            tx,
            list_id,
            set_variants=[variants[item.sku] for item in body.items if item.tiers],
            tier_variants=tier_variants,
            tier_min_qty=tier_min_qty,
            tier_prices=tier_prices,
            removed_variants=[variants[item.sku] for item in body.items if not item.tiers],
        )
        await repo.touch_price_list(tx, list_id)
        await _changed(tx, ctx, list_id, "items", label=current.name, after={"skus": skus})
        return await _answer(tx, list_id)


async def list_items(
    db: Database,
    ctx: TenantContext,
    list_id: uuid.UUID,
    *,
    sku: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[ItemOut]:
    async with tenant_transaction(db, ctx) as tx:
        if await repo.get_price_list(tx, list_id) is None:
            raise PriceListNotFound("no such price list")
        items, total = await repo.list_items(tx, list_id, sku=sku, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


async def create_segment(db: Database, ctx: TenantContext, new: NewSegment) -> SegmentOut:
    segment_id = uuid.uuid4()
    async with tenant_transaction(db, ctx) as tx:
        try:
            await repo.insert_segment(tx, segment_id, new.name)
        except asyncpg.UniqueViolationError as exc:
            raise SegmentNameTaken(f"a segment is named {new.name!r} already") from exc
        segment = await repo.get_segment(tx, segment_id)
    assert segment is not None
    return segment


async def list_segments(db: Database, ctx: TenantContext) -> list[SegmentOut]:
    async with tenant_transaction(db, ctx) as tx:
        return await repo.list_segments(tx)


async def set_segment_members(
    db: Database, ctx: TenantContext, segment_id: uuid.UUID, body: SegmentMembers
) -> SegmentOut:
    members = sorted(set(body.buyer_org_ids))
    async with tenant_transaction(db, ctx) as tx:
        if await repo.get_segment(tx, segment_id) is None:
            raise SegmentNotFound("no such segment")
        await _check_buyers(tx, members, "buyer_org_ids")
        await repo.set_segment_members(tx, segment_id, members)
        segment = await repo.get_segment(tx, segment_id)
    assert segment is not None
    return segment


async def delete_segment(db: Database, ctx: TenantContext, segment_id: uuid.UUID) -> None:
    async with tenant_transaction(db, ctx) as tx:
        if await repo.get_segment(tx, segment_id) is None:
            raise SegmentNotFound("no such segment")
        try:
            await repo.delete_segment(tx, segment_id)
        except asyncpg.ForeignKeyViolationError as exc:
            raise SegmentInUse("price lists use this segment; delete or reassign them first") from exc


async def put_terms(
    db: Database, ctx: TenantContext, buyer_org_id: uuid.UUID, body: CustomerTermsIn
) -> CustomerTermsOut:
    async with tenant_transaction(db, ctx) as tx:
        await _check_buyers(tx, [buyer_org_id], "buyer_org_id")
        terms = await repo.upsert_terms(
            tx, buyer_org_id, body.currency, body.payment_terms_days, body.credit_limit
        )
        after = msgspec.structs.asdict(body)
        await record_in(tx, ctx, "pricing.terms_set", "organisation", buyer_org_id, after=after)
        return terms


async def list_terms(
    db: Database, ctx: TenantContext, *, limit: int = 50, offset: int = 0
) -> tuple[list[CustomerTermsOut], int]:
    async with tenant_transaction(db, ctx) as tx:
        return await repo.list_terms(tx, limit=limit, offset=offset)


async def delete_terms(db: Database, ctx: TenantContext, buyer_org_id: uuid.UUID) -> None:
    async with tenant_transaction(db, ctx) as tx:
        if not await repo.delete_terms(tx, buyer_org_id):
            raise TermsNotFound("no terms for this buyer")
        await record_in(tx, ctx, "pricing.terms_deleted", "organisation", buyer_org_id)


async def resolve(db: Database, ctx: TenantContext, body: ResolveRequest) -> ResolveOut:
    """Price a list of lines for a buyer (the supplier's view; buyer routes reuse this)."""
    at = body.at or datetime.now(UTC).date()
    async with tenant_transaction(db, ctx) as tx:
        if body.buyer_org_id is not None:
            await _check_buyers(tx, [body.buyer_org_id], "buyer_org_id")
        lines = await resolve_prices(
            tx,
            buyer_org_id=body.buyer_org_id,
            lines=[(line.sku, line.quantity) for line in body.lines],
            currency=body.currency,
            at=at,
        )
    return _resolve_out(body.currency, at, body.buyer_org_id, lines)


def _resolve_out(currency: str, at: date, buyer: uuid.UUID | None, lines: list[ResolvedLine]) -> ResolveOut:
    priced = [line.line_total for line in lines if line.line_total is not None]
    return ResolveOut(
        currency=currency,
        at=at,
        buyer_org_id=buyer,
        lines=lines,
        priced_total=sum(priced, Decimal(0)),
        unpriced_lines=len(lines) - len(priced),
    )


async def preview(
    db: Database,
    ctx: TenantContext,
    buyer_org_id: uuid.UUID,
    *,
    sku: str | None = None,
    at: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> PreviewPage:
    """The catalog's variants (a page, by SKU) priced as this buyer gets them."""
    async with tenant_transaction(db, ctx) as tx:
        await _check_buyers(tx, [buyer_org_id], "buyer_org_id")
        variants, total = await catalog.variants_page(tx, sku=sku, limit=limit, offset=offset)
        prices = await price_variants(tx, buyer_org_id, variants, at=at)
        names = await repo.price_list_names(
            tx, sorted({line.price_list_id for line in prices.lines.values() if line.price_list_id})
        )
    items = []
    for v in variants:
        line = prices.lines[v["id"]]
        items.append(
            PreviewLine(
                sku=v["sku"],
                variant_id=v["id"],
                product_name=v["product_name"],
                variant_name=v["name"],
                quantity=line.quantity,
                unit_price=line.unit_price,
                price_list_id=line.price_list_id,
                price_list_name=names.get(line.price_list_id) if line.price_list_id else None,
                price_list_kind=line.price_list_kind,
                tier_min_qty=line.tier_min_qty,
                next_tier_min_qty=line.next_tier_min_qty,
                next_tier_unit_price=line.next_tier_unit_price,
                reason=line.reason,
                other_currencies=prices.other_currencies.get(v["id"], []),
            )
        )
    return PreviewPage(
        buyer_org_id=buyer_org_id,
        currency=prices.currency,
        currency_source=prices.currency_source,
        at=prices.at,
        items=items,
        total=total,
        limit=limit,
        offset=offset,
    )


# -- bulk work of other domains (imports) on the caller's transaction, set-based ------------------


async def lists_by_name(tx: Tx, names: list[str]) -> dict[str, list[asyncpg.Record]]:
    """The lists with these names, locked, by name; the names are locked too (advisory, in order),
    so two imports creating a list of the same name run one after the other."""
    await repo.lock_list_names(tx, names)
    return await repo.lists_by_name(tx, names)


async def create_lists(tx: Tx, tenant_id: uuid.UUID, lists: dict[uuid.UUID, NewPriceList]) -> None:
    """Insert these lists (checked by the caller with ``assignment_problems``) and tell the caches."""
    for list_id, new in lists.items():
        await repo.insert_price_list(tx, list_id, _list_columns(new))
        await emit(
            tx,
            PRICE_LIST_CHANGED,
            tenant_id=tenant_id,
            payload={"price_list_id": list_id, "change": "created"},
        )


async def create_contract_list(
    tx: Tx,
    tenant_id: uuid.UUID,
    *,
    buyer_org_id: uuid.UUID,
    name: str,
    currency: str,
    valid_to: date | None,
    items: list[tuple[uuid.UUID, dict[Decimal, Decimal]]],
) -> uuid.UUID:
    """A price list of kind ``contract`` for one buyer with its items and tiers
    (``min_qty -> unit_price`` per variant), on the caller's transaction in the supplier's
    schema (an RFQ award's contract step). Returns its id. Its priority is above the buyer's
    other customer and contract lists: the prices just agreed win over older ones."""
    list_id = uuid.uuid4()
    top = await repo.top_buyer_priority(tx, buyer_org_id)
    new = NewPriceList(
        name=name,
        kind="contract",
        currency=currency,
        valid_to=valid_to,
        priority=0 if top is None else min(top + 1, MAX_PRIORITY),
        buyer_org_id=buyer_org_id,
    )
    await create_lists(tx, tenant_id, {list_id: new})
    await write_tiers(tx, tenant_id, list_id, items)
    return list_id


async def tiers_for(tx: Tx, list_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], set[Any]]:
    """The normalized (min_qty, unit_price) tiers by (list id, variant id)."""
    return await repo.tiers_for(tx, list_ids)


async def write_tiers(
    tx: Tx, tenant_id: uuid.UUID, list_id: uuid.UUID, items: list[tuple[uuid.UUID, dict[Decimal, Decimal]]]
) -> None:
    """Replace the tiers ``min_qty -> unit_price`` of these variants in the list (set-based)."""
    await repo.replace_items(
        tx,
        list_id,
        set_variants=[v for v, _ in items],
        tier_variants=[v for v, tiers in items for _ in tiers],
        tier_min_qty=[q for _, tiers in items for q in tiers],
        tier_prices=[p for _, tiers in items for p in tiers.values()],
        removed_variants=[],
    )
    await repo.touch_price_list(tx, list_id)
    await emit(
        tx, PRICE_LIST_CHANGED, tenant_id=tenant_id, payload={"price_list_id": list_id, "change": "items"}
    )


async def export_rows(tx: Tx) -> list[dict[str, Any]]:
    """Every tier with its list's columns and the variant's SKU (import column names), ordered by
    list name, list, SKU and quantity."""
    tiers = await repo.export_tiers(tx)
    skus = await catalog.variant_skus(tx, sorted({row["variant_id"] for row in tiers}))
    rank = {variant_id: index for index, variant_id in enumerate(skus)}  # in the database's SKU order
    rows = [{**dict(row), "sku": skus[row["variant_id"]]} for row in tiers]
    # the tiers come by list name, list and min_qty: a stable sort by (list, SKU) keeps that
    position = {row["price_list_id"]: index for index, row in reversed(list(enumerate(tiers)))}
    return sorted(rows, key=lambda row: (position[row["price_list_id"]], rank[row["variant_id"]]))


# -- the supplier's customers (composed by the customers domain) -----------------------------------


async def referenced_buyers(tx: Tx, among: list[uuid.UUID] | None = None) -> set[uuid.UUID]:
    """Buyer ids pricing names (terms, segment members, customer/contract lists); ``among``: only those."""
    return await repo.referenced_buyers(tx, among)


async def customer_figures(tx: Tx, buyer_org_ids: list[uuid.UUID]) -> dict[uuid.UUID, asyncpg.Record]:
    """Per buyer, one query for a page: payment_terms_days, credit_limit, currency (NULL without
    terms), segments (names) and price_list_count."""
    return await repo.customer_figures(tx, buyer_org_ids)


async def tiers_of(
    tx: Tx, pairs: list[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], list[tuple[Decimal, Decimal]]]:
    """The tiers (min_qty, unit_price), ascending, of these (price list, variant) items: one query."""
    return await repo.tiers_of(tx, pairs)


async def base_prices(
    tx: Tx, variants: Sequence[asyncpg.Record]
) -> tuple[str, dict[uuid.UUID, Decimal | None]]:
    """What anyone sees (search's documents): each variant's base-list price at its smallest
    orderable quantity, in the supplier's default currency; one query per 10,000 variants."""
    currency, _ = await trading_currency(tx, None)
    at = datetime.now(UTC).date()
    found: dict[uuid.UUID, Decimal | None] = {}
    for start in range(0, len(variants), MAX_LINES):
        chunk = variants[start : start + MAX_LINES]
        lines = [
            (v["sku"], order_quantity(v["min_order_qty"], v["order_increment"], v["pack_size"]))
            for v in chunk
        ]
        resolved = await resolve_prices(tx, buyer_org_id=None, lines=lines, currency=currency, at=at)
        found.update({v["id"]: line.unit_price for v, line in zip(chunk, resolved, strict=True)})
    return currency, found
