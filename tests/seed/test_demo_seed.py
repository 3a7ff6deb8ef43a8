"""``hansa seed demo``: deterministic, idempotent, usable (a buyer gets its price, a
user signs in). Each test seeds fresh databases of the worker's server, so the
demo's fixed slugs and e-mails never meet other tests' rows."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.migrations import MigrationSet
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.approvals.schemas import PurchaseSummary, SupplierPart
from hansa.marketplace.approvals.service import approval_plan
from hansa.marketplace.orders.states import STATUSES
from hansa.marketplace.pricing.schemas import LineIn, ResolveRequest
from hansa.marketplace.pricing.service import resolve
from hansa.seed.data import BUYERS, PASSWORD, SUPPLIERS
from hansa.seed.demo import Ids, demo_logins, email_for, has_only_platform_organisations, seed_demo
from hansa.seed.demo_orders import NOW as DEMO_NOW
from hansa.seed.demo_orders import ORDERS_PER_SUPPLIER
from tests.seed.conftest import FreshDb

PRODUCTS = 60


async def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every demo row that must repeat, without timestamps the database sets."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    public = {
        "marketplace": "SELECT id, slug, name, kind FROM public.marketplace ORDER BY id",
        "category": "SELECT id, marketplace_id, parent_id, path, name, position FROM public.category "
        "ORDER BY id",
        "attribute": "SELECT category_id, code, type, unit, allowed_values, required "
        "FROM public.category_attribute ORDER BY category_id, code",
        "organisation": "SELECT id, kind, name FROM public.organisation ORDER BY id",
        "user": "SELECT id, email::text, name FROM public.app_user ORDER BY id",
        "membership": "SELECT v0, v1, v2 FROM public.casbin_rule WHERE ptype = 'g' ORDER BY v0, v2",
        "listing": "SELECT id, marketplace_id, tenant_id, status FROM public.marketplace_listing ORDER BY id",
        "notification": "SELECT id, user_id, org_id, kind, params::text FROM public.notification ORDER BY id",
        "location": "SELECT id, org_id, name, is_default_ship_to, is_default_bill_to "
        "FROM public.buyer_location ORDER BY id",
    }
    async with db.transaction() as tx:
        for key, sql in public.items():
            out[key] = [tuple(row) for row in await tx.fetch(sql)]
        tenants = await tx.fetch("SELECT id, slug FROM public.tenant ORDER BY slug")
    tenant_queries = {
        "product": "SELECT id, name, description, category_id, status, unit_of_measure, created_at "
        "FROM product",
        "variant": "SELECT id, product_id, sku, name, attributes::text, pack_size, min_order_qty, "
        "order_increment, lead_time_days, status FROM variant",
        "inventory": "SELECT variant_id, location_id, on_hand FROM inventory_level",
        "price_list": "SELECT id, name, kind, currency, valid_from, valid_to, priority, segment_id, "
        "buyer_org_id FROM price_list",
        "price_item": "SELECT id, price_list_id, variant_id FROM price_list_item",
        "price_tier": "SELECT price_list_item_id, min_qty, unit_price FROM price_tier",
        "sales_order": "SELECT id, number, status, total, revision, placed_at FROM sales_order",
        "segment_member": "SELECT segment_id, buyer_org_id FROM buyer_segment_member",
        "terms": "SELECT buyer_org_id, payment_terms_days, credit_limit, currency FROM customer_terms",
    }
    for tenant in tenants:
        async with tenant_transaction(db, TenantContext.for_tenant(tenant["id"])) as tx:
            for key, sql in tenant_queries.items():
                out[f"{tenant['slug']}.{key}"] = sorted(tuple(row) for row in await tx.fetch(sql))
    return out


async def test_same_seed_same_data_and_a_second_run_changes_nothing(
    fresh_db: FreshDb, migrations: MigrationSet
) -> None:
    first, second = await fresh_db(), await fresh_db()
    assert await has_only_platform_organisations(first)
    report = await seed_demo(first, migrations, products=PRODUCTS, seed=42)
    assert report.seeded and not report.skipped
    assert report.counts["products"] == PRODUCTS
    assert report.counts["suppliers"] == len(SUPPLIERS)
    assert report.counts["buyer companies"] == len(BUYERS)
    assert report.counts["buyer locations"] == sum(len(b.sites) for b in BUYERS)
    async with first.transaction() as tx:
        defaults = await tx.fetch(
            "SELECT org_id, count(*) FILTER (WHERE is_default_ship_to) AS ship, "
            "count(*) FILTER (WHERE is_default_bill_to) AS bill FROM public.buyer_location GROUP BY org_id"
        )
    assert [(row["ship"], row["bill"]) for row in defaults] == [(1, 1)] * len(BUYERS)
    async with first.transaction() as tx:
        lists = await tx.fetch(
            "SELECT l.org_id, l.visibility, count(DISTINCT r.tenant_id) AS suppliers, count(*) AS lines"
            " FROM public.requisition_list l JOIN public.requisition_line r ON r.list_id = l.id"
            " GROUP BY l.org_id, l.visibility"
        )
    # each buyer: a shared and a private requisition list, three lines of each of two suppliers
    assert sorted((row["visibility"], row["suppliers"], row["lines"]) for row in lists) == sorted(
        [("shared", 2, 6), ("private", 2, 6)] * len(BUYERS)
    )
    assert report.counts["requisition lists"] == 2 * len(BUYERS)
    assert report.counts["users"] == len(demo_logins()) == 5 * len(SUPPLIERS) + 5 * len(BUYERS)
    assert report.counts["marketplaces"] == 3
    assert (report.counts["spending limits"], report.counts["approval rules"]) == (1, 1)
    async with first.transaction() as tx:
        # Nordbau's purchaser ordering 12,000 EUR: above its limit and the rule (docs/approvals.md)
        nordbau = await tx.fetchval(
            "SELECT id FROM public.organisation WHERE name = 'Nordbau Construction AG'"
        )
        purchaser = await tx.fetchval(
            "SELECT id FROM public.app_user WHERE email = $1", email_for("purchaser", "nordbau")
        )
        part = SupplierPart(uuid.uuid4(), "Supplier", "EUR", Decimal("12000"), [])
        plan = await approval_plan(tx, PurchaseSummary(nordbau, purchaser, [part]))
        # the past orders do not use up the purchaser's month: a small order needs no approval
        small = SupplierPart(uuid.uuid4(), "Supplier", "EUR", Decimal("100"), [])
        unapproved = await approval_plan(tx, PurchaseSummary(nordbau, purchaser, [small]), now=DEMO_NOW)
    assert [level.roles for level in plan.levels] == [["approver", "admin"], ["admin"]]
    assert unapproved.levels == [], [reason.text for reason in unapproved.reasons]
    await _check_past_orders(first)
    assert not await has_only_platform_organisations(first)
    await seed_demo(second, migrations, products=PRODUCTS, seed=42)

    data = await snapshot(first)
    assert data == await snapshot(second), "the same seed gives the same ids, names and prices"
    assert sum(len(rows) for key, rows in data.items() if key.endswith(".product")) == PRODUCTS
    assert all(
        row[4] == "published" for key, rows in data.items() if key.endswith(".product") for row in rows
    )
    tiers = [row for key, rows in data.items() if key.endswith(".price_tier") for row in rows]
    assert tiers and all(row[2] > 0 for row in tiers)
    currencies = {row[3] for key, rows in data.items() if key.endswith(".price_list") for row in rows}
    assert currencies == {"EUR", "RON"}
    # the bell of each supplier's owner shows something (docs/demo-data.md)
    assert {row[2] for row in data["notification"]} == {row[2] for row in data["listing"]}
    assert {row[3] for row in data["notification"]} >= {
        "supplier.approved",
        "listing.approved",
        "import.done",
    }

    again = await seed_demo(first, migrations, products=PRODUCTS, seed=42)
    assert not again.seeded and not again.counts
    assert len(again.skipped) == 1 + len(SUPPLIERS)
    assert await snapshot(first) == data, "a second run changes nothing"
    # the index is built in bulk after the seed: no indexing job per product, stock or list
    outbox = await first.fetchval(
        "SELECT count(*) FROM public.outbox WHERE actor IN"
        " ('catalog.product_changed', 'catalog.inventory_changed', 'pricing.price_list_changed')"
    )
    assert outbox == 0


async def test_another_seed_draws_other_data(fresh_db: FreshDb, migrations: MigrationSet) -> None:
    one, other = await fresh_db(), await fresh_db()
    await seed_demo(one, migrations, products=PRODUCTS, seed=1)
    await seed_demo(other, migrations, products=PRODUCTS, seed=2)
    a, b = await snapshot(one), await snapshot(other)
    assert a["boltnut.product"] != b["boltnut.product"]
    assert [row[1] for row in a["user"]] != [] and sorted(r[1] for r in a["user"]) == sorted(
        r[1] for r in b["user"]
    )


async def test_a_demo_buyer_gets_its_customer_price_and_a_demo_user_signs_in(
    fresh_db: FreshDb, migrations: MigrationSet, settings: Settings
) -> None:
    db = await fresh_db()
    await seed_demo(db, migrations, products=PRODUCTS, seed=42)
    ids = Ids(42)
    boltnut, nordbau = ids("org", "boltnut"), ids("org", "nordbau")
    ctx = TenantContext.for_tenant(boltnut)
    async with tenant_transaction(db, ctx) as tx:
        row = await tx.fetchrow(
            "SELECT v.sku, v.min_order_qty, t.unit_price, pl.id AS list_id FROM price_list pl "
            "JOIN price_list_item i ON i.price_list_id = pl.id JOIN variant v ON v.id = i.variant_id "
            "JOIN price_tier t ON t.price_list_item_id = i.id AND t.min_qty = 1 "
            "WHERE pl.kind = 'customer' AND pl.buyer_org_id = $1 ORDER BY v.sku LIMIT 1",
            nordbau,
        )
    assert row is not None
    quantity = Decimal(row["min_order_qty"])
    request = ResolveRequest(
        currency="EUR", lines=[LineIn(sku=row["sku"], quantity=quantity)], buyer_org_id=nordbau
    )
    [line] = (await resolve(db, ctx, request)).lines
    assert line.reason is None
    assert (line.price_list_id, line.price_list_kind) == (row["list_id"], "customer")
    anonymous = ResolveRequest(currency="EUR", lines=[LineIn(sku=row["sku"], quantity=quantity)])
    [base] = (await resolve(db, ctx, anonymous)).lines
    assert base.price_list_kind == "base"
    assert line.unit_price is not None and base.unit_price is not None and line.unit_price < base.unit_price

    app_settings = settings.model_copy(update={"database_url": db.dsn})
    async with AsyncTestClient(app=create_app(app_settings)) as client:
        login = await client.post(
            "/api/v1/auth/login",
            json={"email": "purchaser@nordbau.demo", "password": PASSWORD, "mode": "bearer"},
        )
        assert login.status_code == 200, login.text
        assert login.json()["user"]["email_verified"] is True
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        orgs = await client.get("/api/v1/orgs", headers=headers)
        assert orgs.status_code == 200, orgs.text
        assert [(o["name"], o["role"]) for o in orgs.json()] == [("Nordbau Construction AG", "purchaser")]
        wrong = await client.post(
            "/api/v1/auth/login", json={"email": "owner@boltnut.demo", "password": "not-the-password-1"}
        )
        assert wrong.status_code == 401


async def _check_past_orders(db: Database) -> None:
    """A few hundred past orders in every status, order_ref and counters consistent, every
    shipment with tracking, a revision per step (docs/ordering.md)."""
    async with db.transaction() as tx:
        refs = await tx.fetch("SELECT order_id, tenant_id, status, total, number FROM public.order_ref")
        tenants = await tx.fetch(
            "SELECT id FROM public.tenant WHERE slug = ANY($1)", [s.slug for s in SUPPLIERS]
        )
    assert len(refs) == ORDERS_PER_SUPPLIER * len(SUPPLIERS)
    assert {row["status"] for row in refs} == set(STATUSES)
    for tenant in tenants:
        async with tenant_transaction(db, TenantContext.for_tenant(tenant["id"])) as tx:
            orders = {row["id"]: row for row in await tx.fetch("SELECT * FROM sales_order")}
            revisions = await tx.fetchval(
                "SELECT count(*) FROM sales_order o WHERE o.revision <> "
                "(SELECT max(number) FROM sales_order_revision r WHERE r.order_id = o.id)"
            )
            untracked = await tx.fetchval(
                "SELECT count(*) FROM shipment WHERE tracking_number IS NULL OR tracking_url IS NULL"
            )
            unshipped = await tx.fetchval(
                "SELECT count(*) FROM sales_order o WHERE o.status IN ('shipped', 'delivered') "
                "AND EXISTS (SELECT 1 FROM sales_order_line l WHERE l.order_id = o.id "
                "AND l.shipped_quantity < l.quantity)"
            )
            counter = await tx.fetchval("SELECT max(last_number) FROM order_counter")
        mine = [row for row in refs if row["tenant_id"] == tenant["id"]]
        assert all(
            (orders[r["order_id"]]["status"], orders[r["order_id"]]["total"]) == (r["status"], r["total"])
            for r in mine
        )
        assert (revisions, untracked, unshipped) == (0, 0, 0)
        assert counter == max(int(r["number"].rsplit("-", 1)[1]) for r in mine)
