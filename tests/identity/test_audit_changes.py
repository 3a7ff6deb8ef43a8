"""Issue 9, item 28: catalog, price-list and customer-terms changes are in the audit
trail, in the change's transaction, with the actor's and the target's names."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import PRODUCT, buyer_org, call, owner_of_supplier


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def trail(db: Database, org_id: str) -> list[tuple[str, str | None, str | None]]:
    async with db.transaction() as tx:
        rows = await tx.fetch(
            "SELECT action, actor_name, target_label FROM public.audit_log WHERE org = $1 ORDER BY id",
            f"tenant:{org_id}",
        )
    return [(row["action"], row["actor_name"], row["target_label"]) for row in rows]


async def test_catalog_prices_and_terms_changes_are_audited(api: Api, db: Database) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    draft: dict[str, Any] = {**PRODUCT, "status": "draft"}
    product = await call(api, "POST", f"{base}/products", owner, draft, 201)
    await call(api, "PATCH", f"{base}/products/{product['id']}", owner, {"status": "published"})
    scrap = await call(
        api, "POST", f"{base}/products", owner, {"name": "Scrap", "variants": [{"sku": "S-1"}]}, 201
    )
    await call(api, "DELETE", f"{base}/products/{scrap['id']}", owner, status=204)
    price_list = await call(
        api, "POST", f"{base}/price-lists", owner, {"name": "Base", "kind": "base", "currency": "EUR"}, 201
    )
    await call(
        api,
        "PUT",
        f"{base}/price-lists/{price_list['id']}/items",
        owner,
        {"items": [{"sku": "HB-M8-20", "tiers": [{"min_qty": "1", "unit_price": "0.12"}]}]},
    )
    _, buyer_id = await buyer_org(api)
    terms = {"currency": "EUR", "payment_terms_days": 30, "credit_limit": "5000.00"}
    await call(api, "PUT", f"{base}/customer-terms/{buyer_id}", owner, terms)

    actions = [
        (a, label) for a, _, label in await trail(db, org_id) if a.split(".")[0] in ("catalog", "pricing")
    ]
    assert actions == [
        ("catalog.product_created", "Hex bolt M8"),
        ("catalog.product_updated", "Hex bolt M8"),
        ("catalog.product_published", "Hex bolt M8"),
        ("catalog.product_created", "Scrap"),
        ("catalog.product_deleted", "Scrap"),
        ("pricing.price_list_created", "Base"),
        ("pricing.price_list_items", "Base"),
        ("pricing.terms_set", "Buyer AG"),
    ]
    assert {actor for _, actor, _ in await trail(db, org_id)} == {"Ada Buyer"}
