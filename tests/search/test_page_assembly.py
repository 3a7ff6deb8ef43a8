"""The page's supplier checks: every supplier on the page at once, a bounded number at a time."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from hansa.core.db import Database
from hansa.search import service
from hansa.search.schemas import OfferPrice, SearchDocument


def _doc(tenant_id: uuid.UUID, n: int) -> SearchDocument:
    variant_id = uuid.uuid4()
    return SearchDocument(
        id=f"{tenant_id}:{variant_id}",
        tenant_id=tenant_id,
        supplier_slug=f"s-{n}",
        supplier_name=f"S {n}",
        marketplace_ids=[],
        product_id=uuid.uuid4(),
        variant_id=variant_id,
        sku=f"SKU-{n}",
        name="Bolt",
        unit="pcs",
        updated_at=datetime.now(UTC),
        created_at=datetime.now(UTC),
    )


async def test_suppliers_are_checked_concurrently_a_bounded_number_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenants = [uuid.uuid4() for _ in range(10)]
    docs = [_doc(t, n) for n, t in enumerate(tenants)] + [_doc(tenants[0], 99)]
    running = 0
    most = 0
    asked: dict[uuid.UUID, list[uuid.UUID]] = {}

    async def check(
        db: Database, tenant_id: uuid.UUID, variant_ids: list[uuid.UUID], buyer: uuid.UUID | None
    ) -> service.Checked:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        asked[tenant_id] = variant_ids
        price = OfferPrice(currency="EUR", quantity=Decimal(1), unit_price=Decimal(2), tiers=[])
        return service.Checked(set(variant_ids[:1]), {variant_ids[0]: price})

    monkeypatch.setattr(service, "_check_supplier", check)
    checked = await service._checked(Database("postgresql://unused"), docs, uuid.uuid4())
    assert most == service.SUPPLIER_CHECKS_AT_ONCE  # at once, yet bounded (the pool serves others)
    assert asked[tenants[0]] == [docs[0].variant_id, docs[-1].variant_id]  # one check per supplier
    assert len(asked) == 10
    assert checked.sellable == {d.variant_id for d in docs[:10]}
    assert set(checked.prices) == checked.sellable
