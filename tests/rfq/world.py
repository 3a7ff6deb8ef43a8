"""A marketplace with listed suppliers (each with one product) and a buyer company, and
RFQs written straight into the public tables, for the RFQ tests of every sub-package.
(rfq.requests' own tests create RFQs through its API; the others start from here.)"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hansa.core.db import Tx
from hansa.core.tenancy import TenantContext, schema_for
from tests.fixtures.api import Api
from tests.fixtures.browse import acting_buyer, list_on, product, supplier
from tests.fixtures.catalog import call
from tests.fixtures.marketplaces import category, marketplace
from tests.fixtures.orgs import operator


@dataclass
class Supplier:
    owner: dict[str, str]  # headers of its owner
    slug: str
    tenant_id: uuid.UUID
    sku: str  # its one published product's SKU

    @property
    def ctx(self) -> TenantContext:
        return TenantContext(self.tenant_id, schema_for(self.tenant_id))

    @property
    def base(self) -> str:
        return f"/api/v1/suppliers/{self.slug}"


@dataclass
class RfqWorld:
    api: Api
    ops: dict[str, str]
    marketplace_id: uuid.UUID
    marketplace_slug: str
    category_id: uuid.UUID
    suppliers: list[Supplier]
    buyer: dict[str, str]  # headers of the buyer company's owner, acting for it
    buyer_org: uuid.UUID
    buyer_user: uuid.UUID
    other_buyer: dict[str, str] = field(default_factory=dict)
    other_buyer_org: uuid.UUID | None = None

    @property
    def org(self) -> str:
        return f"/api/v1/orgs/{self.buyer_org}"


async def rfq_world(api: Api, *, suppliers: int = 3) -> RfqWorld:
    ops = await operator(api)
    m = await marketplace(api, ops)
    bolts = await category(api, ops, m["id"], "bolts")
    listed = []
    for index in range(suppliers):
        owner, slug, org_id = await supplier(api, ops, f"Quoting Supplier {index + 1}")
        await list_on(api, ops, owner, org_id, m["id"])
        sku = f"RFQ-{index + 1}"
        await call(
            api,
            "POST",
            f"/api/v1/suppliers/{slug}/products",
            owner,
            product("Hex bolt", sku, bolts["id"]),
            201,
        )
        listed.append(Supplier(owner, slug, uuid.UUID(org_id), sku))
    buyer, buyer_org = await acting_buyer(api, "Requesting Buyer AG")
    other, other_org = await acting_buyer(api, "Other Buyer AG")
    me = (await api.client.get("/api/v1/me", headers=buyer)).json()
    return RfqWorld(
        api,
        ops,
        uuid.UUID(m["id"]),
        m["slug"],
        uuid.UUID(bolts["id"]),
        listed,
        buyer,
        uuid.UUID(buyer_org),
        uuid.UUID(me["id"]),
        other,
        uuid.UUID(other_org),
    )


async def open_rfq(
    w: RfqWorld,
    *,
    lines: int = 2,
    invite: list[Supplier] | None = None,
    status: str = "open",
    sealed: bool = False,
    currency: str = "EUR",
    deadline: datetime | None = None,
    targets: list[tuple[Decimal | None, bool]] | None = None,
) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """An RFQ of the buyer with ``lines`` text lines (quantity 100 * position) inviting
    ``invite`` (all suppliers by default); the RFQ's id and its line ids."""
    async with w.api.db.transaction() as tx:
        return await _write_rfq(tx, w, lines, invite, status, sealed, currency, deadline, targets)


async def _write_rfq(
    db: Tx,
    w: RfqWorld,
    lines: int,
    invite: list[Supplier] | None,
    status: str,
    sealed: bool,
    currency: str,
    deadline: datetime | None,
    targets: list[tuple[Decimal | None, bool]] | None,
) -> tuple[uuid.UUID, list[uuid.UUID]]:
    rfq_id = uuid.uuid4()
    now = datetime.now(UTC)
    invited = w.suppliers if invite is None else invite
    number = f"RFQ-T-{rfq_id.hex[:10]}"
    await db.execute(
        """INSERT INTO public.rfq (id, org_id, marketplace_id, number, title, status, sealed, currency,
           deadline, created_by, submitted_at, opened_at)
           VALUES ($1, $2, $3, $4, 'Bolts for Q1', 'draft', $5, $6, $7, $8, $9, $9)""",
        rfq_id,
        w.buyer_org,
        w.marketplace_id,
        number,
        sealed,
        currency,
        deadline or now + timedelta(days=7),
        w.buyer_user,
        now,
    )
    line_ids = []
    for position in range(1, lines + 1):
        line_id = uuid.uuid4()
        target, visible = (
            (targets or [])[position - 1] if targets and position <= len(targets) else (None, False)
        )
        await db.execute(
            """INSERT INTO public.rfq_line (id, rfq_id, position, kind, description, unit, quantity,
               target_price, target_visible) VALUES ($1, $2, $3, 'text', $4, 'pcs', $5, $6, $7)""",
            line_id,
            rfq_id,
            position,
            f"Hex bolt M{6 + position} stainless, DIN 933",
            Decimal(100 * position),
            target,
            visible,
        )
        line_ids.append(line_id)
    for position, s in enumerate(invited, start=1):
        await db.execute(
            """INSERT INTO public.rfq_invitation (rfq_id, tenant_id, position, invited_by, invited_at)
               VALUES ($1, $2, $3, $4, $5)""",
            rfq_id,
            s.tenant_id,
            position,
            w.buyer_user,
            now,
        )
    if status != "draft":
        await _walk_to(db, rfq_id, status)
    return rfq_id, line_ids


_PATH: dict[str, list[str]] = {
    "pending_approval": ["pending_approval"],
    "open": ["open"],
    "closed": ["open", "closed"],
    "awarded": ["open", "closed", "awarded"],
    "cancelled": ["cancelled"],
}


async def _walk_to(db: Tx, rfq_id: uuid.UUID, status: str) -> None:
    """Along allowed transitions only (the trigger refuses any other)."""
    for step in _PATH[status]:
        await db.execute("UPDATE public.rfq SET status = $2 WHERE id = $1", rfq_id, step)


def money(value: Any) -> Decimal:
    return Decimal(str(value))


async def sent_revision(
    w: RfqWorld,
    rfq_id: uuid.UUID,
    supplier: Supplier,
    prices: dict[uuid.UUID, Decimal | None],
    *,
    number: int = 1,
    status: str | None = None,
    currency: str = "EUR",
    valid_until: date | None = None,
    lead_time_days: int = 10,
    breaks: dict[uuid.UUID, list[tuple[Decimal, Decimal]]] | None = None,
    skus: dict[uuid.UUID, str] | None = None,
    alternatives: dict[uuid.UUID, tuple[str | None, str | None]] | None = None,
    notes: dict[uuid.UUID, str] | None = None,
    lead_times: dict[uuid.UUID, int] | None = None,
) -> uuid.UUID:
    """A sent revision of ``supplier`` written straight into public (as rfq.quotes' sending
    would): ``prices`` per RFQ line (None: not quoted), each line's SKU the supplier's own
    unless ``skus`` says otherwise (``alternatives``: (sku, description), ``notes`` and
    ``lead_times`` per line); the invitation moves to ``status`` (``submitted`` for the
    first revision, ``revised`` after). Returns the revision's id."""
    async with w.api.db.transaction() as db:
        quantities = {
            row["id"]: row["quantity"]
            for row in await db.fetch("SELECT id, quantity FROM public.rfq_line WHERE rfq_id = $1", rfq_id)
        }
        revision_id = uuid.uuid4()
        totals = {
            line_id: (price * quantities[line_id]).quantize(Decimal("0.01"))
            for line_id, price in prices.items()
            if price is not None
        }
        await db.execute(
            """INSERT INTO public.rfq_revision (id, rfq_id, tenant_id, number, draft_id, currency,
               valid_until, total, sent_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Sales Person')""",
            revision_id,
            rfq_id,
            supplier.tenant_id,
            number,
            uuid.uuid4(),
            currency,
            valid_until or (datetime.now(UTC) + timedelta(days=30)).date(),
            sum(totals.values(), Decimal(0)),
        )
        for line_id, price in prices.items():
            line_breaks = [
                {"min_quantity": str(q), "unit_price": str(p)} for q, p in (breaks or {}).get(line_id, [])
            ]
            sku = (skus or {}).get(line_id, supplier.sku) if price is not None else None
            alternative_sku, alternative_description = (alternatives or {}).get(line_id, (None, None))
            await db.execute(
                """INSERT INTO public.rfq_revision_line (revision_id, line_id, status, sku, unit_price,
                   breaks, moq, lead_time_days, line_total, alternative_sku, alternative_description, note)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""",
                revision_id,
                line_id,
                "quoted" if price is not None else "not_quoted",
                sku,
                price,
                line_breaks,
                Decimal(1) if price is not None else None,
                (lead_times or {}).get(line_id, lead_time_days) if price is not None else None,
                totals.get(line_id),
                alternative_sku,
                alternative_description,
                (notes or {}).get(line_id),
            )
        target = status or ("submitted" if number == 1 else "revised")
        current = await db.fetchval(
            "SELECT status FROM public.rfq_invitation WHERE rfq_id = $1 AND tenant_id = $2",
            rfq_id,
            supplier.tenant_id,
        )
        for step in _quote_path(current, target):
            await db.execute(
                "UPDATE public.rfq_invitation SET status = $3, latest_revision = $4 "
                "WHERE rfq_id = $1 AND tenant_id = $2",
                rfq_id,
                supplier.tenant_id,
                step,
                number,
            )
    return revision_id


def _quote_path(current: str, target: str) -> list[str]:
    """Allowed steps from ``current`` to ``target`` (the trigger refuses any other)."""
    if current == target:
        return []
    paths = {
        "submitted": ["submitted"],
        "revised": ["submitted", "revised"] if current in ("invited", "draft") else ["revised"],
        "countered": ["submitted", "countered"] if current in ("invited", "draft") else ["countered"],
        "expired": ["submitted", "expired"] if current in ("invited", "draft") else ["expired"],
        "accepted": ["submitted", "accepted"] if current in ("invited", "draft") else ["accepted"],
        "rejected": ["submitted", "rejected"] if current in ("invited", "draft") else ["rejected"],
        "withdrawn": ["submitted", "withdrawn"] if current in ("invited", "draft") else ["withdrawn"],
    }
    return paths[target]
