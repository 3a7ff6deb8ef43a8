"""Rules of rfq.awards (docs/rfq.md, "Comparison and award"): the buyer's comparison of the
latest sent revisions (public only: never a supplier's schema), the award per line into
orders (through checkout's placement) and contract price lists (one resumable step per
awarded supplier, in its schema)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec

from hansa.audit import service as audit
from hansa.core.db import Database, Tx
from hansa.core.errors import Forbidden, HansaError
from hansa.core.idempotency import run_idempotent, scope_for, stored_result
from hansa.core.outbox import emit
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.context import SupplierContext
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.checkout import service as checkout
from hansa.marketplace.checkout.schemas import LockedCheckout, LockedLine, LockedSupplier, StepOut
from hansa.marketplace.pricing import service as pricing
from hansa.marketplace.pricing.currency import minor_units
from hansa.notifications import service as notifications
from hansa.notifications.directory import people
from hansa.rfq.awards import repository as repo
from hansa.rfq.awards.errors import AlreadyAwarded, AwardNotFound, InvalidAward, NotAwardable
from hansa.rfq.awards.events import RFQ_AWARDED, RFQ_CONTRACT_LIST, RFQ_LOST
from hansa.rfq.awards.quoting import LIVE, line_total, lowest_tiers, unit_price_at
from hansa.rfq.awards.quoting import tiers as quote_tiers
from hansa.rfq.awards.schemas import (
    AwardIn,
    AwardLineOut,
    AwardOut,
    AwardSupplierOut,
    Compared,
    ComparedLine,
    ComparedSupplier,
    ComparisonLine,
    ComparisonOut,
    ComparisonSupplier,
    MappingsIn,
    OrdersIn,
    SplitIn,
    SupplierAwardLine,
    SupplierAwardOut,
)
from hansa.rfq.quotes import service as quotes
from hansa.rfq.quotes.errors import Sealed  # one class per code: quotes' sealed is the RFQ's
from hansa.rfq.quotes.schemas import SentRevision, SentRevisionLine
from hansa.rfq.requests import service as requests
from hansa.rfq.requests.schemas import InvitationOut, RfqHeader, RfqLineOut
from hansa.tenants import service as tenants
from hansa.tenants.schemas import TenantOut

# quotes whose prices the comparison shows (after an award, the losers' greyed beside the winners')
SHOWN = (*LIVE, "accepted", "expired", "rejected")
LIVE_OR_WON = (*LIVE, "accepted")  # of those, the ones compared (an expired quote is greyed)


def sealed_now(rfq: RfqHeader) -> bool:
    """Sealed and before the deadline: nobody sees prices yet."""
    return rfq.sealed and rfq.status == "open" and datetime.now(UTC) < rfq.deadline


# -- the comparison ----------------------------------------------------------------------------


async def comparison(db: Database, ctx: OrgContext, rfq_id: uuid.UUID) -> ComparisonOut:
    """``GET .../rfqs/{id}/comparison``: lines x invited suppliers (three queries beyond the
    request: revisions, their lines, supplier names)."""
    return await comparison_of(db, ctx.org.id, rfq_id)


async def comparison_of(db: Database, org_id: uuid.UUID, rfq_id: uuid.UUID) -> ComparisonOut:
    """The comparison of this buyer company's RFQ (the route's work, without the caller). Every
    cell is priced and the best marked by PostgreSQL (``quotes.comparison_json``); here the rows
    are only shaped."""
    async with db.transaction() as tx:
        rfq = await requests.buyer_rfq(tx, org_id, rfq_id)
        if sealed_now(rfq):
            raise Sealed("this RFQ is sealed until its deadline: prices are compared after it")
        lines = await requests.rfq_lines(tx, rfq_id)
        invited = [i for i in await requests.invitations(tx, rfq_id) if i.invited_at is not None]
        revisions = {r.tenant_id: r for r in await quotes.latest_revision_headers(tx, rfq_id)}
        shown = {
            i.tenant_id: revisions[i.tenant_id]
            for i in invited
            if i.status in SHOWN and i.tenant_id in revisions and _same_currency(rfq, revisions[i.tenant_id])
        }
        found = await quotes.comparison_json(
            tx,
            rfq_id,
            rfq.currency,
            minor_units(rfq.currency),
            [(line.id, line.quantity) for line in lines],
            [
                (i.tenant_id, i.tenant_id in shown, i.tenant_id in shown and i.status in LIVE_OR_WON)
                for i in invited
            ],
        )
        names = await tenants.tenants_by_id(tx, [i.tenant_id for i in invited])
    return build_comparison(rfq, lines, invited, shown, names, msgspec.json.decode(found, type=Compared))


def build_comparison(
    rfq: RfqHeader,
    lines: Sequence[RfqLineOut],
    invited: Sequence[InvitationOut],
    shown: dict[uuid.UUID, SentRevision],
    names: dict[uuid.UUID, TenantOut],
    compared: Compared,
) -> ComparisonOut:
    """The answer from what was read and what the database compared (pure: no query)."""
    rows = {row.line_id: row for row in compared.lines}
    totals = {t.tenant_id: t for t in compared.suppliers}
    return ComparisonOut(
        rfq_id=rfq.id,
        number=rfq.number,
        title=rfq.title,
        status=rfq.status,
        currency=rfq.currency,
        sealed=rfq.sealed,
        deadline=rfq.deadline,
        suppliers=[
            _supplier(i, shown.get(i.tenant_id), names.get(i.tenant_id), totals.get(i.tenant_id))
            for i in invited
        ],
        lines=[_line(rfq, line, rows.get(line.id) or ComparedLine(line.id, [], [], [])) for line in lines],
    )


def _same_currency(rfq: RfqHeader, revision: SentRevision) -> bool:
    """Sending refuses a quote in another currency; one that got in anyway is not compared."""
    return revision.currency == rfq.currency


def _line(rfq: RfqHeader, line: RfqLineOut, compared: ComparedLine) -> ComparisonLine:
    target_total = (
        None if line.target_price is None else line_total(line.quantity, line.target_price, rfq.currency)
    )
    return ComparisonLine(
        id=line.id,
        position=line.position,
        kind=line.kind,
        sku=line.sku,
        description=line.description,
        unit=line.unit,
        quantity=line.quantity,
        target_price=line.target_price,
        target_total=target_total,
        lowest=compared.lowest,
        fastest=compared.fastest,
        cells=compared.cells,
    )


def _supplier(
    invitation: InvitationOut,
    revision: SentRevision | None,
    tenant: TenantOut | None,
    totals: ComparedSupplier | None,
) -> ComparisonSupplier:
    return ComparisonSupplier(
        tenant_id=invitation.tenant_id,
        name=tenant.name if tenant else "",
        slug=tenant.slug if tenant else "",
        status=invitation.status,
        live=revision is not None and invitation.status in LIVE_OR_WON,
        revision_id=revision.id if revision else None,
        revision_number=revision.number if revision else None,
        sent_at=revision.sent_at if revision else None,
        valid_until=revision.valid_until if revision else None,
        payment_terms_days=revision.payment_terms_days if revision else None,
        incoterms=revision.incoterms if revision else None,
        delivery_terms=revision.delivery_terms if revision else None,
        quoted_lines=totals.quoted_lines if totals else 0,
        total=(totals.total if totals else Decimal(0)) if revision else None,
    )


# -- the award ---------------------------------------------------------------------------------

ROUTE = "/api/v1/orgs/{org_id}/rfqs/{rfq_id}/award"
RESUME_BATCH = 20
AWARDABLE = ("open", "closed")
# a quote that can still be rejected when it wins nothing (states.py)
REJECTABLE = ("invited", "draft", "submitted", "countered", "revised", "expired")
SUPPLIER_READERS = ("owner", "admin", "sales")  # who hears of an award at a supplier


@dataclass(frozen=True, slots=True)
class AwardedLine:
    """One split of one RFQ line to one supplier, at its latest revision's price."""

    line: RfqLineOut
    tenant_id: uuid.UUID
    revision: SentRevision
    sku: str | None
    quantity: Decimal
    unit_price: Decimal
    tiers: list[dict[str, str]]
    line_total: Decimal


@dataclass(frozen=True, slots=True)
class Request:
    """What the award is checked against: read once before, and again under the RFQ's lock."""

    rfq: RfqHeader
    lines: list[RfqLineOut]
    invitations: dict[uuid.UUID, InvitationOut]
    revisions: dict[uuid.UUID, SentRevision]


async def _request(tx: Tx, org_id: uuid.UUID, rfq_id: uuid.UUID, *, lock: bool = False) -> Request:
    rfq = await requests.buyer_rfq(tx, org_id, rfq_id, lock=lock)
    return Request(
        rfq,
        await requests.rfq_lines(tx, rfq_id),
        {i.tenant_id: i for i in await requests.invitations(tx, rfq_id)},
        {r.tenant_id: r for r in await quotes.latest_revisions(tx, rfq_id)},
    )


def _buyer_user(ctx: OrgContext) -> uuid.UUID:
    if ctx.principal.user_id is None:
        raise Forbidden("only a signed-in person can award, not an API key", code="auth.user_required")
    return ctx.principal.user_id


async def award(
    db: Database, ctx: OrgContext, rfq_id: uuid.UUID, data: AwardIn, key: str | None
) -> tuple[AwardOut, bool]:
    """``POST .../rfqs/{id}/award``: check, then in one public transaction the award and its
    lines at the latest revisions' prices, the RFQ awarded, the quotes accepted or rejected,
    the losers told, the orders' checkout and one contract step per winner; then (after the
    commit) the checkout's steps and the contract steps run. A retry with the same key answers
    the same award; a second award is 409 ``rfq.already_awarded``."""
    org_id = ctx.org.id
    body = msgspec.json.encode(data)
    async with db.transaction() as tx:
        await requests.buyer_rfq(tx, org_id, rfq_id)  # another company's RFQ: 404 before anything
        user_id = _buyer_user(ctx)
        scope = scope_for(f"{ctx.domain} user:{user_id}", "POST", ROUTE.format(org_id=org_id, rfq_id=rfq_id))
        stored = await stored_result(tx, scope=scope, key=key, body=body)
        if stored is None:
            before = await _request(tx, org_id, rfq_id)
            _check_awardable(before.rfq, await repo.award_of_rfq(tx, rfq_id))
    if stored is not None:
        return await _finish(db, ctx, rfq_id), True
    categories = await _categories(db, _awarded(before, data)) if data.orders else {}
    async with db.transaction() as tx:

        async def effect() -> bytes:
            now = await _request(tx, org_id, rfq_id, lock=True)  # as it is under the RFQ's lock
            _check_awardable(now.rfq, await repo.award_of_rfq(tx, rfq_id))
            awarded = _awarded(now, data)
            award_id = await _write(tx, ctx, now, data, awarded, categories)
            return msgspec.json.encode({"id": award_id})

        result = await run_idempotent(tx, scope=scope, key=key, body=body, effect=effect, status_code=201)
    return await _finish(db, ctx, rfq_id), result.replayed


def _check_awardable(rfq: RfqHeader, existing: Any) -> None:
    if existing is not None or rfq.status == "awarded":
        raise AlreadyAwarded("this RFQ is already awarded")
    if rfq.status not in AWARDABLE:
        raise NotAwardable(f"an RFQ that is {rfq.status} cannot be awarded")
    if sealed_now(rfq):
        raise Sealed("a sealed RFQ is awarded after its deadline")


def _awarded(request: Request, data: AwardIn) -> list[AwardedLine]:
    """Each split priced at its supplier's latest live revision (the break at the awarded
    quantity); every refusal names its field (422), nothing is written."""
    lines = {line.id: line for line in request.lines}
    errors: list[dict[str, Any]] = []
    awarded: list[AwardedLine] = []
    seen_lines: set[uuid.UUID] = set()
    for i, asked in enumerate(data.lines):
        line = lines.get(asked.line_id)
        if line is None or asked.line_id in seen_lines:
            message = "this line is awarded twice" if line else "no such line in this RFQ"
            errors.append({"field": f"lines[{i}].line_id", "message": message})
            continue
        seen_lines.add(asked.line_id)
        errors.extend(_check_splits(request, line, i, asked.splits))
        awarded.extend(
            _priced(request, line, s.tenant_id, s.quantity)
            for s in asked.splits
            if _quoted(request, line, s.tenant_id) is not None and s.quantity.is_finite() and s.quantity > 0
        )
    errors.extend(_check_outcomes(data, awarded))
    if errors:
        raise InvalidAward("this award cannot be made as asked", errors=errors)
    return awarded


def _check_splits(
    request: Request, line: RfqLineOut, i: int, splits: Sequence[SplitIn]
) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    seen: set[uuid.UUID] = set()
    total = Decimal(0)
    for j, split in enumerate(splits):
        field = f"lines[{i}].splits[{j}]"
        if split.tenant_id in seen:
            errors.append(
                {"field": f"{field}.tenant_id", "message": "this supplier is named twice for the line"}
            )
        elif _quoted(request, line, split.tenant_id) is None:
            errors.append(
                {"field": f"{field}.tenant_id", "message": "this supplier has no live quote for the line"}
            )
        seen.add(split.tenant_id)
        if not split.quantity.is_finite() or split.quantity <= 0:
            errors.append({"field": f"{field}.quantity", "message": "must be more than 0"})
        else:
            total += split.quantity
    if total > line.quantity:
        errors.append(
            {
                "field": f"lines[{i}].splits",
                "message": f"the splits add up to {total}, above the line's {line.quantity}",
            }
        )
    return errors


def _quoted(request: Request, line: RfqLineOut, tenant_id: uuid.UUID) -> SentRevisionLine | None:
    """The supplier's answer to the line when its quote is live and quotes it."""
    invitation = request.invitations.get(tenant_id)
    revision = request.revisions.get(tenant_id)
    if invitation is None or invitation.status not in LIVE or revision is None:
        return None
    if revision.currency != request.rfq.currency:  # sending refuses it: never awarded if it got in
        return None
    answer = next((a for a in revision.lines if a.line_id == line.id), None)
    return (
        answer if answer is not None and answer.status == "quoted" and answer.unit_price is not None else None
    )


def _priced(request: Request, line: RfqLineOut, tenant_id: uuid.UUID, quantity: Decimal) -> AwardedLine:
    answer = _quoted(request, line, tenant_id)
    assert answer is not None and answer.unit_price is not None
    currency = request.rfq.currency
    unit = unit_price_at(answer.unit_price, answer.breaks, quantity)
    sku = answer.sku or (line.sku if line.kind == "sku" and line.tenant_id == tenant_id else None)
    tiers = [
        {"min_quantity": str(q), "unit_price": str(p)}
        for q, p in quote_tiers(answer.unit_price, answer.breaks, answer.moq).items()
    ]
    return AwardedLine(
        line,
        tenant_id,
        request.revisions[tenant_id],
        sku,
        quantity,
        unit,
        tiers,
        line_total(quantity, unit, currency),
    )


def _check_outcomes(data: AwardIn, awarded: Sequence[AwardedLine]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    winners = {a.tenant_id for a in awarded}
    if data.orders is not None:
        for tenant_id in data.orders.payment_methods:
            if tenant_id not in winners:
                errors.append(
                    {"field": f"orders.payment_methods.{tenant_id}", "message": "no line is awarded to it"}
                )
        position = {line.line_id: i for i, line in enumerate(data.lines)}
        for a in awarded:
            if a.sku is None:
                errors.append(
                    {
                        "field": f"lines[{position[a.line.id]}].splits",
                        "message": "a supplier quoted this text line without a SKU: it cannot be ordered",
                        "tenant_id": str(a.tenant_id),
                    }
                )
    if data.contract is not None and data.contract.valid_until <= datetime.now(UTC).date():
        errors.append({"field": "contract.valid_until", "message": "must be after today"})
    return errors


async def _categories(db: Database, awarded: Sequence[AwardedLine]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Each winner's awarded products' categories (approval rules on categories), read in its
    own schema before the public transaction (never two tenant schemas in one)."""
    skus: dict[uuid.UUID, set[str]] = {}
    for a in awarded:
        if a.sku is not None:
            skus.setdefault(a.tenant_id, set()).add(a.sku)
    found = {}
    for tenant_id, wanted in skus.items():
        async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
            variants = await catalog.variants_with_products(tx, sorted(wanted))
        found[tenant_id] = sorted(
            {v["category_id"] for v in variants.values() if v["category_id"] is not None}
        )
    return found


async def _write(
    tx: Tx,
    ctx: OrgContext,
    request: Request,
    data: AwardIn,
    awarded: Sequence[AwardedLine],
    categories: dict[uuid.UUID, list[uuid.UUID]],
) -> uuid.UUID:
    rfq = request.rfq
    user_id = _buyer_user(ctx)
    winners = list(dict.fromkeys(a.tenant_id for a in awarded))
    checkout_id = None
    if data.orders is not None and winners:
        outcome = await checkout.submit_locked(
            tx, rfq.org_id, user_id, _locked(rfq, data.orders, awarded, categories)
        )
        checkout_id = outcome.checkout_id
    award_id = uuid.uuid4()
    valid_until = data.contract.valid_until if data.contract else None
    await repo.insert_award(
        tx, award_id, rfq.id, checkout_id=checkout_id, contract_valid_until=valid_until, awarded_by=user_id
    )
    if awarded:
        await repo.insert_lines(tx, [_line_row(award_id, rfq.currency, a) for a in awarded])
    if data.contract is not None:
        await repo.insert_steps(tx, award_id, winners)
    await requests.set_rfq_status(tx, rfq.id, "awarded", "buyer")
    losers = [
        i.tenant_id
        for i in request.invitations.values()
        if i.tenant_id not in winners and i.status in REJECTABLE
    ]
    for tenant_id in winners:
        await requests.set_quote_status(tx, rfq.id, tenant_id, "accepted", "buyer")
    for tenant_id in losers:
        await requests.set_quote_status(tx, rfq.id, tenant_id, "rejected", "buyer", reason="not awarded")
    await _announce(tx, ctx, request, award_id, awarded, winners, losers)
    return award_id


def _locked(
    rfq: RfqHeader,
    orders: OrdersIn,
    awarded: Sequence[AwardedLine],
    categories: dict[uuid.UUID, list[uuid.UUID]],
) -> LockedCheckout:
    by_supplier: dict[uuid.UUID, list[LockedLine]] = {}
    for a in awarded:
        assert a.sku is not None  # checked: an order line needs a SKU
        by_supplier.setdefault(a.tenant_id, []).append(
            LockedLine(
                sku=a.sku,
                quantity=a.quantity,
                unit_price=a.unit_price,
                source_rfq_id=rfq.id,
                source_quote_revision_id=a.revision.id,
            )
        )
    return LockedCheckout(
        ship_to_location_id=orders.ship_to_location_id,
        bill_to_location_id=orders.bill_to_location_id,
        po_number=orders.po_number or rfq.number,
        requested_delivery_date=orders.requested_delivery_date or rfq.delivery_date,
        note=orders.note,
        rfq_id=rfq.id,
        field_prefix="orders.",
        suppliers=[
            LockedSupplier(
                tenant_id=tenant_id,
                payment_method=orders.payment_methods.get(tenant_id, "bank_transfer"),
                currency=rfq.currency,
                lines=lines,
                category_ids=categories.get(tenant_id, []),
            )
            for tenant_id, lines in by_supplier.items()
        ],
    )


def _line_row(award_id: uuid.UUID, currency: str, a: AwardedLine) -> dict[str, Any]:
    return {
        "award_id": award_id,
        "line_id": a.line.id,
        "tenant_id": a.tenant_id,
        "revision_id": a.revision.id,
        "sku": a.sku,
        "quantity": a.quantity,
        "unit_price": a.unit_price,
        "breaks": a.tiers,
        "currency": currency,
        "line_total": a.line_total,
    }


async def _announce(
    tx: Tx,
    ctx: OrgContext,
    request: Request,
    award_id: uuid.UUID,
    awarded: Sequence[AwardedLine],
    winners: Sequence[uuid.UUID],
    losers: Sequence[uuid.UUID],
) -> None:
    """Events, the audit record, and each supplier's people told (the losers without prices)."""
    rfq = request.rfq
    payload = {"rfq_id": rfq.id, "award_id": award_id, "org_id": rfq.org_id}
    await emit(tx, RFQ_AWARDED, payload={**payload, "tenant_ids": [str(t) for t in winners]})
    params = {"rfq_id": str(rfq.id), "number": rfq.number, "title": rfq.title, "buyer_name": ctx.org.name}
    for tenant_id in winners:
        count = sum(1 for a in awarded if a.tenant_id == tenant_id)
        readers = await people().members_with_roles(tx, f"tenant:{tenant_id}", SUPPLIER_READERS)
        await notifications.notify(tx, readers, "rfq.awarded", {**params, "lines": count}, org_id=tenant_id)
    for tenant_id in losers:
        await emit(tx, RFQ_LOST, tenant_id=tenant_id, payload=payload)
        readers = await people().members_with_roles(tx, f"tenant:{tenant_id}", SUPPLIER_READERS)
        await notifications.notify(tx, readers, "rfq.lost", params, org_id=tenant_id)
    after = {
        "lines": len(awarded),
        "suppliers": [str(t) for t in winners],
        "total": str(sum((a.line_total for a in awarded), Decimal(0))),
    }
    await audit.record_by(
        tx, ctx.principal, ctx.domain, "rfq.awarded", "rfq", rfq.id, after=after, label=rfq.number
    )


# -- after the commit: orders and contract lists -----------------------------------------------


async def _finish(db: Database, ctx: OrgContext, rfq_id: uuid.UUID) -> AwardOut:
    async with db.transaction() as tx:
        row = await repo.award_of_rfq(tx, rfq_id)
    assert row is not None
    await run_award(db, row["id"], row["checkout_id"])
    return await get_award(db, ctx, rfq_id)


async def run_award(db: Database, award_id: uuid.UUID, checkout_id: uuid.UUID | None) -> None:
    """Place the orders (checkout's steps: each once) and write each pending contract list;
    then the award is ``completed`` once no step is pending. Safe to run again."""
    if checkout_id is not None:
        await checkout.run_steps(db, checkout_id)
    async with db.transaction() as tx:
        pending = await repo.pending_tenants(tx, award_id)
    for tenant_id in pending:
        await run_contract_step(db, award_id, tenant_id)
    async with db.transaction() as tx:
        await repo.complete_if_done(tx, award_id)


async def run_contract_step(db: Database, award_id: uuid.UUID, tenant_id: uuid.UUID) -> None:
    """One supplier's contract list, in one transaction in its schema + public: the list of
    kind ``contract`` for the buyer (the awarded SKUs, the quoted breaks as tiers, valid until
    the agreed date) and the step marked done with its id. The step's row is locked while it is
    pending, so a second runner waits, then finds it done: one list. A line without a SKU of the
    catalog makes the step ``needs_mapping`` (the supplier maps it, then it runs again)."""
    try:
        async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
            locked = await repo.lock_pending_step(tx, award_id, tenant_id)
            if locked is None:
                return  # another runner did it
            rfq = await requests.rfq_header(tx, locked["rfq_id"])
            assert rfq is not None
            step = {**dict(locked), "org_id": rfq.org_id, "number": rfq.number, "currency": rfq.currency}
            lines = await _award_lines(tx, award_id, rfq.id, tenant_id)
            skus = sorted({line["sku"] for line in lines if line["sku"] is not None})
            variants = await catalog.variants_with_products(tx, skus)
            unmapped = [line for line in lines if line["sku"] is None or line["sku"] not in variants]
            if unmapped:
                await _needs_mapping(tx, step, unmapped)
                return
            quoted: dict[uuid.UUID, list[dict[Decimal, Decimal]]] = {}
            for line in lines:  # two RFQ lines of one SKU: one item, the lower price at each tier
                quoted.setdefault(variants[line["sku"]]["id"], []).append(_tiers(line["breaks"]))
            items = {variant_id: lowest_tiers(tiers) for variant_id, tiers in quoted.items()}
            list_id = await pricing.create_contract_list(
                tx,
                tenant_id,
                buyer_org_id=step["org_id"],
                name=f"RFQ {step['number']}",
                currency=step["currency"].strip(),
                valid_to=step["contract_valid_until"],
                items=list(items.items()),
            )
            await repo.mark_step(tx, award_id, tenant_id, "done", price_list_id=list_id)
            await emit(
                tx,
                RFQ_CONTRACT_LIST,
                tenant_id=tenant_id,
                payload={"rfq_id": step["rfq_id"], "award_id": award_id, "price_list_id": list_id},
            )
    except HansaError as refused:
        async with db.transaction() as tx:
            await repo.mark_step(
                tx, award_id, tenant_id, "failed", reason=refused.detail, only_from="pending"
            )


def _tiers(raw: Sequence[dict[str, Any]]) -> dict[Decimal, Decimal]:
    return {Decimal(str(t["min_quantity"])): Decimal(str(t["unit_price"])) for t in raw}


async def _needs_mapping(tx: Tx, step: Any, unmapped: Sequence[Any]) -> None:
    names = ", ".join(f"line {line['position']}" for line in unmapped)
    reason = f"map {names} to a SKU of your catalog"
    await repo.mark_step(tx, step["award_id"], step["tenant_id"], "needs_mapping", reason=reason)
    readers = await people().members_with_roles(tx, f"tenant:{step['tenant_id']}", SUPPLIER_READERS)
    params = {"rfq_id": str(step["rfq_id"]), "number": step["number"], "lines": names}
    await notifications.notify(tx, readers, "rfq.award_mapping", params, org_id=step["tenant_id"])


async def resume_awards(db: Database, *, idle: timedelta, limit: int = RESUME_BATCH) -> int:
    """Complete the awards left ``placing`` for ``idle`` or longer (a crash between steps);
    each is claimed by one run (SKIP LOCKED). Returns how many were resumed."""
    async with db.transaction() as tx:
        claimed = await repo.claim_placing(tx, idle, limit)
    for row in claimed:
        await run_award(db, row["id"], row["checkout_id"])
    return len(claimed)


# -- reading -----------------------------------------------------------------------------------


async def _award_lines(
    tx: Tx, award_id: uuid.UUID, rfq_id: uuid.UUID, tenant_id: uuid.UUID | None = None
) -> list[dict[str, Any]]:
    """The award's lines (one supplier's when ``tenant_id``) with their RFQ line's position,
    description and unit (read through rfq.requests), in position order."""
    asked = {line.id: line for line in await requests.rfq_lines(tx, rfq_id)}
    lines = [
        {
            **dict(row),
            "position": asked[row["line_id"]].position,
            "description": asked[row["line_id"]].description,
            "unit": asked[row["line_id"]].unit,
        }
        for row in await repo.award_lines(tx, award_id, tenant_id)
    ]
    return sorted(lines, key=lambda line: (line["position"], str(line["tenant_id"])))


async def get_award(db: Database, ctx: OrgContext, rfq_id: uuid.UUID) -> AwardOut:
    """``GET .../rfqs/{id}/award``: the award, each supplier's order and contract list."""
    async with db.transaction() as tx:
        rfq = await requests.buyer_rfq(tx, ctx.org.id, rfq_id)
        row = await repo.award_of_rfq(tx, rfq_id)
        if row is None:
            raise AwardNotFound("this RFQ is not awarded")
        lines = await _award_lines(tx, row["id"], rfq_id)
        steps = {s["tenant_id"]: s for s in await repo.steps_of(tx, row["id"])}
        names = await tenants.tenants_by_id(tx, [line["tenant_id"] for line in lines])
    # the company's orders: an API key of the company reads them too (no person needed)
    placed = await checkout.checkout_of(db, ctx.org.id, row["checkout_id"]) if row["checkout_id"] else None
    orders = {s.tenant_id: s for s in placed.steps} if placed else {}
    winners = list(dict.fromkeys(line["tenant_id"] for line in lines))
    return AwardOut(
        id=row["id"],
        rfq_id=rfq.id,
        number=rfq.number,
        status=row["status"],
        currency=rfq.currency,
        checkout_id=row["checkout_id"],
        checkout_status=placed.status if placed else None,
        contract_valid_until=row["contract_valid_until"],
        awarded_at=row["awarded_at"],
        total=sum((line["line_total"] for line in lines), Decimal(0)),
        lines=[_line_out(line) for line in lines],
        suppliers=[
            _supplier_out(
                t,
                names.get(t),
                [line for line in lines if line["tenant_id"] == t],
                orders.get(t),
                steps.get(t),
                placed.status if placed else None,
            )
            for t in winners
        ],
    )


def _line_out(row: Any) -> AwardLineOut:
    return AwardLineOut(
        line_id=row["line_id"],
        position=row["position"],
        description=row["description"],
        tenant_id=row["tenant_id"],
        revision_id=row["revision_id"],
        sku=row["sku"],
        quantity=row["quantity"],
        unit_price=row["unit_price"],
        currency=row["currency"].strip(),
        line_total=row["line_total"],
    )


def _supplier_out(
    tenant_id: uuid.UUID,
    tenant: TenantOut | None,
    lines: Sequence[Any],
    order: StepOut | None,
    step: Any,
    checkout_status: str | None,
) -> AwardSupplierOut:
    waiting = checkout_status == "pending_approval"
    return AwardSupplierOut(
        tenant_id=tenant_id,
        name=tenant.name if tenant else "",
        total=sum((line["line_total"] for line in lines), Decimal(0)),
        order_status=None if order is None else ("waiting_approval" if waiting else order.status),
        order_id=order.order_id if order else None,
        order_number=order.order_number if order else None,
        order_state=order.order_status if order else None,
        order_reason=(
            "waiting for approval"
            if waiting
            else (order.failure_reason or order.order_status_reason if order else None)
        ),
        contract_status=step["status"] if step else None,
        price_list_id=step["price_list_id"] if step else None,
        contract_reason=step["failure_reason"] if step else None,
    )


# -- the supplier's side -----------------------------------------------------------------------


async def supplier_award(db: Database, ctx: SupplierContext, rfq_id: uuid.UUID) -> SupplierAwardOut:
    """``GET /suppliers/{tenant}/rfqs/{id}/award``: its own awarded lines and contract step;
    an RFQ it is not invited to, or that gave it no line, is 404 (never another's lines)."""
    async with db.transaction() as tx:
        return await _supplier_award(tx, ctx.tenant_id, rfq_id)


async def _supplier_award(tx: Tx, tenant_id: uuid.UUID, rfq_id: uuid.UUID) -> SupplierAwardOut:
    rfq, _ = await requests.supplier_rfq(tx, tenant_id, rfq_id)
    row = await repo.award_of_rfq(tx, rfq_id)
    lines = await _award_lines(tx, row["id"], rfq_id, tenant_id) if row else []
    if row is None or not lines:
        raise AwardNotFound("no award of this RFQ to you")
    step = await repo.step(tx, row["id"], tenant_id)
    checkout_id = row["checkout_id"]
    order_number = await checkout.order_number_of(tx, checkout_id, tenant_id) if checkout_id else None
    return SupplierAwardOut(
        rfq_id=rfq.id,
        number=rfq.number,
        title=rfq.title,
        currency=rfq.currency,
        awarded_at=row["awarded_at"],
        contract_valid_until=row["contract_valid_until"],
        contract_status=step["status"] if step else None,
        price_list_id=step["price_list_id"] if step else None,
        contract_reason=step["failure_reason"] if step else None,
        order_number=order_number,
        lines=[
            SupplierAwardLine(
                line_id=line["line_id"],
                position=line["position"],
                description=line["description"],
                unit=line["unit"],
                sku=line["sku"],
                quantity=line["quantity"],
                unit_price=line["unit_price"],
                line_total=line["line_total"],
            )
            for line in lines
        ],
    )


async def map_lines(
    db: Database, ctx: SupplierContext, rfq_id: uuid.UUID, data: MappingsIn
) -> SupplierAwardOut:
    """``POST /suppliers/{tenant}/rfqs/{id}/award``: the supplier maps its awarded lines to
    SKUs of its catalog (active variants); the contract step runs again with them. Unknown
    lines or SKUs: 422 naming ``mappings[i]``, nothing changed."""
    async with tenant_transaction(db, ctx) as tx:
        current = await _supplier_award(tx, ctx.tenant_id, rfq_id)
        found = await repo.award_of_rfq(tx, rfq_id)
        assert found is not None  # _supplier_award found it
        award_id = found["id"]
        step = await repo.step(tx, award_id, ctx.tenant_id, lock=True)
        if step is None or step["status"] == "done":
            raise NotAwardable("this award's contract list is written already (or none was asked)")
        mine = {line.line_id for line in current.lines}
        variants = await catalog.variants_with_products(tx, sorted({m.sku for m in data.mappings}))
        errors = []
        for i, m in enumerate(data.mappings):
            if m.line_id not in mine:
                errors.append({"field": f"mappings[{i}].line_id", "message": "no such line awarded to you"})
            variant = variants.get(m.sku)
            if variant is None or variant["variant_status"] != "active":
                errors.append({"field": f"mappings[{i}].sku", "message": "no active SKU of your catalog"})
        if errors:
            raise InvalidAward("these lines cannot be mapped so", errors=errors)
        await repo.set_line_skus(tx, award_id, ctx.tenant_id, [(m.line_id, m.sku) for m in data.mappings])
        await repo.mark_step(tx, award_id, ctx.tenant_id, "pending")
        await repo.reopen(tx, award_id)
        await audit.record_in(
            tx, ctx, "rfq.award_mapped", "rfq", rfq_id, label=current.number,
            after={"mappings": {str(m.line_id): m.sku for m in data.mappings}},
        )  # fmt: skip
    await run_award(db, award_id, None)
    async with db.transaction() as tx:
        return await _supplier_award(tx, ctx.tenant_id, rfq_id)
