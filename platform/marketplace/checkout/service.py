"""Checkout rules (docs/ordering.md, "Checkout"): the cart grouped by supplier and priced
live; placing it writes one checkout and one step per supplier in one public
transaction (prices locked), then runs each step in its own transaction in the
supplier's schema (``orders.placement``), marking the step there. A step runs once:
its row is locked while it runs and only a pending step runs; the order's unique
``checkout_id`` finds an order placed before. ``checkout.resume`` (tasks.py) completes
checkouts left ``placing``.

Never two tenant schemas in one transaction: pricing reads each supplier in its own
transaction before the public one that writes the checkout.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal, Protocol

import msgspec

from hansa.core.db import Database, Tx
from hansa.core.errors import HansaError
from hansa.core.idempotency import run_idempotent, scope_for, stored_result
from hansa.core.outbox import emit
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.orgs import service as orgs
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.approvals import service as approvals
from hansa.marketplace.approvals.schemas import ApprovalPlan, PurchaseSummary, SupplierPart
from hansa.marketplace.buyers import service as buyers
from hansa.marketplace.buyers.errors import LocationNotFound
from hansa.marketplace.cart import paste
from hansa.marketplace.cart import priced as cart_pricing
from hansa.marketplace.cart import service as cart
from hansa.marketplace.cart.schemas import CartLineRow, SupplierOut, SupplierStatus
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.checkout import repository as repo
from hansa.marketplace.checkout.errors import (
    CartChanged,
    CheckoutNotFound,
    InvalidCheckout,
    NotABuyer,
    NotWaiting,
    PricesChanged,
    SupplierUnavailable,
)
from hansa.marketplace.checkout.events import CHECKOUT_PLACED, CHECKOUT_SUBMITTED
from hansa.marketplace.checkout.schemas import (
    ApprovalNotice,
    CheckoutEditIn,
    CheckoutIn,
    CheckoutLine,
    CheckoutOut,
    CheckoutPreview,
    CheckoutSupplier,
    EditSupplier,
    LockedCheckout,
    LockedOutcome,
    LockedSupplier,
    PaymentOption,
    StepLine,
    StepOut,
    SupplierChoice,
)
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.orders import placement
from hansa.marketplace.pricing import service as pricing
from hansa.tenants import service as tenants
from hansa.tenants.schemas import TenantOut

ROUTE = "/api/v1/orgs/{org_id}/checkout"
EDIT_ROUTE = "/api/v1/orgs/{org_id}/checkouts/{checkout_id}"
RESUME_BATCH = 20


def _buyer(ctx: OrgContext) -> tuple[uuid.UUID, uuid.UUID]:
    """(company id, user id) of a person acting for a buyer company; others: 404."""
    if ctx.org.kind != "buyer" or ctx.principal.user_id is None:
        raise NotABuyer("only people of buyer companies check out")
    return ctx.org.id, ctx.principal.user_id


# -- pricing the cart per supplier -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Supplier:
    """A supplier of the cart as the buyer may order from it now."""

    tenant_id: uuid.UUID
    tenant: TenantOut | None
    status: SupplierStatus

    @property
    def name(self) -> str:
        return self.tenant.name if self.tenant else "unknown supplier"

    @property
    def unavailable_reason(self) -> str | None:
        """Why the buyer cannot order from it now (None: it can)."""
        if self.status == "available":
            return None
        if self.tenant is None:
            return "no such supplier"
        if self.status == "delisted":
            return f"{self.tenant.name} is not listed on any marketplace"
        return (
            f"{self.tenant.name} is {self.tenant.status}"
            if self.tenant.status != "pending"
            else "not open yet"
        )


async def _suppliers(tx: Tx, tenant_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Supplier]:
    """Each supplier with whether it can be ordered from (the cart's rule)."""
    found = await tenants.tenants_by_id(tx, list(tenant_ids))
    listed = set(await marketplaces.listed_tenant_ids(tx))
    return {
        tenant_id: Supplier(
            tenant_id, found.get(tenant_id), cart_pricing.supplier_status(found.get(tenant_id), listed)
        )
        for tenant_id in dict.fromkeys(tenant_ids)
    }


@dataclass(frozen=True, slots=True)
class Priced:
    """A supplier's group as the buyer sees it, and the categories of its products (approval
    rules on categories need them)."""

    group: CheckoutSupplier
    category_ids: list[uuid.UUID]


class LineToPrice(Protocol):
    """A cart line, or a line of a waiting request being edited."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def sku(self) -> str: ...
    @property
    def quantity(self) -> Decimal: ...


async def price_group(
    db: Database, buyer_org_id: uuid.UUID, supplier: Supplier, lines: Sequence[LineToPrice]
) -> Priced:
    """One supplier's cart lines priced now through the cart's ``price_supplier_lines`` (in
    its schema), with the payment methods it accepts and its products' categories."""
    if supplier.unavailable_reason is not None:
        unpriced = [
            CheckoutLine(line.id, line.sku, line.quantity, reason="supplier_unavailable") for line in lines
        ]
        group = CheckoutSupplier(
            supplier.tenant_id, supplier.name, False, supplier.unavailable_reason, None, unpriced, None, []
        )
        return Priced(group, [])
    slug = supplier.tenant.slug if supplier.tenant else ""
    async with tenant_transaction(db, TenantContext.for_tenant(supplier.tenant_id)) as tx:
        variants = await catalog.variants_with_products(tx, sorted({line.sku for line in lines}))
        found = await cart_pricing.price_supplier_lines(
            tx,
            SupplierOut(id=supplier.tenant_id, slug=slug, name=supplier.name),
            buyer_org_id,
            [(line.sku, line.quantity) for line in lines],
            line_ids=[line.id for line in lines],
            at=datetime.now(UTC).date(),
            variants=variants,
        )
        terms = (await pricing.customer_figures(tx, [buyer_org_id])).get(buyer_org_id)
    categories = sorted({v["category_id"] for v in variants.values() if v["category_id"] is not None})
    checkout_lines = [
        CheckoutLine(cart_line.id, p.sku, p.quantity, p.unit_price, p.line_total, p.price_list_id, p.problem)
        for cart_line, p in zip(lines, found.lines, strict=True)
    ]
    methods = [PaymentOption("bank_transfer")]
    if terms is not None and terms["payment_terms_days"] is not None:
        methods.insert(0, PaymentOption("on_account", terms["payment_terms_days"]))
    subtotal = sum((line.line_total or Decimal(0) for line in checkout_lines), Decimal(0))
    group = CheckoutSupplier(
        supplier.tenant_id, supplier.name, True, None, found.currency, checkout_lines, subtotal, methods
    )
    return Priced(group, categories)


def _by_supplier(lines: Sequence[CartLineRow]) -> dict[uuid.UUID, list[CartLineRow]]:
    grouped: dict[uuid.UUID, list[CartLineRow]] = {}
    for line in lines:
        grouped.setdefault(line.tenant_id, []).append(line)
    return grouped


def _summary(org_id: uuid.UUID, user_id: uuid.UUID, priced: Sequence[Priced]) -> PurchaseSummary:
    parts = [
        SupplierPart(
            p.group.tenant_id, p.group.supplier_name, p.group.currency, p.group.subtotal, p.category_ids
        )
        for p in priced
        if p.group.available and p.group.currency is not None and p.group.subtotal is not None
    ]
    return PurchaseSummary(org_id, user_id, parts)


async def _plan(tx: Tx, summary: PurchaseSummary) -> ApprovalPlan:
    """The company's limits and rules applied to this checkout (approvals decides)."""
    return await approvals.approval_plan(tx, summary) if summary.parts else ApprovalPlan(levels=[])


def _notice(plan: ApprovalPlan) -> ApprovalNotice:
    return ApprovalNotice(needed=plan.needed, reasons=[reason.text for reason in plan.reasons])


async def preview(db: Database, ctx: OrgContext) -> CheckoutPreview:
    """``GET .../checkout``: the cart by supplier priced now, the company's locations with
    its defaults, payment methods per supplier, and whether approval is needed."""
    org_id, user_id = _buyer(ctx)
    async with db.transaction() as tx:
        grouped = _by_supplier(await cart.lines_of(tx, org_id, user_id))
        suppliers = await _suppliers(tx, list(grouped))
    priced = [await price_group(db, org_id, suppliers[tid], lines) for tid, lines in grouped.items()]
    locations = await buyers.list_locations(db, ctx)
    async with db.transaction() as tx:
        approval = _notice(await _plan(tx, _summary(org_id, user_id, priced)))
    return CheckoutPreview(
        suppliers=[p.group for p in priced],
        locations=locations,
        default_ship_to=next((loc.id for loc in locations if loc.is_default_ship_to), None),
        default_bill_to=next((loc.id for loc in locations if loc.is_default_bill_to), None),
        approval=approval,
    )


# -- placing ----------------------------------------------------------------------------------


async def submit(
    db: Database, ctx: OrgContext, data: CheckoutIn, key: str | None
) -> tuple[CheckoutOut, bool]:
    """``POST .../checkout``: check, re-price, write the checkout and its steps, take the lines
    out of the cart (one public transaction), then place each supplier's order. Returns the
    checkout and whether it is a replay (same ``Idempotency-Key``: the same checkout, its
    remaining steps run again, which places nothing twice)."""
    org_id, user_id = _buyer(ctx)
    scope = scope_for(f"{ctx.domain} user:{user_id}", "POST", ROUTE)  # a key is the user's own
    body = msgspec.json.encode(data)
    async with db.transaction() as tx:
        stored = await stored_result(tx, scope=scope, key=key, body=body)
        if stored is None:
            ship_to, bill_to = await _snapshots(
                tx, org_id, data.ship_to_location_id, data.bill_to_location_id
            )
            grouped = _by_supplier(await cart.lines_of(tx, org_id, user_id))
            suppliers = await _suppliers(tx, [choice.tenant_id for choice in data.suppliers])
    if stored is not None:
        return await _finish(db, ctx, _checkout_id(stored.body)), True
    choices = _choose(data, grouped, suppliers)
    priced = [await price_group(db, org_id, suppliers[c.tenant_id], grouped[c.tenant_id]) for _, c in choices]
    groups = [p.group for p in priced]
    _check_prices(choices, groups)
    summary = _summary(org_id, user_id, priced)
    async with db.transaction() as tx:

        async def effect() -> bytes:
            checkout_id = uuid.uuid4()
            plan = await _plan(tx, summary)
            status = "pending_approval" if plan.needed else "placing"
            await _write(tx, checkout_id, org_id, user_id, status, data, ship_to, bill_to, choices, groups)
            if plan.needed:  # a purchase request: placed once approved, at these prices
                await approvals.open_request(tx, checkout_id, summary, plan)
            return msgspec.json.encode({"id": checkout_id})

        result = await run_idempotent(tx, scope=scope, key=key, body=body, effect=effect, status_code=201)
    return await _finish(db, ctx, _checkout_id(result.body)), result.replayed


def _checkout_id(body: bytes) -> uuid.UUID:
    return uuid.UUID(msgspec.json.decode(body)["id"])


async def _finish(db: Database, ctx: OrgContext, checkout_id: uuid.UUID) -> CheckoutOut:
    await run_steps(db, checkout_id)
    return await get_checkout(db, ctx, checkout_id)


def _checkout_values(
    org_id: uuid.UUID,
    user_id: uuid.UUID,
    status: str,
    places: tuple[dict[str, Any], dict[str, Any]],
    data: CheckoutIn | LockedCheckout,
) -> dict[str, Any]:
    """A checkout row's columns shared by a cart checkout and a locked one (its location
    snapshots: ship to, bill to)."""
    ship_to, bill_to = places
    return {
        "org_id": org_id,
        "user_id": user_id,
        "status": status,
        "ship_to": ship_to,
        "bill_to": bill_to,
        "po_number": data.po_number,
        "requested_delivery_date": data.requested_delivery_date,
        "note": data.note,
    }


async def submit_locked(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, data: LockedCheckout) -> LockedOutcome:
    """A checkout at prices agreed elsewhere (an RFQ award), written on the caller's public
    transaction: the location snapshots, the suppliers' availability, one step per supplier
    with its lines as given, and the approval plan exactly as for a cart (a purchase request
    when needed). The caller runs ``run_steps`` after its commit."""
    ship_to, bill_to = await _snapshots(
        tx, org_id, data.ship_to_location_id, data.bill_to_location_id, data.field_prefix
    )
    suppliers = await _suppliers(tx, [s.tenant_id for s in data.suppliers])
    unavailable = [
        {"field": f"suppliers[{i}].tenant_id", "tenant_id": str(s.tenant_id), "message": reason}
        for i, s in enumerate(data.suppliers)
        if (reason := suppliers[s.tenant_id].unavailable_reason) is not None
    ]
    if unavailable:
        raise SupplierUnavailable("some suppliers cannot take orders now", errors=unavailable)
    checkout_id = uuid.uuid4()
    steps = [_locked_step(checkout_id, position, s) for position, s in enumerate(data.suppliers, start=1)]
    parts = [
        SupplierPart(s.tenant_id, suppliers[s.tenant_id].name, s.currency, step["total"], s.category_ids)
        for s, step in zip(data.suppliers, steps, strict=True)
    ]
    summary = PurchaseSummary(org_id, user_id, parts)
    plan = await _plan(tx, summary)
    status: Literal["placing", "pending_approval"] = "pending_approval" if plan.needed else "placing"
    values = _checkout_values(org_id, user_id, status, (ship_to, bill_to), data)
    await repo.insert_checkout(tx, checkout_id, {**values, "rfq_id": data.rfq_id})
    await repo.insert_steps(tx, steps)
    if plan.needed:
        await approvals.open_request(tx, checkout_id, summary, plan)
    await emit(tx, CHECKOUT_SUBMITTED, payload={"checkout_id": checkout_id, "org_id": org_id})
    return LockedOutcome(checkout_id=checkout_id, status=status)


def _locked_step(checkout_id: uuid.UUID, position: int, supplier: LockedSupplier) -> dict[str, Any]:
    totals = [
        placement.line_total(line.quantity, line.unit_price, supplier.currency) for line in supplier.lines
    ]
    return {
        "checkout_id": checkout_id,
        "tenant_id": supplier.tenant_id,
        "position": position,
        "payment_method": supplier.payment_method,
        "currency": supplier.currency,
        "total": sum(totals, Decimal(0)),
        "lines": [
            {
                "sku": line.sku,
                "quantity": str(line.quantity),
                "unit_price": str(line.unit_price),
                "line_total": str(total),
                "price_list_id": None,
                "source_rfq_id": None if line.source_rfq_id is None else str(line.source_rfq_id),
                "source_quote_revision_id": (
                    None if line.source_quote_revision_id is None else str(line.source_quote_revision_id)
                ),
            }
            for line, total in zip(supplier.lines, totals, strict=True)
        ],
    }


async def _snapshots(
    tx: Tx, org_id: uuid.UUID, ship_to_id: uuid.UUID, bill_to_id: uuid.UUID, prefix: str = ""
) -> tuple[dict[str, Any], dict[str, Any]]:
    snapshots = []
    for name, location_id in (("ship_to_location_id", ship_to_id), ("bill_to_location_id", bill_to_id)):
        field = f"{prefix}{name}"
        try:
            snapshot = await buyers.location_snapshot(tx, org_id, location_id)
        except LocationNotFound:
            raise InvalidCheckout(
                "no such location in this company", errors=[{"field": field, "message": "no such location"}]
            ) from None
        use = name.removesuffix("_location_id")  # ship_to, bill_to
        if not await buyers.location_serves(tx, org_id, location_id, use):
            raise InvalidCheckout(
                f"this location is not a {use} address",
                errors=[{"field": field, "message": f"this location is not flagged {use}"}],
            )
        snapshots.append(msgspec.to_builtins(snapshot))
    return snapshots[0], snapshots[1]


def _choose(
    data: CheckoutIn, grouped: dict[uuid.UUID, list[CartLineRow]], suppliers: dict[uuid.UUID, Supplier]
) -> list[tuple[int, SupplierChoice]]:
    """The suppliers to place with (index in the body, choice); refusals name the field."""
    errors, unavailable, chosen, seen = [], [], [], set()
    for index, choice in enumerate(data.suppliers):
        field = f"suppliers[{index}].tenant_id"
        supplier = suppliers[choice.tenant_id]
        if choice.tenant_id in seen:
            errors.append({"field": field, "message": "this supplier is named twice"})
        elif not grouped.get(choice.tenant_id):
            errors.append({"field": field, "message": "no line of this supplier in the cart"})
        elif supplier.unavailable_reason is not None:
            unavailable.append(
                {"field": field, "tenant_id": str(choice.tenant_id), "message": supplier.unavailable_reason}
            )
        else:
            chosen.append((index, choice))
        seen.add(choice.tenant_id)
    if errors:
        raise InvalidCheckout("some suppliers cannot be checked out", errors=errors)
    if unavailable and not data.skip_unavailable:
        raise SupplierUnavailable(
            "some suppliers cannot take orders now: place the others with skip_unavailable",
            errors=unavailable,
        )
    if not chosen:
        raise InvalidCheckout(
            "no supplier left to order from", errors=[{"field": "suppliers", "message": "all unavailable"}]
        )
    return chosen


def _check_prices(choices: Sequence[tuple[int, SupplierChoice]], groups: Sequence[CheckoutSupplier]) -> None:
    """Every line priced, the payment method accepted, and each total what the buyer saw."""
    _check_lines(choices, groups)
    changed = [
        _changed(index, group)
        for (index, choice), group in zip(choices, groups, strict=True)
        if group.subtotal != choice.expected_total
    ]
    if changed:
        raise PricesChanged("prices changed since you saw them: confirm the new totals", errors=changed)


def _check_lines(
    choices: Sequence[tuple[int, SupplierChoice | EditSupplier]], groups: Sequence[CheckoutSupplier]
) -> None:
    """Every line priced and each supplier's payment method accepted (422 naming the field)."""
    problems = []
    for (index, choice), group in zip(choices, groups, strict=True):
        for position, line in enumerate(group.lines):
            if line.reason is not None:
                problems.append({"field": f"suppliers[{index}].lines[{position}]", "message": line.reason})
        if choice.payment_method not in {option.method for option in group.payment_methods}:
            problems.append(
                {"field": f"suppliers[{index}].payment_method", "message": "this supplier does not accept it"}
            )
    if problems:
        raise InvalidCheckout("some lines or payment methods cannot be ordered", errors=problems)


def _changed(index: int, group: CheckoutSupplier) -> dict[str, Any]:
    """The new prices of a supplier, as the 409 tells them (decimal strings)."""
    return {
        "field": f"suppliers[{index}].expected_total",
        "message": f"the total is now {group.subtotal} {group.currency}",
        "tenant_id": str(group.tenant_id),
        "currency": group.currency,
        "total": str(group.subtotal),
        "lines": [
            {
                "cart_line_id": str(line.cart_line_id),
                "sku": line.sku,
                "quantity": str(line.quantity),
                "unit_price": str(line.unit_price),
                "line_total": str(line.line_total),
            }
            for line in group.lines
        ],
    }


async def _write(
    tx: Tx,
    checkout_id: uuid.UUID,
    org_id: uuid.UUID,
    user_id: uuid.UUID,
    status: str,
    data: CheckoutIn,
    ship_to: dict[str, Any],
    bill_to: dict[str, Any],
    choices: Sequence[tuple[int, SupplierChoice]],
    groups: Sequence[CheckoutSupplier],
) -> None:
    """The checkout, one step per supplier with its locked lines, and the cart lines gone."""
    await repo.insert_checkout(
        tx, checkout_id, _checkout_values(org_id, user_id, status, (ship_to, bill_to), data)
    )
    await repo.insert_steps(tx, _step_rows(checkout_id, choices, groups))
    placed_lines = [line.cart_line_id for group in groups for line in group.lines]
    if await cart.remove_lines(tx, org_id, user_id, placed_lines) != len(placed_lines):
        # a concurrent checkout of the same lines committed first (its delete held our rows)
        raise CartChanged("the cart changed while placing: review it and place again")
    await emit(tx, CHECKOUT_SUBMITTED, payload={"checkout_id": checkout_id, "org_id": org_id})


# -- editing a waiting purchase request -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EditedLine:
    id: uuid.UUID  # no cart line: a fresh id the priced group carries
    sku: str
    quantity: Decimal


async def edit(
    db: Database, ctx: OrgContext, checkout_id: uuid.UUID, data: CheckoutEditIn, key: str | None
) -> tuple[CheckoutOut, bool]:
    """``PATCH .../checkouts/{id}``: the requester changes their checkout while it waits for
    approval (quantities, lines removed, suppliers dropped, payment methods). Re-priced now and
    stored; its approvals start again (``approvals.restart_request``: decisions so far are
    void), or, when no approval is needed any more, the request is cancelled and the checkout
    placed at once. Another user's checkout is 404; bad input changes nothing."""
    org_id, user_id = _buyer(ctx)
    scope = scope_for(f"{ctx.domain} user:{user_id}", "PATCH", EDIT_ROUTE)
    body = msgspec.json.encode(data)
    async with db.transaction() as tx:
        stored = await stored_result(tx, scope=scope, key=key, body=body)
        if stored is None:
            steps = await _waiting_steps(tx, org_id, user_id, checkout_id)
            suppliers = await _suppliers(tx, [choice.tenant_id for choice in data.suppliers])
    if stored is not None:
        return await _finish(db, ctx, checkout_id), True
    edited = _edited_lines(data, steps)
    priced = [
        await price_group(db, org_id, suppliers[choice.tenant_id], lines)
        for choice, lines in zip(data.suppliers, edited, strict=True)
    ]
    groups = [p.group for p in priced]
    choices = list(enumerate(data.suppliers))
    _check_edit(choices, groups)
    summary = _summary(org_id, user_id, priced)
    async with db.transaction() as tx:

        async def effect() -> bytes:
            await _waiting_steps(tx, org_id, user_id, checkout_id)  # still waiting, now locked
            await repo.replace_steps(tx, checkout_id, _step_rows(checkout_id, choices, groups))
            await repo.touch(tx, checkout_id)
            plan = await _plan(tx, summary)
            if plan.needed:
                await approvals.restart_request(tx, checkout_id, summary, plan)
            else:  # within every limit now: no approval, placed at once
                await approvals.cancel_request(tx, checkout_id)
                await repo.set_status(tx, checkout_id, "pending_approval", "placing")
            return msgspec.json.encode({"id": checkout_id})

        result = await run_idempotent(tx, scope=scope, key=key, body=body, effect=effect)
    return await _finish(db, ctx, checkout_id), result.replayed


async def _waiting_steps(
    tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, checkout_id: uuid.UUID
) -> dict[uuid.UUID, Any]:
    """The steps of the caller's own checkout by supplier (the checkout locked); 404 for
    another's, 409 unless it waits for approval."""
    row = await repo.lock_own_checkout(tx, org_id, user_id, checkout_id)
    if row is None:
        raise CheckoutNotFound("no such checkout")
    if row["status"] != "pending_approval":
        raise NotWaiting(f"this checkout is {row['status']}: only a request waiting for approval can change")
    return {step["tenant_id"]: step for step in await repo.steps_of(tx, checkout_id)}


def _edited_lines(data: CheckoutEditIn, steps: dict[uuid.UUID, Any]) -> list[list[EditedLine]]:
    """Each kept supplier's lines as edited; refusals name the field (nothing can be added)."""
    errors: list[dict[str, Any]] = []
    edited, seen = [], set()
    for index, choice in enumerate(data.suppliers):
        step = steps.get(choice.tenant_id)
        if step is None or choice.tenant_id in seen:
            message = "this supplier is named twice" if step else "no such supplier in this checkout"
            errors.append({"field": f"suppliers[{index}].tenant_id", "message": message})
            continue
        seen.add(choice.tenant_id)
        known, skus, lines = {line["sku"] for line in step["lines"]}, set(), []
        for position, line in enumerate(choice.lines):
            field = f"suppliers[{index}].lines[{position}]"
            if line.sku not in known or line.sku in skus:
                message = "named twice" if line.sku in skus else "no such line: lines can only change or go"
                errors.append({"field": f"{field}.sku", "message": message})
            elif not line.quantity.is_finite() or not 0 < line.quantity < paste.MAX_QUANTITY:
                errors.append({"field": f"{field}.quantity", "message": "must be more than 0"})
            skus.add(line.sku)
            lines.append(EditedLine(uuid.uuid4(), line.sku, line.quantity))
        edited.append(lines)
    if errors:
        raise InvalidCheckout("this request cannot be changed so", errors=errors)
    return edited


def _check_edit(choices: Sequence[tuple[int, EditSupplier]], groups: Sequence[CheckoutSupplier]) -> None:
    """Every kept supplier can take orders, every line has a price, each method is accepted."""
    unavailable = [
        {"field": f"suppliers[{index}].tenant_id", "tenant_id": str(group.tenant_id), "message": reason}
        for (index, _), group in zip(choices, groups, strict=True)
        if (reason := group.unavailable_reason) is not None
    ]
    if unavailable:
        raise SupplierUnavailable("some suppliers cannot take orders now: drop them", errors=unavailable)
    _check_lines(choices, groups)


def _step_rows(
    checkout_id: uuid.UUID,
    choices: Sequence[tuple[int, SupplierChoice | EditSupplier]],
    groups: Sequence[CheckoutSupplier],
) -> list[dict[str, Any]]:
    """One step per supplier with its lines at the unit prices locked now."""
    return [
        {
            "checkout_id": checkout_id,
            "tenant_id": group.tenant_id,
            "position": position,
            "payment_method": choice.payment_method,
            "currency": group.currency,
            "total": group.subtotal,
            "lines": [
                {
                    "sku": line.sku,
                    "quantity": str(line.quantity),
                    "unit_price": str(line.unit_price),
                    "line_total": str(line.line_total),
                    "price_list_id": None if line.price_list_id is None else str(line.price_list_id),
                }
                for line in group.lines
            ],
        }
        for position, ((_, choice), group) in enumerate(zip(choices, groups, strict=True), start=1)
    ]


# -- running the steps ------------------------------------------------------------------------


async def run_steps(db: Database, checkout_id: uuid.UUID) -> None:
    """Place every pending step of a ``placing`` checkout, each in its own transaction in
    its supplier's schema; then the checkout is ``completed`` once none is pending."""
    async with db.transaction() as tx:
        pending = await repo.pending_tenants(tx, checkout_id)
    for tenant_id in pending:
        await run_step(db, checkout_id, tenant_id)
    async with db.transaction() as tx:
        done = await repo.complete_if_done(tx, checkout_id)
        if done is not None:
            await emit(tx, CHECKOUT_PLACED, payload={"checkout_id": checkout_id, "org_id": done["org_id"]})


async def run_step(db: Database, checkout_id: uuid.UUID, tenant_id: uuid.UUID) -> None:
    """Place one supplier's order and mark its step placed, in one transaction; a refusal
    (out of stock, supplier gone, ...) marks the step failed with the reason instead."""
    try:
        async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
            step = await repo.lock_pending_step(tx, checkout_id, tenant_id)
            if step is None or step["checkout_status"] != "placing":
                return  # another runner placed it, or it waits for approval
            tenant = await tenants.find_tenant_by_id(tx, tenant_id)
            if tenant is None or tenant.status != "active":
                raise SupplierUnavailable("the supplier cannot take orders now")
            buyer_name = await orgs.organisation_label(tx, step["org_id"]) or ""
            order = _place_order(checkout_id, step, buyer_name)
            placed = await placement.place_supplier_order(tx, tenant, order)
            await repo.mark_placed(
                tx,
                checkout_id,
                tenant_id,
                placed.order_id,
                placed.number,
                placed.status,
                placed.status_reason,
            )
    except HansaError as refused:
        async with db.transaction() as tx:
            await repo.mark_failed(tx, checkout_id, tenant_id, refused.code, _reason(refused))


def _reason(refused: HansaError) -> str:
    details = "; ".join(str(e.get("message")) for e in refused.errors if e.get("message"))
    return f"{refused.detail}: {details}" if details else refused.detail


def _place_order(checkout_id: uuid.UUID, step: Any, buyer_name: str) -> placement.PlaceOrder:
    return placement.PlaceOrder(
        checkout_id=checkout_id,
        buyer_org_id=step["org_id"],
        buyer_name=buyer_name,
        placed_by=step["user_id"],
        currency=step["currency"].strip(),
        payment_method=step["payment_method"],
        ship_to=step["ship_to"],
        bill_to=step["bill_to"],
        lines=[
            placement.PlaceLine(
                sku=line["sku"],
                quantity=Decimal(line["quantity"]),
                unit_price=Decimal(line["unit_price"]),
                price_list_id=uuid.UUID(line["price_list_id"]) if line["price_list_id"] else None,
                source_rfq_id=_uuid_or_none(line.get("source_rfq_id")),
                source_quote_revision_id=_uuid_or_none(line.get("source_quote_revision_id")),
            )
            for line in step["lines"]
        ],
        po_number=step["po_number"],
        requested_delivery_date=step["requested_delivery_date"],
        note=step["note"],
    )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


async def resume_placing(db: Database, *, idle: timedelta, limit: int = RESUME_BATCH) -> int:
    """Complete the checkouts left ``placing`` for ``idle`` or longer (a crash between two
    steps); each is claimed by one run. Returns how many were resumed."""
    async with db.transaction() as tx:
        claimed = await repo.claim_placing(tx, idle, limit)
    for checkout_id in claimed:
        await run_steps(db, checkout_id)
    return len(claimed)


# -- approval outcomes (approvals' events, tasks.py) -------------------------------------------


async def approved(db: Database, checkout_id: uuid.UUID) -> None:
    """The purchase request was approved: its steps run, at the prices locked when it was
    submitted. Safe to run twice (only a waiting checkout moves; steps run once)."""
    async with db.transaction() as tx:
        await repo.set_status(tx, checkout_id, "pending_approval", "placing")
    await run_steps(db, checkout_id)


async def rejected(tx: Tx, checkout_id: uuid.UUID, reason: str | None) -> None:
    """The purchase request was rejected: the checkout ends, nothing is ordered."""
    await repo.set_status(
        tx, checkout_id, "pending_approval", "rejected", reason or "rejected by an approver"
    )


# -- reading ----------------------------------------------------------------------------------


async def order_number_of(tx: Tx, checkout_id: uuid.UUID, tenant_id: uuid.UUID) -> str | None:
    """The number of the order a checkout placed at this supplier, None until placed (the
    supplier's view of an RFQ award, which may not read the buyer's checkout)."""
    return await repo.order_number_of(tx, checkout_id, tenant_id)


async def get_checkout(db: Database, ctx: OrgContext, checkout_id: uuid.UUID) -> CheckoutOut:
    """``GET .../checkouts/{id}``: the checkout and each supplier step's state."""
    org_id, _ = _buyer(ctx)
    return await checkout_of(db, org_id, checkout_id)


async def checkout_of(db: Database, org_id: uuid.UUID, checkout_id: uuid.UUID) -> CheckoutOut:
    """A buyer company's checkout, whoever of the company reads it (a person or an API key: an
    RFQ award's orders are the company's); another company's is 404. The caller checked the
    company and its permission."""
    async with db.transaction() as tx:
        row = await repo.get_checkout(tx, org_id, checkout_id)
        if row is None:
            raise CheckoutNotFound("no such checkout")
        steps = await repo.steps_of(tx, checkout_id)
        names = await tenants.tenants_by_id(tx, [step["tenant_id"] for step in steps])
        request = await approvals.request_for_checkout(tx, checkout_id)
    return CheckoutOut(
        id=row["id"],
        org_id=row["org_id"],
        user_id=row["user_id"],
        status=row["status"],
        status_reason=row["status_reason"],
        po_number=row["po_number"],
        requested_delivery_date=row["requested_delivery_date"],
        note=row["note"],
        ship_to=row["ship_to"],
        bill_to=row["bill_to"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
        steps=[
            StepOut(
                tenant_id=step["tenant_id"],
                supplier_name=names[step["tenant_id"]].name if step["tenant_id"] in names else "",
                position=step["position"],
                status=step["status"],
                payment_method=step["payment_method"],
                currency=step["currency"].strip(),
                total=step["total"],
                line_count=step["line_count"],
                order_id=step["order_id"],
                order_number=step["order_number"],
                order_status=step["order_status"],
                order_status_reason=step["order_status_reason"],
                failure_code=step["failure_code"],
                failure_reason=step["failure_reason"],
                lines=[
                    StepLine(
                        line["sku"],
                        Decimal(line["quantity"]),
                        Decimal(line["unit_price"]),
                        Decimal(line["line_total"]),
                    )
                    for line in step["lines"]
                ],
            )
            for step in steps
        ],
        request=request,
    )
