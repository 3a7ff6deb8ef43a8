"""Cart rules (docs/ordering.md): a cart per user per buyer company, SKU and quantity
per supplier, at most ``MAX_LINES`` lines, priced live on every read (``price_lines``).
The functions taking ``tx`` take the caller's transaction: checkout, requisition lists
and reorder compose them with their own work; the others are the API's."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from hansa.core.db import Tx
from hansa.core.errors import Forbidden, ValidationFailed
from hansa.core.resources import Resources
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.cart import paste, quick
from hansa.marketplace.cart import repository as repo
from hansa.marketplace.cart.errors import (
    AmbiguousSku,
    CartLineNotFound,
    InvalidCartLine,
    InvalidPreferredSuppliers,
    InvalidQuickOrder,
    NotABuyer,
    UnreadableFile,
)
from hansa.marketplace.cart.priced import price_lines as price_lines  # re-exported
from hansa.marketplace.cart.priced import price_supplier_lines as price_supplier_lines  # re-exported
from hansa.marketplace.cart.priced import valid_quantity as valid_quantity  # re-exported
from hansa.marketplace.cart.quick import QuickRow
from hansa.marketplace.cart.schemas import (
    CartAddition,
    CartCount,
    CartLineIn,
    CartLinePatch,
    CartLineRow,
    CartLinesIn,
    CartOut,
    CurrencyTotal,
    PreferredSupplierOut,
    PreferredSuppliersIn,
    QuickOrderAdded,
    QuickOrderIn,
    QuickOrderReport,
    QuickRowOut,
    SupplierGroup,
)
from hansa.marketplace.imports.parsing import FileUnreadable

MAX_LINES = 10_000


async def lines_of(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID) -> list[CartLineRow]:
    """The user's cart in this company, oldest line first."""
    return await repo.lines_of(tx, org_id, user_id)


async def add_lines(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, lines: Sequence[CartAddition]) -> None:
    """Add the lines (quantities of a SKU already there add up); refuse a cart that would
    pass ``MAX_LINES`` lines. The caller checked the SKUs against the suppliers' catalogs."""
    if not lines:
        return
    merged: dict[tuple[uuid.UUID, str], CartAddition] = {}
    for line in lines:
        key = (line.tenant_id, line.sku)
        before = merged.get(key)
        merged[key] = (
            line
            if before is None
            else CartAddition(line.tenant_id, line.sku, before.quantity + line.quantity)
        )
    if await repo.count_lines(tx, org_id, user_id) + len(merged) > MAX_LINES:
        raise ValidationFailed(f"a cart holds at most {MAX_LINES} lines", code="cart.too_many_lines")
    await repo.add_lines(tx, org_id, user_id, list(merged.values()))


async def remove_lines(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, line_ids: Sequence[uuid.UUID]) -> int:
    """Remove these lines of the user's cart (ids of others are ignored); how many went."""
    return await repo.remove_lines(tx, org_id, user_id, line_ids)


async def clear(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID) -> int:
    return await repo.clear(tx, org_id, user_id)


# -- the API: the caller's own cart in its buyer company ----------------------------------------------


def _buyer(ctx: OrgContext) -> uuid.UUID:
    """The signed-in user acting for a buyer company: carts are a person's, not an API key's."""
    if ctx.org.kind != "buyer":
        raise NotABuyer("only buyer companies have carts")
    if ctx.principal.user_id is None:
        raise Forbidden("only a signed-in person has a cart, not an API key", code="auth.user_required")
    return ctx.principal.user_id


def _line_owner(ctx: OrgContext) -> uuid.UUID:
    """The user whose cart line a path names: an API key has no cart, so no such line."""
    if ctx.org.kind == "buyer" and ctx.principal.user_id is None:
        raise CartLineNotFound("no such cart line")
    return _buyer(ctx)


def _totals(groups: list[SupplierGroup]) -> list[CurrencyTotal]:
    totals: dict[str, Decimal] = {}
    for group in groups:
        if group.currency is not None:
            totals[group.currency] = totals.get(group.currency, Decimal(0)) + group.subtotal
    return [CurrencyTotal(currency=c, amount=a) for c, a in sorted(totals.items())]


async def _priced_cart(res: Resources, org_id: uuid.UUID, user_id: uuid.UUID) -> CartOut:
    async with res.db.transaction() as tx:
        lines = await repo.lines_of(tx, org_id, user_id)
    groups = await price_lines(
        res,
        org_id,
        [(line.tenant_id, line.sku, line.quantity) for line in lines],
        line_ids=[line.id for line in lines],
    )
    return CartOut(groups=groups, totals=_totals(groups), line_count=len(lines))


async def get_cart(res: Resources, ctx: OrgContext) -> CartOut:
    return await _priced_cart(res, ctx.org.id, _buyer(ctx))


async def cart_count(res: Resources, ctx: OrgContext) -> CartCount:
    user_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        return CartCount(line_count=await repo.count_lines(tx, ctx.org.id, user_id))


def _check_quantity(quantity: Decimal, field: str) -> None:
    if not quantity.is_finite() or not 0 < quantity < paste.MAX_QUANTITY:
        raise InvalidCartLine(
            "a quantity is a positive number below 10^12",
            errors=[{"field": field, "message": "must be > 0 and < 1000000000000"}],
        )


def _line_problem(index: int, line: CartLineIn, row: QuickRowOut) -> Exception:
    """Why a line cannot go in the cart: its SKU nowhere to be ordered, or several suppliers."""
    if row.status == "ambiguous":
        return AmbiguousSku(
            f"{line.sku} is sold by several suppliers: choose one",
            errors=[
                {
                    "field": f"lines[{index}].supplier",
                    "message": "choose a supplier",
                    "candidates": [c.supplier.slug for c in row.candidates],
                }
            ],
        )
    field = "supplier" if row.reason == "unknown_supplier" else "sku"
    return InvalidCartLine(
        f"{line.sku} cannot be ordered: {row.reason}",
        errors=[{"field": f"lines[{index}].{field}", "message": str(row.reason)}],
    )


async def add_to_cart(res: Resources, ctx: OrgContext, data: CartLinesIn) -> CartOut:
    """Lines by supplier + SKU, or by SKU alone (the one supplier selling it, else the preferred
    one). A quantity breaking the supplier's rules is kept: the cart shows the problem and a
    suggested quantity. Nothing is added unless every line is known."""
    user_id = _buyer(ctx)
    for index, line in enumerate(data.lines):
        _check_quantity(line.quantity, f"lines[{index}].quantity")
    rows = [
        QuickRow(paste.ParsedRow(i + 1, line.sku, str(line.quantity), line.quantity), line.supplier)
        for i, line in enumerate(data.lines)
    ]
    report = await quick.resolve(res, ctx.org.id, rows)
    additions = []
    for index, (line, row) in enumerate(zip(data.lines, report.rows, strict=True)):
        if row.supplier is None:  # ambiguous, or no supplier sells it (a rule problem has one)
            raise _line_problem(index, line, row)
        if row.reason in ("unknown_sku", "not_visible"):
            raise _line_problem(index, line, row)
        additions.append(CartAddition(row.supplier.id, line.sku, line.quantity))
    async with res.db.transaction() as tx:
        await add_lines(tx, ctx.org.id, user_id, additions)
    return await _priced_cart(res, ctx.org.id, user_id)


async def change_quantity(
    res: Resources, ctx: OrgContext, line_id: uuid.UUID, patch: CartLinePatch
) -> CartOut:
    user_id = _line_owner(ctx)
    _check_quantity(patch.quantity, "quantity")
    async with res.db.transaction() as tx:
        if not await repo.set_quantity(tx, ctx.org.id, user_id, line_id, patch.quantity):
            raise CartLineNotFound("no such cart line")
    return await _priced_cart(res, ctx.org.id, user_id)


async def remove_line(res: Resources, ctx: OrgContext, line_id: uuid.UUID) -> None:
    user_id = _line_owner(ctx)
    async with res.db.transaction() as tx:
        if not await repo.remove_lines(tx, ctx.org.id, user_id, [line_id]):
            raise CartLineNotFound("no such cart line")


async def empty_cart(res: Resources, ctx: OrgContext) -> None:
    user_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        await repo.clear(tx, ctx.org.id, user_id)


# -- preferred suppliers --------------------------------------------------------------------------------


async def _preferred(tx: Tx, org_id: uuid.UUID) -> list[PreferredSupplierOut]:
    ids = await repo.preferred_tenant_ids(tx, org_id)
    known = {s.id: s for s in await quick.orderable_suppliers(tx)}
    # a preferred supplier no longer orderable is kept (it may come back) but not shown
    return [
        PreferredSupplierOut(position=position, supplier=known[tenant_id])
        for position, tenant_id in enumerate(ids, start=1)
        if tenant_id in known
    ]


async def preferred_suppliers(res: Resources, ctx: OrgContext) -> list[PreferredSupplierOut]:
    if ctx.org.kind != "buyer":
        raise NotABuyer("only buyer companies have preferred suppliers")
    async with res.db.transaction() as tx:
        return await _preferred(tx, ctx.org.id)


async def set_preferred_suppliers(
    res: Resources, ctx: OrgContext, data: PreferredSuppliersIn
) -> list[PreferredSupplierOut]:
    """Replace the list (slugs, most preferred first): each an orderable supplier, once."""
    if ctx.org.kind != "buyer":
        raise NotABuyer("only buyer companies have preferred suppliers")
    async with res.db.transaction() as tx:
        by_slug = {s.slug: s for s in await quick.orderable_suppliers(tx)}
        errors = []
        for index, slug in enumerate(data.suppliers):
            if slug not in by_slug:
                errors.append({"field": f"suppliers[{index}]", "message": "no such supplier"})
            elif slug in data.suppliers[:index]:
                errors.append({"field": f"suppliers[{index}]", "message": "listed twice"})
        if errors:
            raise InvalidPreferredSuppliers("not a list of suppliers you can order from", errors=errors)
        await repo.replace_preferred(tx, ctx.org.id, [by_slug[slug].id for slug in data.suppliers])
        return await _preferred(tx, ctx.org.id)


# -- quick order ------------------------------------------------------------------------------------------


async def _rows_of(data: QuickOrderIn) -> list[QuickRow]:
    if (data.rows is None) == (data.text is None):
        raise InvalidQuickOrder(
            "give typed rows or a pasted text",
            errors=[{"field": "rows", "message": "give rows or text, not both (nor neither)"}],
        )
    if data.text is not None:
        try:  # 10,000 lines: split off the event loop
            parsed = await asyncio.to_thread(paste.parse_text, data.text)
        except paste.TooManyRows as exc:
            raise InvalidQuickOrder(str(exc), errors=[{"field": "text", "message": str(exc)}]) from exc
        return [QuickRow(row) for row in parsed]
    rows = data.rows or []
    return [QuickRow(paste.row_of(i + 1, row.sku, row.quantity), row.supplier) for i, row in enumerate(rows)]


async def resolve_quick_order(res: Resources, ctx: OrgContext, data: QuickOrderIn) -> QuickOrderReport:
    _buyer(ctx)
    return await quick.resolve(res, ctx.org.id, await _rows_of(data))


FileFormat = Literal["csv", "xlsx"]
MAX_FILE_BYTES = 8 * 1024 * 1024


def file_format(filename: str | None) -> FileFormat:
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise UnreadableFile(
        "upload a .csv or .xlsx file", errors=[{"field": "file", "message": "a .csv or .xlsx file"}]
    )


async def resolve_quick_order_file(
    res: Resources, ctx: OrgContext, content: bytes, filename: str | None
) -> QuickOrderReport:
    """A CSV/XLSX with ``sku`` and ``qty`` columns, read off the event loop with the
    imports' bounded reader."""
    _buyer(ctx)
    fmt = file_format(filename)
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(
            "the file is larger than 8 MB", errors=[{"field": "file", "message": "at most 8 MB"}]
        )
    try:
        parsed = await asyncio.to_thread(paste.parse_file, content, fmt)
    except FileUnreadable as exc:
        raise UnreadableFile(str(exc), errors=[{"field": "file", "message": str(exc)}]) from exc
    return await quick.resolve(res, ctx.org.id, [QuickRow(row) for row in parsed])


async def add_quick_order(res: Resources, ctx: OrgContext, data: QuickOrderIn) -> QuickOrderAdded:
    """Resolve the rows, then put the accepted ones in the cart (one statement)."""
    user_id = _buyer(ctx)
    report = await quick.resolve(res, ctx.org.id, await _rows_of(data))
    additions = [
        CartAddition(row.supplier.id, row.sku, row.quantity)
        for row in report.rows
        if row.status == "accepted" and row.supplier is not None and row.quantity is not None
    ]
    async with res.db.transaction() as tx:
        await add_lines(tx, ctx.org.id, user_id, additions)
        count = await repo.count_lines(tx, ctx.org.id, user_id)
    return QuickOrderAdded(report=report, added=len(additions), line_count=count)


async def suppliers_for_skus(
    res: Resources, org_id: uuid.UUID, lines: Sequence[tuple[str, Decimal]]
) -> list[list[uuid.UUID]]:
    """For lines given by SKU alone (requisition lists): per line, the supplier the cart would
    take (the one selling it, else the company's first preferred one) as a list of one, every
    candidate when it stays ambiguous, or none when no supplier the buyer may order from sells it."""
    rows = [QuickRow(paste.ParsedRow(i + 1, sku, str(qty), qty)) for i, (sku, qty) in enumerate(lines)]
    report = await quick.resolve(res, org_id, rows)
    return [
        [c.supplier.id for c in row.candidates]
        if row.supplier is None
        else ([] if row.reason in ("unknown_sku", "not_visible") else [row.supplier.id])
        for row in report.rows
    ]
