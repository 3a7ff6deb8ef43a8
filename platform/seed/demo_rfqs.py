"""Demo RFQs (docs/demo-data.md): requests for quotes in every state across the demo's buyers
and suppliers, written through the RFQ services as the people would (drafts, submissions,
quotes, a counter-offer and a revision, a decline, a withdrawal, an expiry, an award into
orders and a contract list), so every RFQ screen has something to show on ``make run``.

Runs after the catalog seed (``seed_demo``), in its own step because the services need the
whole application's resources. Does nothing when the demo buyers have RFQs already. A
quote can only be sent valid until today at the earliest, so the demo's expired quote is
sent valid until today and expired by the expiry job run as of tomorrow."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hansa.core.db import Tx
from hansa.core.principal import Principal
from hansa.core.resources import Resources
from hansa.core.tenancy import Actor, TenantContext, schema_for, tenant_transaction
from hansa.identity.orgs.schemas import OrganisationOut
from hansa.identity.orgs.service import OrgContext
from hansa.identity.principal import org_domain
from hansa.marketplace.buyers import service as buyers
from hansa.marketplace.catalog import service as catalog
from hansa.rfq.awards import service as awards
from hansa.rfq.awards.schemas import AwardIn, AwardLineIn, ContractIn, OrdersIn, SplitIn
from hansa.rfq.quotes import service as quotes
from hansa.rfq.quotes.schemas import CounterIn, CounterLineIn, DraftIn, DraftLineIn, PriceBreak, SendIn
from hansa.rfq.requests import service as requests
from hansa.rfq.requests.schemas import CancelIn, InvitationsIn, NewRfq, NewRfqLine, RfqDetail
from hansa.seed.data import BUYERS
from hansa.seed.demo import DEFAULT_SEED, Ids, email_for

FASTENERS = "fasteners"
AWARDED = (Decimal(500), Decimal(1000))  # the Lübeck lines' quantities
ELECTRICAL = "electrical"


@dataclass(frozen=True)
class Line:
    description: str
    quantity: str
    unit: str = "pcs"
    target: str | None = None  # shown to suppliers only when ``show_target``
    show_target: bool = False


@dataclass
class Demo:
    res: Resources
    ids: Ids
    today: date
    now: datetime

    def buyer(self, slug: str, role: str = "owner") -> OrgContext:
        org_id, user_id = self.ids("org", slug), self.ids("user", email_for(role, slug))
        name = next(b.name for b in BUYERS if b.slug == slug)
        org = OrganisationOut(
            id=org_id, kind="buyer", name=name, status="active", created_at=self.now, slug=slug
        )
        principal = Principal(kind="user", id=user_id, user_id=user_id, org_id=org_id)
        return OrgContext(principal, org, org_domain("buyer", org_id))

    def supplier(self, slug: str, role: str = "sales") -> TenantContext:
        tenant_id = self.ids("org", slug)
        actor = Actor(kind="user", id=str(self.ids("user", email_for(role, slug))))
        return TenantContext(tenant_id, schema_for(tenant_id), actor=actor, org=f"tenant:{tenant_id}")


async def seed_demo_rfqs(res: Resources, *, seed: int = DEFAULT_SEED) -> int:
    """The demo RFQs; how many were written (0: there were some already)."""
    now = datetime.now(UTC)
    demo = Demo(res, Ids(seed), now.date(), now)
    if (await requests.list_rfqs(res, demo.buyer("nordbau"), limit=1)).items:
        return 0
    written = [
        await _negotiating(demo),
        await _closed_for_award(demo),
        await _awarded(demo),
        await _sealed(demo),
        await _draft_rfq(demo),
        await _waiting_for_approval(demo),
        await _cancelled(demo),
        await _in_lei(demo),
    ]
    return len(written)


# -- the RFQs ------------------------------------------------------------------------------


async def _negotiating(demo: Demo) -> uuid.UUID:
    """Open: BoltNut quoted, was countered and revised; SteelCraft quoted; FixPro drafts."""
    buyer = demo.buyer("nordbau")
    lines = [
        Line("Anchor bolt M20 x 300, hot-dip galvanised, DIN 529", "400", target="4.10", show_target=True),
        Line("Hex nut M20, grade 8, galvanised, DIN 934", "800"),
        Line("Washer 21 mm, galvanised, DIN 125", "800"),
        Line("Threaded rod M20 x 1000, grade 8.8, galvanised", "120"),
    ]
    rfq = await _open(
        demo, buyer, "Anchor bolts for the Kiel harbour pier", lines, ["boltnut", "steelcraft", "fixpro"]
    )
    line_ids = [line.id for line in rfq.lines]
    await _quote(demo, "boltnut", rfq.id, line_ids, ["4.45", "0.62", "0.09", "6.90"], lead=12)
    await quotes.counter(
        demo.res.db,
        buyer,
        rfq.id,
        demo.ids("org", "boltnut"),
        CounterIn(
            comment="SteelCraft is below you on the anchors; can you meet our target on 400 pieces?",
            lines=[CounterLineIn(line_id=line_ids[0], target_price=Decimal("4.10"), comment="our target")],
        ),
    )
    await _quote(demo, "boltnut", rfq.id, line_ids, ["4.15", "0.62", "0.09", "6.90"], lead=12)
    await _quote(demo, "steelcraft", rfq.id, line_ids, ["4.05", "0.66", "0.08", None], lead=20)
    await quotes.save_draft(demo.res.db, demo.supplier("fixpro"), rfq.id, _draft(line_ids, ["4.20"], lead=15))
    return rfq.id


async def _closed_for_award(demo: Demo) -> uuid.UUID:
    """Closed early by the buyer: two quotes to compare and award (one countered since), one
    decline."""
    buyer = demo.buyer("nordbau")
    lines = [
        Line("Hex bolt M12 x 60, stainless A2-70, DIN 933", "2000", target="0.38"),
        Line("Hex bolt M16 x 80, stainless A4-80, DIN 933", "600", target="1.45"),
        Line("Nyloc nut M12, stainless A2, DIN 985", "2000"),
    ]
    rfq = await _open(
        demo, buyer, "Stainless fixings framework 2027", lines, ["boltnut", "steelcraft", "fixpro"]
    )
    line_ids = [line.id for line in rfq.lines]
    await _quote(demo, "boltnut", rfq.id, line_ids, ["0.36", "1.52", "0.11"], lead=10)
    await _quote(demo, "steelcraft", rfq.id, line_ids, ["0.39", "1.41", "0.10"], lead=14)
    await quotes.decline(demo.res.db, demo.supplier("fixpro"), rfq.id, "No A4-80 stock before March.")
    await requests.close(demo.res, buyer, rfq.id)
    await quotes.counter(
        demo.res.db,
        buyer,
        rfq.id,
        demo.ids("org", "steelcraft"),
        CounterIn(
            comment="Best on M16 and nuts; the M12 bolts decide it.",
            lines=[CounterLineIn(line_id=line_ids[0], target_price=Decimal("0.36"), quantity=Decimal(2500))],
        ),
    )
    return rfq.id


async def _awarded(demo: Demo) -> uuid.UUID:
    """Awarded per line to BoltNut and SteelCraft: two orders and two contract lists."""
    buyer = demo.buyer("nordbau")
    lines = [
        Line("Hex bolt for the Lübeck racking, as per drawing", "500"),
        Line("Matching hex nut", "1000"),
    ]
    rfq = await _open(demo, buyer, "Racking bolts for the Lübeck warehouse", lines, ["boltnut", "steelcraft"])
    line_ids = [line.id for line in rfq.lines]
    await _quote(
        demo, "boltnut", rfq.id, line_ids, ["0.21", "0.07"], lead=7, skus=await _skus(demo, "boltnut", 2)
    )
    await _quote(
        demo,
        "steelcraft",
        rfq.id,
        line_ids,
        ["0.24", "0.06"],
        lead=9,
        skus=await _skus(demo, "steelcraft", 2),
    )
    locations = await buyers.list_locations(demo.res.db, buyer)
    ship_to = next(loc.id for loc in locations if loc.is_default_ship_to)
    bill_to = next(loc.id for loc in locations if loc.is_default_bill_to)
    await awards.award(
        demo.res.db,
        buyer,
        rfq.id,
        AwardIn(
            lines=[
                AwardLineIn(line_id=line_ids[0], splits=[SplitIn(demo.ids("org", "boltnut"), Decimal(500))]),
                AwardLineIn(
                    line_id=line_ids[1], splits=[SplitIn(demo.ids("org", "steelcraft"), Decimal(1000))]
                ),
            ],
            orders=OrdersIn(
                ship_to_location_id=ship_to, bill_to_location_id=bill_to, po_number="PO-NB-RFQ-1"
            ),
            contract=ContractIn(valid_until=demo.today + timedelta(days=365)),
        ),
        key=str(demo.ids("rfq-award", "lubeck")),
    )
    return rfq.id


async def _sealed(demo: Demo) -> uuid.UUID:
    """Sealed, on the electrical marketplace: Voltra quoted (the buyer sees who, not what),
    Ampere quoted and withdrew."""
    buyer = demo.buyer("nordbau")
    lines = [
        Line("Cable gland M25, IP68, nickel-plated brass", "300"),
        Line("Cable gland M32, IP68, nickel-plated brass", "150"),
    ]
    rfq = await _open(
        demo,
        buyer,
        "Cable glands for the pumping station",
        lines,
        ["voltra", "ampere"],
        market=ELECTRICAL,
        sealed=True,
    )
    line_ids = [line.id for line in rfq.lines]
    await _quote(demo, "voltra", rfq.id, line_ids, ["1.85", "2.60"], lead=5)
    await _quote(demo, "ampere", rfq.id, line_ids, ["1.95", "2.70"], lead=8)
    await quotes.withdraw(demo.res.db, demo.supplier("ampere"), rfq.id, "Price list change on 1 December.")
    return rfq.id


async def _draft_rfq(demo: Demo) -> uuid.UUID:
    buyer = demo.buyer("nordbau", "purchaser")
    lines = [
        Line("Chemical anchor cartridge 300 ml, vinylester", "60"),
        Line("Anchor rod M12 x 160, A4", "240"),
    ]
    rfq = await _create(demo, buyer, "Chemical anchors, Kiel site", lines, ["boltnut", "steelcraft"])
    return rfq.id


async def _waiting_for_approval(demo: Demo) -> uuid.UUID:
    """Submitted by the purchaser above Nordbau's 10,000 EUR rule: waits for its approvers."""
    buyer = demo.buyer("nordbau", "purchaser")
    lines = [
        Line("Structural bolt set M24 HV 10.9, DIN EN 14399-4", "1500", target="6.80"),
        Line("Tension control bolt M20, grade S10T", "900", target="3.40"),
    ]
    rfq = await _create(
        demo, buyer, "Steel hall extension: structural bolts", lines, ["boltnut", "steelcraft"]
    )
    await requests.submit(demo.res, buyer, rfq.id)
    return rfq.id


async def _cancelled(demo: Demo) -> uuid.UUID:
    buyer = demo.buyer("nordbau")
    lines = [Line("Wood screw 5 x 60, zinc-plated, Torx", "5000")]
    rfq = await _open(demo, buyer, "Site hoarding screws", lines, ["fixpro", "steelcraft"])
    await requests.cancel(demo.res, buyer, rfq.id, _cancel("The hoarding was rented with its fixings."))
    return rfq.id


async def _in_lei(demo: Demo) -> uuid.UUID:
    """Carpatica (Romanian) asks in RON; FixPro answered; BoltNut's one-day offer expired."""
    buyer = demo.buyer("carpatica")
    lines = [Line("Diblu nailon 8 x 50 cu șurub", "3000"), Line("Șurub autoforant 4,2 x 19", "6000")]
    rfq = await _open(
        demo, buyer, "Dibluri și șuruburi, șantier Cluj", lines, ["fixpro", "boltnut"], currency="RON"
    )
    line_ids = [line.id for line in rfq.lines]
    await _quote(demo, "fixpro", rfq.id, line_ids, ["0.19", "0.08"], lead=4)
    await _quote(demo, "boltnut", rfq.id, line_ids, ["0.17", "0.07"], lead=2, valid_days=0)
    await quotes.expire_quotes(demo.res.db, as_of=demo.today + timedelta(days=1))
    return rfq.id


# -- steps -----------------------------------------------------------------------------------


async def _create(
    demo: Demo,
    buyer: OrgContext,
    title: str,
    lines: list[Line],
    suppliers: list[str],
    *,
    market: str = FASTENERS,
    currency: str = "EUR",
    sealed: bool = False,
) -> RfqDetail:
    new = NewRfq(
        marketplace=market,
        title=title,
        currency=currency,
        deadline=demo.now + timedelta(days=14),
        delivery_date=demo.today + timedelta(days=45),
        delivery_location_id=await _ship_to(demo, buyer),
        payment_terms_days=30,
        sealed=sealed,
        lines=[_rfq_line(line) for line in lines],
    )
    key = str(demo.ids("rfq", buyer.org.id, title))
    rfq, _ = await requests.create(demo.res, buyer, new, key)
    return await requests.invite(demo.res, buyer, rfq.id, InvitationsIn(suppliers=suppliers))


async def _open(
    demo: Demo, buyer: OrgContext, title: str, lines: list[Line], suppliers: list[str], **kw: object
) -> RfqDetail:
    rfq = await _create(demo, buyer, title, lines, suppliers, **kw)  # type: ignore[arg-type]
    return await requests.submit(demo.res, buyer, rfq.id)


async def _ship_to(demo: Demo, buyer: OrgContext) -> uuid.UUID:
    locations = await buyers.list_locations(demo.res.db, buyer)
    return next(loc.id for loc in locations if loc.is_default_ship_to)


def _rfq_line(line: Line) -> NewRfqLine:
    return NewRfqLine(
        kind="text",
        description=line.description,
        quantity=Decimal(line.quantity),
        unit=line.unit,
        target_price=Decimal(line.target) if line.target else None,
        target_visible=line.show_target,
    )


def _draft(
    line_ids: list[uuid.UUID],
    prices: list[str | None],
    *,
    lead: int,
    skus: list[str] | None = None,
    valid_days: int = 60,
) -> DraftIn:
    lines = []
    for index, line_id in enumerate(line_ids):
        price = prices[index] if index < len(prices) else None
        if price is None:
            lines.append(DraftLineIn(line_id=line_id, status="not_quoted"))
            continue
        unit = Decimal(price)
        lines.append(
            DraftLineIn(
                line_id=line_id,
                unit_price=unit,
                breaks=[PriceBreak(Decimal(5000), (unit * Decimal("0.95")).quantize(Decimal("0.0001")))],
                lead_time_days=lead,
                sku=skus[index] if skus else None,
            )
        )
    return DraftIn(
        lines=lines,
        valid_until=datetime.now(UTC).date() + timedelta(days=valid_days),
        payment_terms_days=30,
        incoterms="DAP",
    )


async def _quote(
    demo: Demo,
    supplier: str,
    rfq_id: uuid.UUID,
    line_ids: list[uuid.UUID],
    prices: list[str | None],
    *,
    lead: int,
    skus: list[str] | None = None,
    valid_days: int = 60,
) -> None:
    ctx = demo.supplier(supplier)
    draft = _draft(line_ids, prices, lead=lead, skus=skus, valid_days=valid_days)
    await quotes.save_draft(demo.res.db, ctx, rfq_id, draft)
    await quotes.send(demo.res.db, ctx, rfq_id, SendIn(), key=None)


async def _skus(demo: Demo, supplier: str, count: int) -> list[str]:
    """``count`` of the supplier's SKUs its answer maps the buyer's text lines to: ones the
    award's orders can take (500 and 1,000 pieces in whole increments, in stock)."""
    async with tenant_transaction(demo.res.db, demo.supplier(supplier)) as tx:
        return await _orderable_skus(tx, count)


async def _orderable_skus(tx: Tx, count: int) -> list[str]:
    rows, _ = await catalog.variants_page(tx, sku=None, limit=500, offset=0)
    stock = await catalog.available_stock(tx, [row["id"] for row in rows])
    fits = [
        row["sku"]
        for row in rows
        if row["min_order_qty"] <= AWARDED[0]
        and all(quantity % row["order_increment"] == 0 for quantity in AWARDED)
        and stock.get(row["id"], Decimal(0)) >= AWARDED[1]
    ]
    return fits[:count]


def _cancel(reason: str) -> CancelIn:
    return CancelIn(reason=reason)
