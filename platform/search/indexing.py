"""Documents from the owners' data, and keeping the index in step with it.

A document is built inside the supplier's schema from the owners' services only:
catalog (sellable variants, what is available), marketplaces (where the supplier's
products of a category are shown, category paths and attribute schemas), pricing (the
base list's price), media (the public thumbnail), tenants (the supplier). A variant is
indexed while it is sellable: published product, active variant, active supplier,
shown on at least one active marketplace; otherwise its document is deleted.

The index is written after the supplier's transaction has ended (a backend may be a
remote server): every function here recomputes from the current state, so running one
twice, or late, converges.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hansa.core.db import Database, Tx
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.marketplaces.schemas import AttributeOut
from hansa.marketplace.media import service as media
from hansa.marketplace.pricing import service as pricing
from hansa.search.backend import Progress, SearchBackend
from hansa.search.schemas import DocumentAttribute, DocumentVersion, SearchDocument, document_id, stock_band
from hansa.tenants import service as tenants
from hansa.tenants.schemas import TenantOut

BATCH = 1000
PRODUCTS_PER_PASS = 200  # a category's products re-indexed per transaction


@dataclass(frozen=True, slots=True)
class Change:
    """What one pass wrote: documents upserted and ids deleted."""

    upserted: list[SearchDocument]
    deleted: list[str]


def _attribute(code: str, value: Any, schema: dict[str, AttributeOut]) -> DocumentAttribute | None:
    found = schema.get(code)
    name = found.name if found else code
    if isinstance(value, bool) or (found and found.type == "boolean"):
        return DocumentAttribute(code=code, name=name, kind="enum", text="true" if value else "false")
    if (found is None and isinstance(value, int | float)) or (found and found.type == "number"):
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            return None
        return DocumentAttribute(
            code=code, name=name, kind="number", number=number, unit=found.unit if found else None
        )
    if value is None or str(value).strip() == "":
        return None
    if found and found.type == "enum":
        return DocumentAttribute(code=code, name=name, kind="enum", text=str(value))
    return DocumentAttribute(code=code, name=name, kind="text", text=str(value))


async def build_documents(tx: Tx, tenant: TenantOut, rows: Sequence[Any]) -> list[SearchDocument]:
    """The documents of these sellable variants (``catalog.sellable_variants`` rows), in
    ``tx`` inside the supplier's schema: a constant number of queries per batch."""
    if not rows or tenant.status != "active":
        return []
    categories = sorted({r["category_id"] for r in rows if r["category_id"] is not None})
    showing = await marketplaces.showing_marketplace_ids(
        tx, tenant.id, [*categories, *([None] if any(r["category_id"] is None for r in rows) else [])]
    )
    paths = await marketplaces.category_paths(tx, categories)
    schemas: dict[uuid.UUID, dict[str, AttributeOut]] = {}
    for category_id in categories:
        schemas[category_id] = {a.code: a for a in await marketplaces.effective_schema(tx, category_id) or []}
    currency, prices = await pricing.base_prices(tx, rows)
    thumbnails = await media.thumbnails(
        tx,
        tenant.slug,
        sorted({r["product_id"] for r in rows}),
        signed_in=False,
        buyer_org_id=None,
        everything=False,
    )
    found = []
    for r in rows:
        markets = showing.get(r["category_id"], [])
        if not markets:
            continue  # shown on no marketplace: nobody may find it
        path = paths.get(r["category_id"], []) if r["category_id"] else []
        schema = schemas.get(r["category_id"], {})
        attributes = [a for code, v in (r["attributes"] or {}).items() if (a := _attribute(code, v, schema))]
        price = prices.get(r["id"])
        name = f"{r['name']} {r['variant_name']}" if r["variant_name"] else r["name"]
        found.append(
            SearchDocument(
                id=document_id(tenant.id, r["id"]),
                tenant_id=tenant.id,
                supplier_slug=tenant.slug,
                supplier_name=tenant.name,
                marketplace_ids=sorted(markets),
                product_id=r["product_id"],
                variant_id=r["id"],
                sku=r["sku"],
                name=name,
                unit=r["unit_of_measure"],
                updated_at=r["updated_at"],
                created_at=r["created_at"],
                category_ids=[c for c, _ in path],
                category_names=[n for _, n in path],
                description=r["description"] or "",
                attributes=attributes,
                pack_size=r["pack_size"],
                min_order_qty=r["min_order_qty"],
                in_stock=r["available"] > 0,
                stock_band=stock_band(r["available"]),
                lead_time_days=r["lead_time_days"],
                base_price=price,
                currency=currency if price is not None else None,
                thumbnail_url=thumbnails.get(r["product_id"]),
                gtin=r["gtin"],
                mpn=r["mpn"],
                manufacturer=r["manufacturer"],
            )
        )
    return found


async def _tenant(tx: Tx, tenant_id: uuid.UUID) -> TenantOut | None:
    return await tenants.find_tenant_by_id(tx, tenant_id)


async def _write(backend: SearchBackend, change: Change) -> Change:
    if change.upserted:
        await backend.upsert(change.upserted)
    if change.deleted:
        await backend.delete(change.deleted)
    return change


async def index_variants(
    db: Database,
    backend: SearchBackend,
    tenant_id: uuid.UUID,
    *,
    product_ids: list[uuid.UUID] | None = None,
    variant_ids: list[uuid.UUID] | None = None,
) -> Change:
    """Bring the documents of these products' (or these) variants in step."""
    async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
        tenant = await _tenant(tx, tenant_id)
        ids = list(variant_ids or [])
        if product_ids:
            ids += await catalog.variant_ids_of(tx, product_ids)
        rows = await catalog.sellable_variants(
            tx, product_ids=product_ids, variant_ids=variant_ids, limit=max(len(ids), 1) + BATCH
        )
        docs = await build_documents(tx, tenant, rows) if tenant else []
    kept = {d.id for d in docs}
    gone = [i for i in (document_id(tenant_id, v) for v in dict.fromkeys(ids)) if i not in kept]
    return await _write(backend, Change(docs, gone))


async def index_categories(
    db: Database, backend: SearchBackend, tenant_id: uuid.UUID, category_ids: list[uuid.UUID]
) -> int:
    """Re-index a supplier's products of these categories, ``PRODUCTS_PER_PASS`` at a time.
    Returns the number of products."""
    async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
        product_ids = await catalog.published_product_ids_in(tx, category_ids)
    for start in range(0, len(product_ids), PRODUCTS_PER_PASS):
        chunk = product_ids[start : start + PRODUCTS_PER_PASS]
        await index_variants(db, backend, tenant_id, product_ids=chunk)
    return len(product_ids)


async def index_category_tree(db: Database, backend: SearchBackend, category_id: uuid.UUID) -> int:
    """A category renamed or moved: the documents of its and its descendants' products
    name its path, so every supplier's products there are re-indexed. Returns the products."""
    async with db.transaction() as tx:
        category_ids = await marketplaces.category_subtree(tx, category_id)
        tenant_ids = await tenants.ids_with_table(tx, "product")
    if not category_ids:
        return 0  # no such category any more
    return sum([await index_categories(db, backend, t, category_ids) for t in tenant_ids])


async def tenant_batches(db: Database, tenant_id: uuid.UUID) -> AsyncIterator[list[SearchDocument]]:
    """A supplier's documents, ``BATCH`` variants at a time, each batch in its own transaction."""
    after: uuid.UUID | None = None
    while True:
        async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
            tenant = await _tenant(tx, tenant_id)
            if tenant is None or tenant.status != "active":
                return
            rows = await catalog.sellable_variants(tx, after=after, limit=BATCH)
            docs = await build_documents(tx, tenant, rows)
        if not rows:
            return
        yield docs
        after = rows[-1]["id"]


async def rebuild_tenant(
    db: Database, backend: SearchBackend, tenant_id: uuid.UUID, *, progress: Progress | None = None
) -> int:
    """Rebuild a supplier's documents aside and swap them in (none: its documents go)."""
    return await backend.rebuild(tenant_batches(db, tenant_id), tenant_id=tenant_id, progress=progress)


async def drop_tenant(backend: SearchBackend, tenant_id: uuid.UUID) -> None:
    await backend.delete_tenant(tenant_id)


@dataclass(frozen=True, slots=True)
class Drift:
    tenant_id: uuid.UUID
    missing: list[str]  # sellable, not indexed
    stale: list[str]  # indexed with an older updated_at
    extra: list[str]  # indexed, not sellable
    # same updated_at, another stock flag/band or base price: stock and prices change
    # without moving updated_at, so only their events (or this check) bring them in step
    stock_or_price: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.stock_or_price)


async def drift(db: Database, backend: SearchBackend, tenant_id: uuid.UUID, *, repair: bool = False) -> Drift:
    """Compare a supplier's documents with the ones its catalog makes now (ids,
    ``updated_at``, stock flag and band, base price); with ``repair``, write what differs."""
    indexed = await backend.versions(tenant_id)
    expected: dict[str, SearchDocument] = {}
    async for batch in tenant_batches(db, tenant_id):
        expected.update({d.id: d for d in batch})
    missing = sorted(set(expected) - set(indexed))
    stale = sorted(i for i, d in expected.items() if i in indexed and indexed[i].updated_at != d.updated_at)
    moved = sorted(
        i
        for i, d in expected.items()
        if i in indexed and indexed[i].updated_at == d.updated_at and indexed[i] != DocumentVersion.of(d)
    )
    extra = sorted(set(indexed) - set(expected))
    if repair:
        await _write(backend, Change([expected[i] for i in missing + stale + moved], extra))
    return Drift(tenant_id, missing, stale, extra, moved)
