"""Price resolution against real PostgreSQL: precedence, priority, validity, currency,
tiers, rounding, every reason code, immediate visibility of changes, and 1,000 lines
checked against an independent computation."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from hansa.core.db import Database
from hansa.core.errors import ValidationFailed
from hansa.core.migrations import MigrationSet
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.orgs import repository as org_repo
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.schemas import NewProduct, NewVariant, ProductPatch, VariantPatch
from hansa.marketplace.pricing import service as pricing
from hansa.marketplace.pricing.currency import UnknownCurrency, is_currency, minor_units, round_money
from hansa.marketplace.pricing.schemas import (
    ItemIn,
    NewPriceList,
    NewSegment,
    PriceListItems,
    PriceListPatch,
    SegmentMembers,
    Tier,
)
from hansa.marketplace.pricing.service import ResolvedLine, resolve_prices
from hansa.tenants.schemas import NewTenant
from hansa.tenants.service import provision_tenant
from tests.conftest import unique_slug

D = Decimal
TODAY = date(2026, 3, 15)


@dataclass
class Shop:
    db: Database
    ctx: TenantContext

    async def product(self, *variants: NewVariant, status: str = "published") -> uuid.UUID:
        product = await catalog.create_product(
            self.db,
            self.ctx,
            NewProduct(name="Hex bolt", status=status, variants=list(variants)),  # type: ignore[arg-type]
        )
        return product.id

    async def price_list(
        self,
        kind: str,
        prices: dict[str, list[tuple[str, str]]],
        *,
        currency: str = "EUR",
        priority: int = 0,
        segment: uuid.UUID | None = None,
        buyer: uuid.UUID | None = None,
        valid_from: date | None = None,
        valid_to: date | None = None,
    ) -> uuid.UUID:
        created = await pricing.create_price_list(
            self.db,
            self.ctx,
            NewPriceList(
                name=f"{kind} {uuid.uuid4().hex[:6]}",
                kind=kind,  # type: ignore[arg-type]
                currency=currency,
                priority=priority,
                segment_id=segment,
                buyer_org_id=buyer,
                valid_from=valid_from,
                valid_to=valid_to,
            ),
        )
        await self.set_prices(created.id, prices)
        return created.id

    async def set_prices(self, list_id: uuid.UUID, prices: dict[str, list[tuple[str, str]]]) -> None:
        items = [
            ItemIn(sku=sku, tiers=[Tier(min_qty=D(q), unit_price=D(p)) for q, p in tiers])
            for sku, tiers in prices.items()
        ]
        await pricing.set_items(self.db, self.ctx, list_id, PriceListItems(items=items))

    async def segment(self, *buyers: uuid.UUID) -> uuid.UUID:
        segment = await pricing.create_segment(self.db, self.ctx, NewSegment(name=uuid.uuid4().hex))
        await pricing.set_segment_members(self.db, self.ctx, segment.id, SegmentMembers(list(buyers)))
        return segment.id

    async def resolve(
        self,
        lines: list[tuple[str, str]],
        *,
        buyer: uuid.UUID | None = None,
        currency: str = "EUR",
        at: date = TODAY,
    ) -> list[ResolvedLine]:
        async with tenant_transaction(self.db, self.ctx) as tx:
            return await resolve_prices(
                tx, buyer_org_id=buyer, lines=[(s, D(q)) for s, q in lines], currency=currency, at=at
            )

    async def one(self, sku: str, qty: str, **kwargs: object) -> ResolvedLine:
        return (await self.resolve([(sku, qty)], **kwargs))[0]  # type: ignore[arg-type]


async def new_buyer(db: Database) -> uuid.UUID:
    org_id = uuid.uuid4()
    async with db.transaction() as tx:
        await org_repo.insert_org(tx, org_id=org_id, kind="buyer", name="Buyer GmbH", tenant_id=None)
    return org_id


@pytest.fixture
async def shop(db: Database, migrations: MigrationSet) -> Shop:
    tenant = await provision_tenant(db, migrations, NewTenant(slug=unique_slug("price"), name="Prices SRL"))
    return Shop(db, TenantContext.for_tenant(tenant.id))


def variant(sku: str, **kwargs: object) -> NewVariant:
    return NewVariant(sku=sku, **kwargs)  # type: ignore[arg-type]


async def test_customer_before_segment_before_base(shop: Shop) -> None:
    await shop.product(variant("B-1"))
    special, member, stranger = await new_buyer(shop.db), await new_buyer(shop.db), await new_buyer(shop.db)
    segment = await shop.segment(special, member)
    base = await shop.price_list("base", {"B-1": [("1", "10")]})
    seg = await shop.price_list("segment", {"B-1": [("1", "9")]}, segment=segment)
    cust = await shop.price_list("customer", {"B-1": [("1", "8")]}, buyer=special)
    got = await shop.one("B-1", "1", buyer=special)
    assert (got.unit_price, got.price_list_id, got.price_list_kind) == (D("8"), cust, "customer")
    got = await shop.one("B-1", "1", buyer=member)
    assert (got.unit_price, got.price_list_id, got.price_list_kind) == (D("9"), seg, "segment")
    for buyer in (stranger, None):
        got = await shop.one("B-1", "1", buyer=buyer)
        assert (got.unit_price, got.price_list_id, got.price_list_kind) == (D("10"), base, "base")
    # a contract list ranks with customer lists: priority decides between them
    contract = await shop.price_list("contract", {"B-1": [("1", "7.5")]}, buyer=special, priority=5)
    got = await shop.one("B-1", "1", buyer=special)
    assert (got.unit_price, got.price_list_id, got.price_list_kind) == (D("7.5"), contract, "contract")


async def test_priority_within_a_kind(shop: Shop) -> None:
    await shop.product(variant("P-1"))
    await shop.price_list("base", {"P-1": [("1", "11")]}, priority=1)
    high = await shop.price_list("base", {"P-1": [("1", "12")]}, priority=5)
    got = await shop.one("P-1", "3")
    assert (got.unit_price, got.price_list_id) == (D("12"), high)


async def test_validity_window_is_inclusive_and_open_ended(shop: Shop) -> None:
    await shop.product(variant("V-1"))
    buyer = await new_buyer(shop.db)
    await shop.price_list("base", {"V-1": [("1", "10")]})
    await shop.price_list(
        "customer",
        {"V-1": [("1", "8")]},
        buyer=buyer,
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 6, 30),
    )
    await shop.price_list("customer", {"V-1": [("1", "6")]}, buyer=buyer, valid_from=date(2027, 1, 1))
    prices = {
        at: (await shop.one("V-1", "1", buyer=buyer, at=at)).unit_price
        for at in (
            date(2025, 12, 31),
            date(2026, 1, 1),
            date(2026, 6, 30),
            date(2026, 7, 1),
            date(2030, 1, 1),
        )
    }
    assert prices == {
        date(2025, 12, 31): D("10"),
        date(2026, 1, 1): D("8"),
        date(2026, 6, 30): D("8"),
        date(2026, 7, 1): D("10"),
        date(2030, 1, 1): D("6"),
    }


async def test_lists_only_outside_their_validity_say_so(shop: Shop) -> None:
    await shop.product(variant("X-1"), variant("X-2"), variant("X-3"))
    buyer, other = await new_buyer(shop.db), await new_buyer(shop.db)
    await shop.price_list(
        "contract",
        {"X-1": [("1", "5")]},
        buyer=buyer,
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    await shop.price_list("customer", {"X-2": [("1", "5")]}, buyer=other, valid_to=date(2025, 12, 31))
    await shop.price_list("base", {"X-3": [("1", "5")]}, currency="USD", valid_from=date(2027, 1, 1))
    at = date(2026, 6, 1)
    assert (await shop.one("X-1", "1", buyer=buyer, at=at)).reason == "out_of_validity"
    assert (await shop.one("X-1", "1", buyer=buyer, at=date(2025, 6, 1))).unit_price == D("5")
    assert (await shop.one("X-1", "1", buyer=other, at=at)).reason == "no_price"  # not its list
    assert (await shop.one("X-2", "1", buyer=buyer, at=at)).reason == "no_price"
    assert (await shop.one("X-3", "1", at=at)).reason == "no_price"  # other currency
    assert (await shop.one("X-3", "1", at=at, currency="USD")).reason == "out_of_validity"
    await shop.price_list("base", {"X-1": [("1", "9")]})
    assert (await shop.one("X-1", "1", buyer=buyer, at=at)).unit_price == D("9")


async def test_currency_selects_lists(shop: Shop) -> None:
    await shop.product(variant("C-1"))
    usd = await shop.price_list("base", {"C-1": [("1", "4.20")]}, currency="USD")
    assert (await shop.one("C-1", "1")).reason == "no_price"
    got = await shop.one("C-1", "1", currency="USD")
    assert (got.unit_price, got.price_list_id, got.line_total) == (D("4.2"), usd, D("4.20"))
    with pytest.raises(ValidationFailed):
        await shop.one("C-1", "1", currency="XYZ")


async def test_best_tier_and_next_tier(shop: Shop) -> None:
    await shop.product(variant("T-1"))
    await shop.price_list("base", {"T-1": [("1", "10"), ("100", "9"), ("1000", "8")]})
    got = await shop.one("T-1", "50")
    assert (got.unit_price, got.tier_min_qty, got.next_tier_min_qty, got.next_tier_unit_price) == (
        D("10"),
        D("1"),
        D("100"),
        D("9"),
    )
    assert got.line_total == D("500.00")
    got = await shop.one("T-1", "100")
    assert (got.unit_price, got.tier_min_qty, got.next_tier_min_qty) == (D("9"), D("100"), D("1000"))
    got = await shop.one("T-1", "5000")
    assert (got.unit_price, got.tier_min_qty, got.next_tier_min_qty, got.next_tier_unit_price) == (
        D("8"),
        D("1000"),
        None,
        None,
    )


async def test_a_list_whose_tiers_start_above_the_quantity_falls_through(shop: Shop) -> None:
    await shop.product(variant("F-1"))
    buyer = await new_buyer(shop.db)
    await shop.price_list("base", {"F-1": [("1", "10")]})
    await shop.price_list("customer", {"F-1": [("50", "7")]}, buyer=buyer)
    assert (await shop.one("F-1", "10", buyer=buyer)).price_list_kind == "base"
    assert (await shop.one("F-1", "50", buyer=buyer)).price_list_kind == "customer"


async def test_line_total_is_rounded_once_half_up_eur_jpy_kwd(shop: Shop) -> None:
    await shop.product(variant("R-1"), variant("R-2"), variant("R-3"))
    await shop.price_list(
        "base", {"R-1": [("1", "0.333333")], "R-2": [("1", "1.005")], "R-3": [("1", "0.125")]}
    )
    await shop.price_list("base", {"R-1": [("1", "10.5")], "R-2": [("1", "0.4999")]}, currency="JPY")
    await shop.price_list("base", {"R-1": [("1", "0.0005")]}, currency="KWD")
    eur = await shop.resolve([("R-1", "3"), ("R-2", "1"), ("R-3", "3"), ("R-3", "1")])
    # 3 x 0.333333 = 0.999999 -> 1.00 (rounding the unit price first would give 0.99)
    # 1.005 -> 1.01 and 0.375 -> 0.38 and 0.125 -> 0.13: half-up, not banker's
    assert [line.line_total for line in eur] == [D("1.00"), D("1.01"), D("0.38"), D("0.13")]
    assert eur[0].unit_price == D("0.333333")
    jpy = await shop.resolve([("R-1", "1"), ("R-2", "1")], currency="JPY")
    assert [line.line_total for line in jpy] == [D("11"), D("0")]
    kwd = await shop.one("R-1", "1", currency="KWD")
    assert kwd.line_total == D("0.001")
    assert (minor_units("JPY"), minor_units("EUR"), minor_units("KWD")) == (0, 2, 3)
    assert round_money(D("2.5"), "JPY") == D("3")


def test_minor_units_are_iso_4217_and_codes_without_one_are_refused() -> None:
    # where CLDR's display digits differ from ISO (HUF, IDR, IQD) ISO's minor unit wins
    expected = {"EUR": 2, "RON": 2, "HUF": 2, "IDR": 2, "IQD": 3, "CLF": 4, "UYW": 4, "ISK": 0, "BGN": 2}
    assert {code: minor_units(code) for code in expected} == expected
    assert not is_currency("XAU")  # gold has no minor unit
    assert not is_currency("ABC")
    with pytest.raises(UnknownCurrency):
        minor_units("XTS")


async def test_every_reason_code(shop: Shop) -> None:
    await shop.product(
        variant("OK-1"), variant("MIN-10", min_order_qty=D(10)), variant("INC-5", order_increment=D(5))
    )
    await shop.product(variant("PACK-6", pack_size=D(6), order_increment=D(3)))
    await shop.product(variant("DRAFT-1"), status="draft")
    await shop.product(variant("OFF-1", status="inactive"))
    await shop.product(variant("NOPRICE-1"))
    prices = {sku: [("1", "2")] for sku in ("OK-1", "MIN-10", "INC-5", "PACK-6", "DRAFT-1", "OFF-1")}
    await shop.price_list("base", prices)
    lines = await shop.resolve(
        [
            ("NOPE", "1"),
            ("DRAFT-1", "1"),
            ("OFF-1", "1"),
            ("MIN-10", "5"),
            ("MIN-10", "10"),
            ("INC-5", "12"),
            ("INC-5", "15"),
            ("PACK-6", "9"),
            ("PACK-6", "12"),
            ("NOPRICE-1", "1"),
            ("OK-1", "1.5"),
        ]
    )
    assert [line.reason for line in lines] == [
        "unknown_sku",
        "not_visible",
        "not_visible",
        "below_minimum",
        None,
        "not_pack_multiple",
        None,
        "not_pack_multiple",
        None,
        "no_price",
        "not_pack_multiple",
    ]
    assert all(line.unit_price is None and line.line_total is None for line in lines if line.reason)
    with pytest.raises(ValidationFailed):
        await shop.one("OK-1", "0")


async def test_a_change_is_visible_to_the_next_resolution(shop: Shop) -> None:
    product_id = await shop.product(variant("N-1"))
    buyer = await new_buyer(shop.db)
    base = await shop.price_list("base", {"N-1": [("1", "10")]})
    assert (await shop.one("N-1", "1")).unit_price == D("10")
    await shop.set_prices(base, {"N-1": [("1", "7"), ("10", "6")]})
    assert (await shop.one("N-1", "10")).unit_price == D("6")
    customer = await shop.price_list("customer", {"N-1": [("1", "5")]}, buyer=buyer)
    assert (await shop.one("N-1", "1", buyer=buyer)).unit_price == D("5")
    await pricing.update_price_list(shop.db, shop.ctx, customer, PriceListPatch(valid_to=date(2026, 1, 1)))
    assert (await shop.one("N-1", "1", buyer=buyer)).unit_price == D("7")
    await shop.set_prices(base, {"N-1": []})  # no tiers: the SKU leaves the list
    assert (await shop.one("N-1", "1")).reason == "no_price"
    await shop.set_prices(base, {"N-1": [("1", "7")]})
    await catalog.update_product(shop.db, shop.ctx, product_id, ProductPatch(status="archived"))
    assert (await shop.one("N-1", "1")).reason == "not_visible"
    await catalog.update_product(shop.db, shop.ctx, product_id, ProductPatch(status="published"))
    variant_id = (await catalog.get_product(shop.db, shop.ctx, product_id)).variants[0].id
    await catalog.update_variant(shop.db, shop.ctx, variant_id, VariantPatch(min_order_qty=D(4)))
    assert (await shop.one("N-1", "1")).reason == "below_minimum"
    await pricing.delete_price_list(shop.db, shop.ctx, base)
    assert (await shop.one("N-1", "4")).reason == "no_price"


async def test_price_changes_write_outbox_events(shop: Shop) -> None:
    await shop.product(variant("E-1"))
    base = await shop.price_list("base", {"E-1": [("1", "1")]})
    rows = await shop.db.pool.fetch(
        "SELECT actor, payload->>'change' AS change FROM public.outbox "
        "WHERE tenant_id = $1 ORDER BY created_at",
        shop.ctx.tenant_id,
    )
    assert ("catalog.product_changed", "created") in [(r["actor"], r["change"]) for r in rows]
    assert [r["change"] for r in rows if r["actor"] == "pricing.price_list_changed"] == ["created", "items"]
    assert base


async def test_thousand_lines_match_an_independent_computation(shop: Shop) -> None:
    rng = random.Random(20260315)
    skus = [f"G-{n:04d}" for n in range(400)]
    for start in range(0, len(skus), 100):
        await shop.product(
            *(variant(sku, order_increment=D(rng.choice([1, 1, 2, 5]))) for sku in skus[start : start + 100])
        )
    buyer, other = await new_buyer(shop.db), await new_buyer(shop.db)
    segment = await shop.segment(buyer)
    other_segment = await shop.segment(other)
    # (rank, priority) per list; tiers per sku: (min_qty, unit_price)
    lists: list[tuple[int, int, uuid.UUID, dict[str, list[tuple[str, str]]], bool]] = []

    def random_tiers() -> list[tuple[str, str]]:
        mins = sorted(rng.sample([1, 5, 10, 20, 50, 100, 250], 3))
        return [(str(m), str(D(rng.randint(1, 10**7)) / D(10**5))) for m in mins]

    specs = [
        ("base", 0, None, None, 1.0, True),
        ("base", 3, None, None, 0.3, True),
        ("segment", 0, segment, None, 0.4, True),
        ("segment", 9, other_segment, None, 0.5, False),  # not this buyer's segment
        ("customer", 1, None, buyer, 0.2, True),
        ("contract", 2, None, buyer, 0.1, True),
        ("customer", 9, None, other, 0.5, False),
    ]
    for kind, priority, seg, who, share, applies in specs:
        prices = {sku: random_tiers() for sku in skus if rng.random() < share}
        list_id = await shop.price_list(kind, prices, priority=priority, segment=seg, buyer=who)
        rank = {"customer": 0, "contract": 0, "segment": 1, "base": 2}[kind]
        lists.append((rank, priority, list_id, prices, applies))
    increments = {
        v.sku: v.order_increment
        for page in [await catalog.list_products(shop.db, shop.ctx, limit=200, offset=o) for o in (0, 200)]
        for p in page.items
        for v in p.variants
    }
    lines = [
        (rng.choice([*skus, "MISSING"]), str(rng.choice([1, 2, 5, 10, 20, 60, 100, 300])))
        for _ in range(1000)
    ]
    got = await shop.resolve(lines, buyer=buyer)
    assert len(got) == 1000
    for (sku, qty_text), line in zip(lines, got, strict=True):
        qty = D(qty_text)
        assert (line.sku, line.quantity) == (sku, qty)
        if sku == "MISSING":
            assert line.reason == "unknown_sku"
            continue
        if qty % increments[sku]:
            assert line.reason == "not_pack_multiple"
            continue
        candidates = []
        for rank, priority, list_id, prices, applies in lists:
            tiers = [(D(m), D(p)) for m, p in prices.get(sku, []) if applies]
            usable = [t for t in tiers if t[0] <= qty]
            if usable:
                best = max(usable)
                above = sorted(t for t in tiers if t[0] > qty)
                candidates.append(
                    ((rank, -priority, str(list_id)), list_id, best, above[0] if above else None)
                )
        if not candidates:
            assert line.reason == "no_price", (sku, qty, line)
            continue
        _, list_id, (min_qty, price), nxt = min(candidates, key=lambda c: c[0])
        assert line.reason is None
        assert (line.price_list_id, line.tier_min_qty, line.unit_price) == (list_id, min_qty, price)
        assert (line.next_tier_min_qty, line.next_tier_unit_price) == (nxt if nxt else (None, None))
        assert line.line_total == (qty * price).quantize(D("0.01"), rounding=ROUND_HALF_UP)


async def test_prices_with_tiers_are_the_resolution_plus_the_chosen_items_tiers(shop: Shop) -> None:
    """What a search page shows in one query per supplier: the same lines as without tiers,
    and exactly the tiers ``tiers_of`` gives for the chosen list item."""
    await shop.product(variant("W-1"), variant("W-2", min_order_qty=D("10")), variant("W-3"), variant("W-4"))
    buyer = await new_buyer(shop.db)
    await shop.price_list(
        "base", {"W-1": [("1", "10"), ("100", "9")], "W-2": [("1", "5")], "W-3": [("1", "3")]}
    )
    await shop.price_list("customer", {"W-2": [("10", "4"), ("50", "3.5")], "W-3": [("5", "2")]}, buyer=buyer)
    async with tenant_transaction(shop.db, shop.ctx) as tx:
        rows = await catalog.sellable_variants(tx, variant_ids=None, limit=10)
        plain = await pricing.price_variants(tx, buyer, rows)
        with_tiers = await pricing.price_variants(tx, buyer, rows, with_tiers=True)
        chosen = [(line.price_list_id, vid) for vid, line in plain.lines.items() if line.price_list_id]
        expected = await pricing.tiers_of(tx, chosen)
    assert with_tiers.lines == plain.lines and with_tiers.currency == plain.currency
    assert plain.tiers == {}  # asked for only
    by_sku = {r["sku"]: r["id"] for r in rows}
    assert with_tiers.tiers == {vid: expected[(plain.lines[vid].price_list_id, vid)] for _, vid in chosen}
    assert with_tiers.tiers[by_sku["W-1"]] == [(D("1"), D("10")), (D("100"), D("9"))]
    assert with_tiers.tiers[by_sku["W-2"]] == [(D("10"), D("4")), (D("50"), D("3.5"))]  # the buyer's list
    assert with_tiers.tiers[by_sku["W-3"]] == [(D("1"), D("3"))]  # its own list starts above the MOQ
    assert by_sku["W-4"] not in with_tiers.tiers  # no price, no tiers
