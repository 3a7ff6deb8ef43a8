"""``hansa search reindex`` and ``drift`` (issue 13 item 2): a rebuild swaps each
supplier's documents in at once, a killed run resumes, drift finds and repairs
what the index lost."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.search import service
from hansa.search.schemas import DocumentVersion, SearchDocument
from tests.fixtures.api import Api
from tests.fixtures.browse import build_market
from tests.fixtures.jobs import Harness


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _indexed(db: Database, tenant_id: str) -> set[str]:
    async with db.transaction() as tx:
        rows = await tx.fetch("SELECT id FROM search.document WHERE tenant_id = $1::uuid", tenant_id)
    return {r["id"] for r in rows}


async def test_drift_finds_and_repairs_lost_documents(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    await worker.drain()
    tenant = uuid.UUID(market.supplier_id)
    before = await _indexed(api.db, market.supplier_id)
    assert len(before) == 2
    async with api.db.transaction() as tx:
        await tx.execute("DELETE FROM search.document WHERE id = $1", sorted(before)[0])
        await tx.execute(
            "UPDATE search.document SET id = $2 WHERE id = $1", sorted(before)[1], f"{tenant}:{uuid.uuid4()}"
        )
    [found] = await service.drift(api.db, api.settings, tenant_id=tenant)
    assert len(found.missing) == 2 and len(found.extra) == 1
    [repaired] = await service.drift(api.db, api.settings, tenant_id=tenant, repair=True)
    assert not repaired.clean
    assert await _indexed(api.db, market.supplier_id) == before
    [clean] = await service.drift(api.db, api.settings, tenant_id=tenant)
    assert clean.clean


async def test_a_killed_reindex_resumes_and_a_new_one_rebuilds(api: Api, worker: Harness) -> None:
    market = await build_market(api)
    await worker.drain()
    tenant = uuid.UUID(market.supplier_id)
    before = await _indexed(api.db, market.supplier_id)
    # a run that swapped this supplier in, then was killed: resuming leaves it alone
    killed = uuid.uuid4()
    async with api.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO search.reindex_done (run_id, tenant_id, documents) VALUES ($1, $2, 2)",
            killed,
            tenant,
        )
        await tx.execute("DELETE FROM search.document WHERE tenant_id = $1", tenant)
    report = await service.reindex(api.db, api.settings)
    assert report.run_id == killed and report.skipped >= 1
    assert await _indexed(api.db, market.supplier_id) == set()
    # the run is finished: the next one starts over and rebuilds the supplier
    counts: list[int] = []
    again = await service.reindex(api.db, api.settings, on_documents=counts.append)
    assert again.run_id != killed
    assert await _indexed(api.db, market.supplier_id) == before
    assert counts and counts[-1] == again.documents


async def test_drift_finds_and_repairs_a_stock_or_price_the_index_missed(api: Api, worker: Harness) -> None:
    """Stock and base price change without moving ``updated_at``: drift compares them too."""
    market = await build_market(api)
    await worker.drain()
    tenant = uuid.UUID(market.supplier_id)
    async with api.db.transaction() as tx:
        rows = await tx.fetch(
            "SELECT b.body FROM search.document d JOIN search.document_body b USING (id)"
            " WHERE d.tenant_id = $1 ORDER BY d.id",
            tenant,
        )
    right = [msgspec.json.decode(r["body"], type=SearchDocument) for r in rows]
    backend = service.backend_of(api.db, api.settings)
    # as if an inventory and a price list event had been lost
    await backend.upsert(
        [
            msgspec.structs.replace(right[0], in_stock=not right[0].in_stock, stock_band="high"),
            msgspec.structs.replace(right[1], base_price=(right[1].base_price or Decimal(0)) + 1),
        ]
    )
    [found] = await service.drift(api.db, api.settings, tenant_id=tenant)
    assert found.stock_or_price == [right[0].id, right[1].id]
    assert not (found.missing or found.stale or found.extra)
    await service.drift(api.db, api.settings, tenant_id=tenant, repair=True)
    assert await backend.versions(tenant) == {d.id: DocumentVersion.of(d) for d in right}
    [clean] = await service.drift(api.db, api.settings, tenant_id=tenant)
    assert clean.clean
