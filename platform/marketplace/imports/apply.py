"""The apply step of a file import and of the JSON bulk API: one function per kind.

``apply_rows`` validates the rows against the database, then upserts by natural key
(SKU; SKU + location; list name + SKU), leaves identical rows alone and counts them
as ``unchanged``, all inside the caller's transaction. Any error raises
``RowsRejected`` before anything is written, so the caller's transaction rolls back.
What a file names but the tenant lacks is created in the same transaction: products,
inventory locations (given ``location_name``) and price lists (given ``list_kind``
and ``currency``). ``ApplyProgress`` reports how many rows are applied so far.

Imports owns none of these tables: it plans (what exists, what changes, what is wrong)
and hands each part to its owner on the open transaction, set-based (catalog's and
pricing's bulk service functions); a new list is checked with pricing's own rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import asyncpg

from hansa.core.db import Tx
from hansa.core.tenancy import TenantContext
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.schemas import NewProduct, NewVariant
from hansa.marketplace.imports.attributes import (
    AttributeCells,
    Schema,
    load_schemas,
    merge_cells,
    schema_errors,
)
from hansa.marketplace.imports.errors import RowsRejected
from hansa.marketplace.imports.parsing import Separator
from hansa.marketplace.imports.schemas import LIST_COLUMNS, ApplySummary, PriceRow
from hansa.marketplace.marketplaces.service import check_attributes
from hansa.marketplace.pricing import service as pricing
from hansa.marketplace.pricing.schemas import NewPriceList

Error = dict[str, Any]
Numbered = list[tuple[int, Any]]  # (row number or item index, row struct)


def err(row: int | None, column: str | None, message: str) -> Error:
    return {"row": row, "column": column, "message": message}


class ApplyProgress:
    """Counts applied rows and hands the count to ``report`` every ``every`` rows and at the end."""

    def __init__(
        self, total: int = 0, every: int = 1000, report: Callable[[int], Awaitable[None]] | None = None
    ) -> None:
        self.total, self.every, self.report = total, every, report
        self.done = 0
        self._reported = 0

    async def advance(self, rows: int) -> None:
        self.done = min(self.total, self.done + rows)
        due = self.done - self._reported >= self.every or (self.done == self.total > self._reported)
        if self.report is not None and due:
            self._reported = self.done
            await self.report(self.done)


async def apply_rows(
    tx: Tx,
    ctx: TenantContext,
    kind: str,
    rows: Numbered,
    *,
    attribute_cells: AttributeCells | None = None,
    progress: ApplyProgress | None = None,
    check_only: bool = False,
    separator: Separator = ".",
) -> ApplySummary:
    """Check the rows against the data and apply them; ``check_only``: raise ``RowsRejected``
    with the errors (possibly none) before anything is written."""
    progress = progress or ApplyProgress(len(rows))
    if kind == "products":
        return await apply_variants(tx, ctx, rows, attribute_cells or {}, progress, check_only, separator)
    if kind == "inventory":
        return await apply_inventory(tx, ctx, rows, progress, check_only)
    return await apply_prices(tx, ctx, rows, progress, check_only)


def _reject_or_go(errors: list[Error], check_only: bool) -> None:
    if errors or check_only:
        raise RowsRejected(sorted(errors, key=lambda e: (e["row"] or 0, e["column"] or "")))


# -- products and variants ---------------------------------------------------------------------

_PRODUCT_FIELDS = {
    "product_name": "name",
    "description": "description",
    "unit_of_measure": "unit_of_measure",
    "product_status": "status",
    "category_id": "category_id",
}
_VARIANT_FIELDS = {
    "variant_name": "name",
    "attributes": "attributes",
    "pack_size": "pack_size",
    "min_order_qty": "min_order_qty",
    "order_increment": "order_increment",
    "lead_time_days": "lead_time_days",
    "variant_status": "status",
    "gtin": "gtin",
    "mpn": "mpn",
    "manufacturer": "manufacturer",
}


def _same(current: Any, new: Any) -> bool:
    return bool(current == new)


@dataclass
class ProductPlan:
    """One product of the file: its rows, the product columns they give, what exists."""

    ref: str
    members: Numbered
    fields: dict[str, Any]
    product_id: uuid.UUID | None  # None: a new product
    current: asyncpg.Record | None  # a row of the product's existing variants (its product columns)

    @property
    def category_id(self) -> uuid.UUID | None:
        if "category_id" in self.fields:
            return uuid.UUID(str(self.fields["category_id"]))
        return self.current["category_id"] if self.current is not None else None

    @property
    def moves_category(self) -> bool:
        return (
            self.current is not None
            and "category_id" in self.fields
            and self.fields["category_id"] != self.current["category_id"]
        )


def _duplicate_skus(rows: Numbered) -> list[Error]:
    errors: list[Error] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        if row.sku in first_row:
            errors.append(err(number, "sku", f"the SKU is already on row {first_row[row.sku]}"))
        else:
            first_row[row.sku] = number
    return errors


def _plan_products(
    rows: Numbered, existing: dict[str, asyncpg.Record]
) -> tuple[list[ProductPlan], list[Error]]:
    """Group the rows into products (by product_ref, default: the SKU itself)."""
    groups: dict[str, Numbered] = {}
    for number, row in rows:
        groups.setdefault(row.product_ref or row.sku, []).append((number, row))
    errors: list[Error] = []
    plans: list[ProductPlan] = []
    for ref, members in groups.items():
        known = [existing[r.sku] for _, r in members if r.sku in existing]
        if ref in existing:
            known.append(existing[ref])
        if len({k["product_id"] for k in known}) > 1:
            errors += [
                err(n, "product_ref", "groups SKUs of different existing products") for n, _ in members
            ]
            continue
        fields: dict[str, Any] = {}
        for number, row in members:
            for column in _PRODUCT_FIELDS:
                value = getattr(row, column)
                if value is None:
                    continue
                if column in fields and fields[column] != value:
                    errors.append(err(number, column, f"differs from another row of product {ref!r}"))
                fields.setdefault(column, value)
        current = known[0] if known else None
        if current is None and "product_name" not in fields:
            errors += [err(n, "product_name", "required for a new product") for n, _ in members]
        plans.append(ProductPlan(ref, members, fields, current["product_id"] if current else None, current))
    return plans, errors


@dataclass
class AttributePlan:
    """The attributes each row writes (row number -> object; absent: keep) and the errors."""

    values: dict[int, dict[str, Any]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)


def _plan_row_attributes(
    plan: ProductPlan,
    schema: Schema | None,
    existing: dict[str, asyncpg.Record],
    cells: AttributeCells,
    out: AttributePlan,
    separator: Separator,
) -> None:
    for number, row in plan.members:
        found = existing.get(row.sku)
        row_cells = cells.get(number, {})
        touched = row.attributes is not None or bool(row_cells)
        if row.attributes is not None:
            base = dict(row.attributes)
        else:
            base = dict(found["attributes"]) if found is not None else {}
        merged, problems = merge_cells(base, row_cells, schema, separator)
        if touched:
            out.values[number] = merged
        if schema is not None and (found is None or touched or plan.moves_category):
            # a cell that could not be typed keeps its own message; the others are checked too
            for column, message in schema_errors(
                schema, merged, row_cells, row.attributes is not None
            ).items():
                problems.setdefault(column, message)
        out.errors += [err(number, column, message) for column, message in sorted(problems.items())]


async def _plan_attributes(
    tx: Tx,
    plans: list[ProductPlan],
    existing: dict[str, asyncpg.Record],
    cells: AttributeCells,
    separator: Separator,
) -> AttributePlan:
    """Every row's attributes against its product's category schema (schemas loaded once)."""
    out = AttributePlan()
    schemas = await load_schemas(tx, {p.category_id for p in plans if p.category_id is not None})
    moved: dict[uuid.UUID, tuple[ProductPlan, Schema]] = {}
    for plan in plans:
        category_id = plan.category_id
        schema = schemas.get(category_id) if category_id is not None else None
        if category_id is not None and schema is None:
            out.errors += [
                err(n, "category_id", "no such category")
                for n, r in plan.members
                if r.category_id is not None
            ]
            continue
        _plan_row_attributes(plan, schema, existing, cells, out, separator)
        if plan.moves_category and plan.product_id is not None and schema is not None:
            moved[plan.product_id] = (plan, schema)
    if moved:
        await _check_other_variants(tx, moved, out)
    return out


async def _check_other_variants(
    tx: Tx, moved: dict[uuid.UUID, tuple[ProductPlan, Schema]], out: AttributePlan
) -> None:
    """A file that moves a product to another category must leave all its variants valid."""
    for variant in await catalog.variant_attributes_of(tx, sorted(moved)):
        plan, schema = moved[variant["product_id"]]
        if any(r.sku == variant["sku"] for _, r in plan.members):
            continue  # checked with the file's values
        for problem in check_attributes(schema, dict(variant["attributes"])):
            message = (
                f"variant {variant['sku']} does not fit the category: {problem['field']} {problem['message']}"
            )
            out.errors.append(err(plan.members[0][0], "category_id", message))


async def apply_variants(
    tx: Tx,
    ctx: TenantContext,
    rows: Numbered,
    cells: AttributeCells,
    progress: ApplyProgress,
    check_only: bool = False,
    separator: Separator = ".",
) -> ApplySummary:
    errors = _duplicate_skus(rows)
    wanted = sorted({r.sku for _, r in rows} | {r.product_ref for _, r in rows if r.product_ref})
    existing = await catalog.variants_with_products(tx, wanted)
    plans, plan_errors = _plan_products(rows, existing)
    attributes = await _plan_attributes(tx, plans, existing, cells, separator)
    errors += plan_errors + attributes.errors
    _reject_or_go(errors, check_only)
    summary = ApplySummary()
    changed_products: dict[uuid.UUID, str] = {}
    for plan in plans:
        product_id = await _apply_product(tx, plan, summary, changed_products)
        for number, row in plan.members:
            change = await _apply_variant(
                tx, product_id, row, existing.get(row.sku), attributes.values.get(number)
            )
            setattr(summary, change, getattr(summary, change) + 1)
            if change != "unchanged":
                changed_products.setdefault(product_id, "updated")
            await progress.advance(1)
    await catalog.products_changed(tx, ctx.tenant_id, changed_products)
    return summary


async def _apply_product(
    tx: Tx, plan: ProductPlan, summary: ApplySummary, changed: dict[uuid.UUID, str]
) -> uuid.UUID:
    fields = plan.fields
    if plan.product_id is None or plan.current is None:
        product_id = uuid.uuid4()
        new = NewProduct(
            name=fields["product_name"],
            description=fields.get("description", ""),
            category_id=fields.get("category_id"),
            status=fields.get("product_status", "draft"),
            unit_of_measure=fields.get("unit_of_measure", "pcs"),
        )
        await catalog.insert_product_row(tx, product_id, new)
        summary.products_created += 1
        changed[product_id] = "created"
        return product_id
    update = {_PRODUCT_FIELDS[c]: v for c, v in fields.items() if not _same(plan.current[c], v)}
    if update:
        await catalog.update_product_row(tx, plan.product_id, update)
        summary.products_updated += 1
        changed[plan.product_id] = "updated"
    return plan.product_id


async def _apply_variant(
    tx: Tx,
    product_id: uuid.UUID,
    row: Any,
    found: asyncpg.Record | None,
    attributes: dict[str, Any] | None,
) -> str:
    """Insert or update one variant; which summary counter it goes to."""
    given = {c: getattr(row, c) for c in _VARIANT_FIELDS if getattr(row, c) is not None}
    if attributes is not None:
        given["attributes"] = attributes
    if found is None:
        new = NewVariant(sku=row.sku, **{_VARIANT_FIELDS[c]: v for c, v in given.items()})
        await catalog.insert_variant_row(tx, product_id, new)
        return "created"
    update = {_VARIANT_FIELDS[c]: v for c, v in given.items() if not _same(found[c], v)}
    if not update:
        return "unchanged"
    await catalog.update_variant_row(tx, found["id"], update)
    return "updated"


# -- inventory ---------------------------------------------------------------------------------


async def _ensure_locations(
    tx: Tx, rows: Numbered, *, create: bool = True
) -> tuple[dict[str, uuid.UUID], list[Error]]:
    """The location ids by code, creating the new codes the file names (given ``location_name``)."""
    found = await catalog.locations_by_code(tx, sorted({r.location for _, r in rows}))
    errors: list[Error] = []
    new_names: dict[str, tuple[int, str]] = {}
    for number, row in rows:
        if row.location_name is None:
            continue
        current = found[row.location]["name"] if row.location in found else None
        if current is not None and current != row.location_name:
            errors.append(err(number, "location_name", f"the location is named {current!r}"))
        elif current is None:
            first = new_names.setdefault(row.location, (number, row.location_name))
            if first[1] != row.location_name:
                errors.append(err(number, "location_name", f"differs from row {first[0]}"))
    for number, row in rows:
        if row.location not in found and row.location not in new_names:
            errors.append(err(number, "location", "unknown location code (give location_name to create it)"))
    if errors or not new_names or not create:
        return {code: r["id"] for code, r in found.items()}, errors
    created = await catalog.add_locations(tx, {code: name for code, (_, name) in new_names.items()})
    return {code: r["id"] for code, r in found.items()} | created, []


async def apply_inventory(
    tx: Tx, ctx: TenantContext, rows: Numbered, progress: ApplyProgress, check_only: bool = False
) -> ApplySummary:
    variants = await catalog.variant_ids(tx, sorted({r.sku for _, r in rows}))
    errors: list[Error] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        if row.sku not in variants:
            errors.append(err(number, "sku", "unknown SKU"))
        key = (row.sku, row.location)
        if key in seen:
            errors.append(err(number, "sku", f"this SKU and location are already on row {seen[key]}"))
        seen.setdefault(key, number)
    locations, location_errors = await _ensure_locations(tx, rows, create=not check_only and not errors)
    errors += location_errors
    _reject_or_go(errors, check_only)
    current = await catalog.levels_for(tx, sorted(set(variants.values())))
    summary = ApplySummary()
    changed_variants: set[str] = set()
    step = max(progress.every, 1)
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        changed = _changed_levels(chunk, variants, locations, current, summary)
        if changed:
            await catalog.write_levels(tx, changed)
            changed_variants.update(str(c[0]) for c in changed)
        await progress.advance(len(chunk))
    await catalog.inventory_changed(tx, ctx.tenant_id, sorted(changed_variants))
    return summary


def _changed_levels(
    rows: Numbered,
    variants: dict[str, uuid.UUID],
    locations: dict[str, uuid.UUID],
    current: dict[tuple[uuid.UUID, uuid.UUID], Any],
    summary: ApplySummary,
) -> list[tuple[uuid.UUID, uuid.UUID, Decimal]]:
    changed: list[tuple[uuid.UUID, uuid.UUID, Decimal]] = []
    for _, row in rows:
        key_ids = (variants[row.sku], locations[row.location])
        before = current.get(key_ids)
        if before is not None and before == row.on_hand:
            summary.unchanged += 1
            continue
        if before is None:
            summary.created += 1
        else:
            summary.updated += 1
        changed.append((*key_ids, row.on_hand))
    return changed


# -- prices -------------------------------------------------------------------------------------


@dataclass
class ListPlan:
    """One price list of the file: the existing one, or the one to create (``new`` values)."""

    list_id: uuid.UUID
    currency: str
    new: dict[str, Any] | None = None


def _list_columns(name: str, members: list[tuple[int, PriceRow]]) -> tuple[dict[str, Any], list[Error]]:
    """The list's own columns as the rows give them; rows of one list must agree."""
    given: dict[str, tuple[int, Any]] = {}
    errors: list[Error] = []
    for number, row in members:
        for column in ("currency", *LIST_COLUMNS):
            value = getattr(row, column)
            if value is None:
                continue
            first = given.setdefault(column, (number, value))
            if first[1] != value:
                errors.append(err(number, column, f"differs from row {first[0]} of price list {name!r}"))
    return {c: v for c, (_, v) in given.items()}, errors


def _existing_list(members: list[tuple[int, PriceRow]], found: asyncpg.Record) -> list[Error]:
    """Columns given for an existing list must match it (lists are edited on their own page)."""
    errors: list[Error] = []
    for number, row in members:
        for column in ("currency", *LIST_COLUMNS):
            value = getattr(row, column)
            current = found["kind" if column == "list_kind" else column]
            if isinstance(current, str):
                current = current.strip()
            if value is not None and current != value:
                shown = "none" if current is None else str(current)
                errors.append(err(number, column, f"the list has {shown}; change it on the price list page"))
    return errors


def _new_list(
    number: int, given: dict[str, Any], segments: set[uuid.UUID], buyers: set[uuid.UUID]
) -> list[Error]:
    """What creating a list from a file needs: its kind and currency, then pricing's rules."""
    kind = given.get("list_kind")
    if kind is None:
        return [
            err(
                number, "price_list", "no price list has this name (give list_kind and currency to create it)"
            )
        ]
    errors: list[Error] = []
    if "currency" not in given:
        errors.append(err(number, "currency", "required to create a price list"))
    problems = pricing.new_list_problems(
        kind,
        given.get("currency"),
        given.get("valid_from"),
        given.get("valid_to"),
        given.get("segment_id"),
        given.get("buyer_org_id"),
        segments=segments,
        buyers=buyers,
    )
    return errors + [err(number, problem["field"], problem["message"]) for problem in problems]


async def _plan_lists(tx: Tx, rows: Numbered) -> tuple[dict[str, ListPlan], list[Error]]:
    groups: dict[str, list[tuple[int, PriceRow]]] = {}
    for number, row in rows:
        groups.setdefault(row.price_list, []).append((number, row))
    lists = await pricing.lists_by_name(tx, sorted(groups))
    segments, buyers = await pricing.known_assignees(
        tx,
        [r.segment_id for _, r in rows if r.segment_id],
        [r.buyer_org_id for _, r in rows if r.buyer_org_id],
    )
    plans: dict[str, ListPlan] = {}
    errors: list[Error] = []
    for name, members in groups.items():
        found = lists.get(name, [])
        if len(found) > 1:
            errors += [err(n, "price_list", "several lists have this name") for n, _ in members]
        elif found:
            errors += _existing_list(members, found[0])
            plans[name] = ListPlan(found[0]["id"], found[0]["currency"].strip())
        else:
            given, list_errors = _list_columns(name, members)
            errors += list_errors + _new_list(members[0][0], given, segments, buyers)
            plans[name] = ListPlan(uuid.uuid4(), given.get("currency", ""), new=given)
    return plans, errors


def _list_to_create(name: str, plan: ListPlan) -> NewPriceList:
    assert plan.new is not None
    return NewPriceList(
        name=name,
        kind=plan.new["list_kind"],
        currency=plan.currency,
        valid_from=plan.new.get("valid_from"),
        valid_to=plan.new.get("valid_to"),
        priority=plan.new.get("priority", 0),
        segment_id=plan.new.get("segment_id"),
        buyer_org_id=plan.new.get("buyer_org_id"),
    )


async def apply_prices(
    tx: Tx, ctx: TenantContext, rows: Numbered, progress: ApplyProgress, check_only: bool = False
) -> ApplySummary:
    lists, errors = await _plan_lists(tx, rows)
    variants = await catalog.variant_ids(tx, sorted({r.sku for _, r in rows}))
    wanted: dict[tuple[uuid.UUID, uuid.UUID], dict[Decimal, Decimal]] = {}
    row_count: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    for number, row in rows:
        plan = lists.get(row.price_list)
        if row.sku not in variants:
            errors.append(err(number, "sku", "unknown SKU"))
        elif plan is not None:
            key = (plan.list_id, variants[row.sku])
            tiers = wanted.setdefault(key, {})
            row_count[key] = row_count.get(key, 0) + 1
            if row.min_qty.normalize() in tiers:
                errors.append(err(number, "min_qty", "this tier is already given for this list and SKU"))
            tiers[row.min_qty.normalize()] = row.unit_price.normalize()
    _reject_or_go(errors, check_only)
    new_lists = {
        plan.list_id: _list_to_create(name, plan)
        for name, plan in sorted(lists.items())
        if plan.new is not None
    }
    await pricing.create_lists(tx, ctx.tenant_id, new_lists)
    return await _write_tiers(tx, ctx, wanted, row_count, progress)


async def _write_tiers(
    tx: Tx,
    ctx: TenantContext,
    wanted: dict[tuple[uuid.UUID, uuid.UUID], dict[Decimal, Decimal]],
    row_count: dict[tuple[uuid.UUID, uuid.UUID], int],
    progress: ApplyProgress,
) -> ApplySummary:
    current = await pricing.tiers_for(tx, sorted({list_id for list_id, _ in wanted}))
    summary = ApplySummary()
    by_list: dict[uuid.UUID, list[tuple[uuid.UUID, dict[Decimal, Decimal]]]] = {}
    unchanged_rows = 0
    for (list_id, variant_id), tiers in wanted.items():
        before = current.get((list_id, variant_id))
        if before == set(tiers.items()):
            summary.unchanged += 1
            unchanged_rows += row_count[(list_id, variant_id)]
            continue
        if before is None:
            summary.created += 1
        else:
            summary.updated += 1
        by_list.setdefault(list_id, []).append((variant_id, tiers))
    await progress.advance(unchanged_rows)
    for list_id, items in sorted(by_list.items()):
        await pricing.write_tiers(tx, ctx.tenant_id, list_id, items)
        await progress.advance(sum(row_count[(list_id, v)] for v, _ in items))
    return summary
