"""The checks of a request's fields and lines, each problem naming its field
(``lines[3].quantity``): run before the transaction that writes, through the owners'
services (marketplaces for categories and listings, catalog in each supplier's schema)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hansa.core.db import Database, Tx
from hansa.core.tenancy import TenantContext, schema_for, tenant_transaction
from hansa.marketplace.buyers import service as buyers
from hansa.marketplace.buyers.errors import LocationNotFound
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.marketplaces.schemas import CategoryTree
from hansa.marketplace.pricing.currency import is_currency
from hansa.rfq.requests.schemas import MAX_LINES, MAX_QUANTITY, NewRfqLine
from hansa.tenants.service import tenants_by_id

MAX_DEADLINE = timedelta(days=365)
MAX_PRICE = Decimal("1e12")
FieldError = dict[str, str]


@dataclass
class Problems:
    errors: list[FieldError] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.errors.append({"field": name, "message": message})


def check_header(
    problems: Problems,
    *,
    title: str | None,
    currency: str | None,
    deadline: datetime | None,
    payment_terms_days: int | None,
    delivery_date: date | None,
    now: datetime | None = None,
) -> None:
    now = now or datetime.now(UTC)
    if title is not None and not title.strip():
        problems.add("title", "give a title")
    if currency is not None and not is_currency(currency):
        problems.add("currency", "not a currency the platform supports (ISO 4217)")
    if deadline is not None:
        check_deadline(problems, deadline, now)
    if payment_terms_days is not None and not 0 <= payment_terms_days <= 365:
        problems.add("payment_terms_days", "0 to 365 days")
    if delivery_date is not None and delivery_date < now.date():
        problems.add("delivery_date", "in the past")


def check_deadline(problems: Problems, deadline: datetime, now: datetime, name: str = "deadline") -> None:
    if deadline.tzinfo is None:
        problems.add(name, "give a time zone (e.g. 2026-12-01T17:00:00Z)")
    elif deadline <= now:
        problems.add(name, "must be in the future")
    elif deadline > now + MAX_DEADLINE:
        problems.add(name, "at most 365 days away")


async def check_location(
    tx: Tx, problems: Problems, org_id: uuid.UUID, location_id: uuid.UUID | None
) -> None:
    if location_id is None:
        return
    try:
        await buyers.location_snapshot(tx, org_id, location_id)
    except LocationNotFound:
        problems.add("delivery_location_id", "no such location in this company")
        return
    if not await buyers.location_serves(tx, org_id, location_id, "ship_to"):
        problems.add("delivery_location_id", "this location is not a ship-to address")


def _number_problem(value: Decimal, *, positive: bool) -> str | None:
    if not value.is_finite():
        return "must be a number"
    if positive and value <= 0:
        return "must be above 0"
    if value < 0:
        return "must not be negative"
    if value >= (MAX_QUANTITY if positive else MAX_PRICE):
        return "too large"
    if -value.as_tuple().exponent > 6:  # type: ignore[operator]
        return "at most 6 decimal places"
    return None


@dataclass
class Market:
    """The RFQ's marketplace: its categories and the suppliers approved on it (active)."""

    id: uuid.UUID
    tree: CategoryTree
    suppliers: dict[uuid.UUID, Any]  # tenant id -> TenantOut

    @property
    def category_ids(self) -> set[uuid.UUID]:
        return {category.id for category in self.tree.categories}

    def descendants(self, roots: list[uuid.UUID]) -> set[uuid.UUID]:
        found = set(roots)
        for category in self.tree.categories:  # depth-first: a parent comes before its children
            if category.parent_id in found:
                found.add(category.id)
        return found


async def market(tx: Tx, marketplace_id: uuid.UUID) -> Market:
    marketplace = await marketplaces.marketplace_by_id(tx, marketplace_id)
    tree = await marketplaces.tree_of(tx, marketplace)
    approved = await marketplaces.approved_tenant_ids(tx, marketplace_id)
    tenants = await tenants_by_id(tx, approved)
    return Market(marketplace_id, tree, {t.id: t for t in tenants.values() if t.status == "active"})


async def checked_lines(
    db: Database,
    problems: Problems,
    where: Market,
    lines: list[NewRfqLine],
    existing: frozenset[uuid.UUID] = frozenset(),
) -> list[dict[str, Any]]:
    """The lines as rows to write (positions from 1; a line naming one of ``existing`` keeps
    its id, the others get new ones); problems named per line."""
    if len(lines) > MAX_LINES:
        problems.add("lines", f"at most {MAX_LINES} lines")
        return []
    for index, line in enumerate(lines):
        if line.id is not None and line.id not in existing:
            problems.add(f"lines[{index}].id", "not a line of this RFQ")
        elif line.id is not None and line.id in [other.id for other in lines[:index]]:
            problems.add(f"lines[{index}].id", "named twice")
    async with db.transaction() as tx:
        rows = [await _line_row(tx, problems, where, index, line) for index, line in enumerate(lines)]
    await _check_skus(db, problems, lines, rows)
    return rows


async def _line_row(
    tx: Tx, problems: Problems, where: Market, index: int, line: NewRfqLine
) -> dict[str, Any]:
    name = f"lines[{index}]"
    for attr, positive in (("quantity", True), ("target_price", False)):
        value = getattr(line, attr)
        problem = None if value is None else _number_problem(value, positive=positive)
        if problem:
            problems.add(f"{name}.{attr}", problem)
    description = (line.description or "").strip()
    if line.kind == "text" and not description:
        problems.add(f"{name}.description", "describe what you need")
    if line.kind == "sku":
        if line.tenant_id is None:
            problems.add(f"{name}.tenant_id", "whose SKU: give the supplier")
        elif line.tenant_id not in where.suppliers:
            problems.add(f"{name}.tenant_id", "not a supplier approved on this marketplace")
        if not line.sku:
            problems.add(f"{name}.sku", "give the SKU")
    if line.kind == "category":
        await _check_category(tx, problems, where, name, line)
    if not line.unit.strip():
        problems.add(f"{name}.unit", "give a unit")
    return {
        "id": line.id or uuid.uuid4(),
        "position": index + 1,
        "kind": line.kind,
        "tenant_id": line.tenant_id if line.kind == "sku" else None,
        "sku": line.sku if line.kind == "sku" else None,
        "category_id": line.category_id if line.kind == "category" else None,
        "attributes": line.attributes if line.kind == "category" else {},
        "description": description,
        "unit": line.unit.strip(),
        "quantity": line.quantity,
        "target_price": line.target_price,
        "target_visible": line.target_visible,
        "note": line.note,
    }


async def _check_category(tx: Tx, problems: Problems, where: Market, name: str, line: NewRfqLine) -> None:
    if line.category_id is None:
        problems.add(f"{name}.category_id", "give a category")
        return
    if line.category_id not in where.category_ids:
        problems.add(f"{name}.category_id", "not a category of this marketplace")
        return
    schema = await marketplaces.effective_schema(tx, line.category_id) or []
    # a request asks for some attributes: the category's required ones are not required here
    given = dict(line.attributes)
    for error in marketplaces.check_attributes(schema, given):
        if error["message"] == "required" and error["field"].removeprefix("attributes.") not in given:
            continue
        problems.add(f"{name}.{error['field']}", error["message"])


async def _check_skus(
    db: Database, problems: Problems, lines: list[NewRfqLine], rows: list[dict[str, Any]]
) -> None:
    """Each supplier's SKUs, published and active, in one transaction of its schema; a line
    without a description takes the product's name."""
    by_supplier: dict[uuid.UUID, list[int]] = {}
    for index, line in enumerate(lines):
        if line.kind == "sku" and line.tenant_id is not None and line.sku:
            by_supplier.setdefault(line.tenant_id, []).append(index)
    if any(e["field"].endswith(".tenant_id") for e in problems.errors):
        return
    for tenant_id, indexes in by_supplier.items():
        async with tenant_transaction(db, TenantContext(tenant_id, schema_for(tenant_id))) as tx:
            ids = await catalog.variant_ids(tx, [lines[i].sku or "" for i in indexes])
            sellable = await catalog.sellable_variants(tx, variant_ids=list(ids.values()), limit=len(ids) + 1)
        names = {row["sku"]: row["name"] for row in sellable}
        for index in indexes:
            sku = lines[index].sku or ""
            if sku not in names:
                problems.add(f"lines[{index}].sku", "not a published product of this supplier")
            elif not rows[index]["description"]:
                rows[index]["description"] = str(names[sku])[:2000]
