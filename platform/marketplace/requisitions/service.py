"""Rules of requisition lists (docs/ordering.md): only buyer companies have them; a list
is its owner's, private (the owner only) or shared (every member who may read lists);
another company's list or another member's private list is not found. The owner or a
company owner/admin renames it, changes its visibility or deletes it; whoever sees a list
and may write lists edits its lines. Lines hold supplier + SKU + quantity (+ a note),
priced live through the cart's pricing each time the list is shown or used. At most
``MAX_LISTS`` lists per company and ``MAX_LINES`` lines per list (the database holds them
too). Every change is audited in the company's domain."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec

from hansa.audit.service import record_by
from hansa.core.db import Tx
from hansa.core.errors import BadRequest, Forbidden, ValidationFailed
from hansa.core.resources import Resources
from hansa.identity.auth import service as auth
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.cart import service as cart
from hansa.marketplace.cart.schemas import CartAddition
from hansa.marketplace.requisitions import repository as repo
from hansa.marketplace.requisitions.errors import (
    EmptyCart,
    InvalidLines,
    LineNotFound,
    ListNotFound,
    NotABuyer,
    NotListOwner,
    TooManyLines,
    TooManyLists,
)
from hansa.marketplace.requisitions.pricing import price_list_lines, suppliers_of
from hansa.marketplace.requisitions.schemas import (
    MAX_LINES,
    MAX_LISTS,
    CartedLine,
    LineIds,
    LineRow,
    ListFromCart,
    ListTotal,
    NewRequisitionLines,
    NewRequisitionList,
    RequisitionLinePatch,
    RequisitionListDetail,
    RequisitionListOut,
    RequisitionListPage,
    RequisitionListPatch,
    Scope,
    SkippedLine,
    ToCart,
    ToCartOut,
    Visibility,
)

_TARGET = "requisition_list"
_MANAGERS = frozenset({"owner", "admin"})


# -- who the caller is --------------------------------------------------------------------------


def _require_buyer(ctx: OrgContext) -> None:
    if ctx.org.kind != "buyer":
        raise NotABuyer("only buyer companies have requisition lists")


def _require_user(ctx: OrgContext) -> uuid.UUID:
    if ctx.principal.user_id is None:
        raise Forbidden(
            "only a signed-in person has lists and a cart, not an API key", code="auth.user_required"
        )
    return ctx.principal.user_id


def _can_manage(res: Resources, ctx: OrgContext, owner_id: uuid.UUID) -> bool:
    if ctx.principal.user_id is not None and owner_id == ctx.principal.user_id:
        return True
    return res.authorizer.role_of(ctx.principal.subject, ctx.domain) in _MANAGERS


async def _with_owners(
    tx: Tx, res: Resources, ctx: OrgContext, lists: Sequence[RequisitionListOut]
) -> list[RequisitionListOut]:
    """Name each list's owner (one query for the page) and say whether the caller manages it."""
    names = {
        user_id: name for user_id, _, name, _ in await auth.contacts(tx, list({x.owner_id for x in lists}))
    }
    return [
        msgspec.structs.replace(
            x, owner_name=names.get(x.owner_id), can_manage=_can_manage(res, ctx, x.owner_id)
        )
        for x in lists
    ]


async def _found(tx: Tx, ctx: OrgContext, list_id: uuid.UUID, *, lock: bool = False) -> RequisitionListOut:
    """The list if the caller may see it (its own, or shared in its company); else 404."""
    if lock:
        await repo.lock_list(tx, ctx.org.id, list_id)
    found = await repo.get_list(tx, ctx.org.id, ctx.principal.user_id, list_id)
    if found is None:
        raise ListNotFound("no such requisition list")
    return found


async def _audit(
    tx: Tx,
    ctx: OrgContext,
    change: str,
    list_id: uuid.UUID,
    label: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await record_by(
        tx,
        ctx.principal,
        ctx.domain,
        f"requisitions.{change}",
        _TARGET,
        list_id,
        before=before,
        after=after,
        label=label,
    )


# -- paging ---------------------------------------------------------------------------------------


def _cursor_of(item: RequisitionListOut) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode([item.name, str(item.id)])).decode()


def _after(cursor: str | None) -> tuple[str, uuid.UUID] | None:
    if cursor is None:
        return None
    try:
        name, list_id = msgspec.json.decode(
            base64.urlsafe_b64decode(cursor.encode()), type=tuple[str, uuid.UUID]
        )
    except (binascii.Error, ValueError, msgspec.DecodeError) as exc:
        raise BadRequest(
            "not a cursor of this list",
            code="requisitions.bad_cursor",
            errors=[{"field": "cursor", "message": "unknown cursor"}],
        ) from exc
    return name, list_id


# -- lists ----------------------------------------------------------------------------------------


async def list_lists(
    res: Resources,
    ctx: OrgContext,
    *,
    scope: Scope = "all",
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> RequisitionListPage:
    """The caller's lists and the company's shared ones, by name; ``next_cursor`` pages on."""
    _require_buyer(ctx)
    after = _after(cursor)
    async with res.db.transaction() as tx:
        rows = await repo.page_lists(
            tx,
            ctx.org.id,
            ctx.principal.user_id,
            scope=scope,
            search=search or None,
            after=after,
            limit=limit + 1,
        )
        items = await _with_owners(tx, res, ctx, rows[:limit])
    return RequisitionListPage(items=items, next_cursor=_cursor_of(items[-1]) if len(rows) > limit else None)


async def _insert_list(tx: Tx, ctx: OrgContext, owner_id: uuid.UUID, name: str, visibility: str) -> uuid.UUID:
    if await repo.count_lists(tx, ctx.org.id) >= MAX_LISTS:
        raise TooManyLists(f"a company keeps at most {MAX_LISTS} requisition lists")
    list_id = uuid.uuid4()
    try:
        await repo.insert_list(tx, list_id, ctx.org.id, owner_id, name, visibility)
    except asyncpg.CheckViolationError as exc:  # another list created at the same time reached the bound
        raise TooManyLists(f"a company keeps at most {MAX_LISTS} requisition lists") from exc
    await _audit(tx, ctx, "list_created", list_id, name, after={"name": name, "visibility": visibility})
    return list_id


async def create_list(res: Resources, ctx: OrgContext, data: NewRequisitionList) -> RequisitionListOut:
    _require_buyer(ctx)
    owner_id = _require_user(ctx)
    async with res.db.transaction() as tx:
        list_id = await _insert_list(tx, ctx, owner_id, data.name, data.visibility)
        return (await _with_owners(tx, res, ctx, [await _found(tx, ctx, list_id)]))[0]


async def get_list(res: Resources, ctx: OrgContext, list_id: uuid.UUID) -> RequisitionListDetail:
    """The list with its lines priced for this buyer today (and why a line cannot be ordered)."""
    _require_buyer(ctx)
    async with res.db.transaction() as tx:
        found = (await _with_owners(tx, res, ctx, [await _found(tx, ctx, list_id)]))[0]
        lines = await repo.lines_of(tx, list_id)
    return await _detail(res, ctx, found, lines)


async def _detail(
    res: Resources, ctx: OrgContext, found: RequisitionListOut, lines: list[LineRow]
) -> RequisitionListDetail:
    priced = await price_list_lines(res, ctx.org.id, lines)
    totals: dict[str, Decimal] = {}
    for line in priced:
        if line.orderable and line.currency is not None and line.line_total is not None:
            totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.line_total
    return RequisitionListDetail(
        summary=found,
        lines=priced,
        totals=[ListTotal(currency=code, total=total) for code, total in sorted(totals.items())],
    )


async def update_list(
    res: Resources, ctx: OrgContext, list_id: uuid.UUID, patch: RequisitionListPatch
) -> RequisitionListOut:
    """Rename it or change its visibility: its owner or a company owner/admin."""
    _require_buyer(ctx)
    fields = {name: value for name, value in msgspec.structs.asdict(patch).items() if value is not None}
    async with res.db.transaction() as tx:
        current = await _found(tx, ctx, list_id, lock=True)
        if not _can_manage(res, ctx, current.owner_id):
            raise NotListOwner("only the list's owner or a company admin changes it")
        changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
        if changed:
            await repo.update_list(tx, list_id, changed)
            before = {name: getattr(current, name) for name in changed}
            await _audit(
                tx,
                ctx,
                "list_updated",
                list_id,
                changed.get("name", current.name),
                before=before,
                after=changed,
            )
        return (await _with_owners(tx, res, ctx, [await _found(tx, ctx, list_id)]))[0]


async def delete_list(res: Resources, ctx: OrgContext, list_id: uuid.UUID) -> None:
    _require_buyer(ctx)
    async with res.db.transaction() as tx:
        current = await _found(tx, ctx, list_id, lock=True)
        if not _can_manage(res, ctx, current.owner_id):
            raise NotListOwner("only the list's owner or a company admin deletes it")
        await repo.delete_list(tx, list_id)
        await _audit(
            tx,
            ctx,
            "list_deleted",
            list_id,
            current.name,
            before={"name": current.name, "lines": current.line_count},
        )


# -- lines ----------------------------------------------------------------------------------------


async def _resolved_lines(
    res: Resources, ctx: OrgContext, data: NewRequisitionLines
) -> list[tuple[uuid.UUID, str, Decimal, str | None]]:
    """Each line's supplier: the one named, or the one supplier the buyer can see that sells
    the SKU. Every line that names no such supplier is reported with its index."""
    found = await suppliers_of(
        res, ctx.org.id, [(line.tenant_id, line.sku, line.quantity) for line in data.lines]
    )
    errors: list[dict[str, Any]] = []
    resolved = []
    for index, (line, sellers) in enumerate(zip(data.lines, found, strict=True)):
        if len(sellers) == 1:
            resolved.append((sellers[0], line.sku, line.quantity, line.note or None))
        elif not sellers and line.tenant_id is not None:
            errors.append(
                {
                    "field": f"lines[{index}].sku",
                    "message": f"{line.sku}: this supplier sells no such SKU you can order",
                }
            )
        elif not sellers:
            errors.append(
                {
                    "field": f"lines[{index}].sku",
                    "message": f"{line.sku}: no supplier you can order from sells it",
                }
            )
        else:
            errors.append(
                {
                    "field": f"lines[{index}].tenant_id",
                    "message": f"{line.sku}: several suppliers sell it; name one",
                }
            )
    if errors:
        raise InvalidLines("some lines name no SKU that can be added", errors=errors)
    return resolved


async def add_lines(
    res: Resources, ctx: OrgContext, list_id: uuid.UUID, data: NewRequisitionLines
) -> RequisitionListDetail:
    """Add lines (a SKU already on the list adds to its quantity); refuse a list that would
    pass ``MAX_LINES`` lines. Nothing is added when one line is refused."""
    _require_buyer(ctx)
    async with res.db.transaction() as tx:
        await _found(tx, ctx, list_id)
    lines = await _resolved_lines(res, ctx, data)
    async with res.db.transaction() as tx:
        current = await _found(tx, ctx, list_id, lock=True)
        added = await repo.new_keys(tx, list_id, list({(line[0], line[1]) for line in lines}))
        if current.line_count + added > MAX_LINES:
            raise TooManyLines(
                f"a list holds at most {MAX_LINES} lines",
                errors=[{"field": "lines", "message": f"{current.line_count} lines already, {added} new"}],
            )
        await repo.add_lines(tx, list_id, _merged(lines))
        await _audit(
            tx,
            ctx,
            "lines_added",
            list_id,
            current.name,
            after={"lines": [f"{sku} x {qty}" for _, sku, qty, _ in lines]},
        )
    return await get_list(res, ctx, list_id)


def _merged(
    lines: Sequence[tuple[uuid.UUID, str, Decimal, str | None]],
) -> list[tuple[uuid.UUID, str, Decimal, str | None]]:
    """One row per (supplier, SKU): an upsert may not touch a row twice."""
    merged: dict[tuple[uuid.UUID, str], tuple[uuid.UUID, str, Decimal, str | None]] = {}
    for tenant_id, sku, quantity, note in lines:
        before = merged.get((tenant_id, sku))
        merged[(tenant_id, sku)] = (
            (tenant_id, sku, quantity, note)
            if before is None
            else (tenant_id, sku, before[2] + quantity, note or before[3])
        )
    return list(merged.values())


async def update_line(
    res: Resources, ctx: OrgContext, list_id: uuid.UUID, line_id: uuid.UUID, patch: RequisitionLinePatch
) -> RequisitionListDetail:
    """Change a line's quantity or note ("" clears the note)."""
    _require_buyer(ctx)
    fields: dict[str, Any] = {}
    if patch.quantity is not None:
        fields["quantity"] = patch.quantity
    if patch.note is not None:
        fields["note"] = patch.note or None
    async with res.db.transaction() as tx:
        current = await _found(tx, ctx, list_id, lock=True)
        line = await repo.get_line(tx, list_id, line_id)
        if line is None:
            raise LineNotFound("no such line on this list")
        if fields:
            await repo.update_line(tx, line_id, fields)
            await repo.touch_list(tx, list_id)
            await _audit(
                tx,
                ctx,
                "line_updated",
                list_id,
                current.name,
                before={"sku": line.sku, **{name: getattr(line, name) for name in fields}},
                after={"sku": line.sku, **fields},
            )
    return await get_list(res, ctx, list_id)


async def remove_lines(
    res: Resources, ctx: OrgContext, list_id: uuid.UUID, data: LineIds
) -> RequisitionListDetail:
    """Remove these lines; an id not on the list is refused (and nothing is removed)."""
    _require_buyer(ctx)
    async with res.db.transaction() as tx:
        current = await _found(tx, ctx, list_id, lock=True)
        lines = await _chosen(tx, list_id, data.line_ids)
        await repo.remove_lines(tx, list_id, [line.id for line in lines])
        await _audit(
            tx, ctx, "lines_removed", list_id, current.name, before={"lines": [line.sku for line in lines]}
        )
    return await get_list(res, ctx, list_id)


async def _chosen(tx: Tx, list_id: uuid.UUID, line_ids: Sequence[uuid.UUID] | None) -> list[LineRow]:
    """The list's lines, or those named (each must be on the list: 422 naming the others)."""
    lines = await repo.lines_of(tx, list_id)
    if line_ids is None:
        return lines
    by_id = {line.id: line for line in lines}
    unknown = [
        {"field": f"line_ids[{index}]", "message": "not a line of this list"}
        for index, line_id in enumerate(line_ids)
        if line_id not in by_id
    ]
    if unknown:
        raise ValidationFailed(
            "some lines are not on this list", code="requisitions.unknown_lines", errors=unknown
        )
    wanted = set(line_ids)
    return [line for line in lines if line.id in wanted]


# -- the cart -------------------------------------------------------------------------------------


async def to_cart(res: Resources, ctx: OrgContext, list_id: uuid.UUID, data: ToCart) -> ToCartOut:
    """Put the list's lines (all, or those named) in the caller's cart, priced today: a line
    that cannot be ordered now is skipped with its reason. The list does not change."""
    _require_buyer(ctx)
    async with res.db.transaction() as tx:
        await _found(tx, ctx, list_id)  # a list the caller cannot see is not there, even for a key
        user_id = _require_user(ctx)
        lines = await _chosen(tx, list_id, data.line_ids)
    priced = await price_list_lines(res, ctx.org.id, lines)
    added = [
        CartedLine(line_id=line.id, tenant_id=line.tenant_id, sku=line.sku, quantity=line.quantity)
        for line in priced
        if line.orderable
    ]
    skipped = [
        SkippedLine(
            line_id=line.id,
            tenant_id=line.tenant_id,
            sku=line.sku,
            quantity=line.quantity,
            reason=line.reason or "no_price",
        )
        for line in priced
        if not line.orderable
    ]
    async with res.db.transaction() as tx:
        await cart.add_lines(
            tx, ctx.org.id, user_id, [CartAddition(line.tenant_id, line.sku, line.quantity) for line in added]
        )
    return ToCartOut(added=added, skipped=skipped)


async def from_cart(res: Resources, ctx: OrgContext, data: ListFromCart) -> RequisitionListOut:
    """Save the caller's cart as a new list (the cart does not change)."""
    _require_buyer(ctx)
    owner_id = _require_user(ctx)
    async with res.db.transaction() as tx:
        lines = await cart.lines_of(tx, ctx.org.id, owner_id)
        if not lines:
            raise EmptyCart("the cart is empty", errors=[{"field": "cart", "message": "nothing to save"}])
        if len(lines) > MAX_LINES:
            raise TooManyLines(
                f"a list holds at most {MAX_LINES} lines; the cart has {len(lines)}",
                errors=[{"field": "cart", "message": f"{len(lines)} lines"}],
            )
        list_id = await _insert_list(tx, ctx, owner_id, data.name, data.visibility)
        await repo.add_lines(tx, list_id, [(line.tenant_id, line.sku, line.quantity, None) for line in lines])
        return (await _with_owners(tx, res, ctx, [await _found(tx, ctx, list_id)]))[0]


async def add_list(
    tx: Tx,
    org_id: uuid.UUID,
    owner_id: uuid.UUID,
    list_id: uuid.UUID,
    name: str,
    visibility: Visibility,
    lines: Sequence[tuple[uuid.UUID, str, Decimal]],
) -> None:
    """Insert a list and its (supplier, SKU, quantity) lines on ``tx`` (the demo seed): the
    caller knows the suppliers sell the SKUs; the database holds the bounds."""
    await repo.insert_list(tx, list_id, org_id, owner_id, name, visibility)
    await repo.add_lines(tx, list_id, _merged([(tenant_id, sku, qty, None) for tenant_id, sku, qty in lines]))
