"""Search: the backend of the settings, and the queries buyers and visitors run.

A query is checked (400 naming the parameter), limited to the suppliers the caller may
see (active, approved on this active marketplace: a suspended supplier is gone at once,
whatever the index still holds), run on the backend, then each supplier on the page is
asked, in one transaction in its schema, which hits are still sellable and (for a buyer)
its own prices: one set-based call per supplier. Offers of one article (same GTIN, or
manufacturer + part number) are one item. docs/search.md says where the limits are.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import re
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec

from hansa.config import Settings
from hansa.core.db import Database, Tx
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.context import BuyerContext, OperatorContext
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.marketplaces.schemas import CategoryTree, MarketplaceOut
from hansa.marketplace.pricing import service as pricing
from hansa.search import indexing, meili
from hansa.search import repository as repo
from hansa.search.backend import BadCursor, SearchBackend
from hansa.search.errors import BadSearchParameter, PricesForBuyers
from hansa.search.postgres import PostgresBackend
from hansa.search.schemas import (
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    Facet,
    FacetValue,
    NumericFacet,
    NumericRange,
    Offer,
    OfferPrice,
    OfferSupplier,
    PriceTier,
    SearchDocument,
    SearchItem,
    SearchPage,
    SearchQuery,
    SearchSort,
    Suggestions,
    SynonymsOut,
)
from hansa.tenants import service as tenants

# backend name → its factory
BACKENDS: dict[str, Callable[[Database, Settings], SearchBackend]] = {
    "postgres": lambda db, settings: PostgresBackend(db, exact_limit=settings.search_exact_limit),
    "meilisearch": lambda _db, settings: meili.from_settings(settings),
}
MAX_SUPPLIERS = 10_000
SUPPLIER_CHECKS_AT_ONCE = 4  # per request: the pool (10 by default) serves other requests too
PRICE_WINDOW = 500  # matches priced for a buyer's price sort or price range (docs/search.md)
MAX_FILTER_VALUES = 50
MAX_ATTRIBUTE_FACETS = 12
_FACET_KEY = re.compile(r"^(category|supplier|manufacturer|offer|attr\.[a-z0-9_]{1,100})$")
_RANGE_KEY = re.compile(r"^(price|lead_time_days|attr\.[a-z0-9_]{1,100})$")
_SORTS: tuple[SearchSort, ...] = ("relevance", "name", "-name", "newest", "price", "-price", "lead_time")


def backend_of(db: Database, settings: Settings) -> SearchBackend:
    return BACKENDS[settings.search_backend](db, settings)


# -- reading the parameters ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    facets: dict[str, list[str]]
    ranges: dict[str, NumericRange]


def _decimal(parameter: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadSearchParameter(parameter, "must be a number")
    try:
        found = Decimal(str(value))
    except InvalidOperation as exc:
        raise BadSearchParameter(parameter, "must be a number") from exc
    if not found.is_finite() or abs(found) >= Decimal(10) ** 15:
        raise BadSearchParameter(parameter, "must be a finite number")
    return found


def parse_filters(text: str | None) -> Filters:
    """``filters`` is a JSON object: a facet key → a list of values (any of them), a range
    key → ``{"min": n, "max": n}`` (either may be left out)."""
    if not text:
        return Filters({}, {})
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise BadSearchParameter("filters", "must be a JSON object") from exc
    if not isinstance(raw, dict):
        raise BadSearchParameter("filters", "must be a JSON object")
    facets: dict[str, list[str]] = {}
    ranges: dict[str, NumericRange] = {}
    for key, value in raw.items():
        name = f"filters.{key}"
        if isinstance(value, dict) and _RANGE_KEY.match(key):
            if set(value) - {"min", "max"}:
                raise BadSearchParameter(name, "a range has min and max only")
            low = _decimal(f"{name}.min", value["min"]) if value.get("min") is not None else None
            high = _decimal(f"{name}.max", value["max"]) if value.get("max") is not None else None
            ranges[key] = NumericRange(min=low, max=high)
        elif _FACET_KEY.match(key):
            if not isinstance(value, list) or not all(
                isinstance(v, str) and 0 < len(v) <= 200 for v in value
            ):
                raise BadSearchParameter(name, "must be a list of texts")
            if len(value) > MAX_FILTER_VALUES:
                raise BadSearchParameter(name, f"at most {MAX_FILTER_VALUES} values")
            if key == "category":
                for v in value:
                    try:
                        uuid.UUID(v)
                    except ValueError as exc:
                        raise BadSearchParameter(name, "category ids are UUIDs") from exc
            facets[key] = list(value)
        else:
            raise BadSearchParameter(name, "unknown filter")
    return Filters(facets, ranges)


def _check_q(q: str | None) -> str:
    if q is not None and len(q) > MAX_QUERY_CHARS:
        raise BadSearchParameter("q", f"at most {MAX_QUERY_CHARS} characters")
    return (q or "").strip()


# the API's cursor: the backend's own, or an offset into the priced window
def _encode_cursor(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([kind, value]).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> tuple[str, str] | None:
    if not cursor:
        return None
    try:
        kind, value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadSearchParameter("cursor", "not a cursor of this search") from exc
    if kind not in ("b", "w") or not isinstance(value, str) or (kind == "w" and not value.isdigit()):
        raise BadSearchParameter("cursor", "not a cursor of this search")
    return kind, value


# -- who may see what ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    marketplace: MarketplaceOut
    tree: CategoryTree
    suppliers: dict[uuid.UUID, OfferSupplier]


async def _scope(db: Database, slug: str) -> Scope:
    async with db.transaction() as tx:
        marketplace = await marketplaces.active_marketplace(tx, slug)
        tree = await marketplaces.tree_of(tx, marketplace)
        approved = await marketplaces.approved_tenant_ids(tx, marketplace.id)
        active = await tenants.active_among(tx, approved, slug=None, limit=MAX_SUPPLIERS)
    return Scope(marketplace, tree, {t.id: OfferSupplier(id=t.id, slug=t.slug, name=t.name) for t in active})


# -- the page --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checked:
    """What one supplier said about its hits: still sellable, and the buyer's prices."""

    sellable: set[uuid.UUID]
    prices: dict[uuid.UUID, OfferPrice]


async def _check_supplier(
    db: Database, tenant_id: uuid.UUID, variant_ids: list[uuid.UUID], buyer_org_id: uuid.UUID | None
) -> Checked:
    """One transaction in the supplier's schema: which hits are still sellable (a product
    unpublished since it was indexed is left out at once) and the buyer's prices."""
    async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
        rows = await catalog.sellable_variants(tx, variant_ids=variant_ids, limit=len(variant_ids))
        prices = await _buyer_prices(tx, buyer_org_id, rows) if buyer_org_id and rows else {}
    return Checked({r["id"] for r in rows}, prices)


async def _buyer_prices(tx: Tx, buyer_org_id: uuid.UUID, rows: Sequence[Any]) -> dict[uuid.UUID, OfferPrice]:
    resolved = await pricing.price_variants(tx, buyer_org_id, rows, with_tiers=True)
    found = {}
    for vid, line in resolved.lines.items():
        if line.unit_price is None:
            continue
        found[vid] = OfferPrice(
            currency=resolved.currency,
            quantity=line.quantity,
            unit_price=line.unit_price,
            tiers=[PriceTier(min_qty=q, unit_price=p) for q, p in resolved.tiers.get(vid, [])],
        )
    return found


async def _checked(db: Database, docs: Sequence[SearchDocument], buyer_org_id: uuid.UUID | None) -> Checked:
    """Every supplier on the page checked at once (``SUPPLIER_CHECKS_AT_ONCE`` at a time),
    each in its own transaction in its schema."""
    by_tenant: dict[uuid.UUID, list[uuid.UUID]] = {}
    for doc in docs:
        by_tenant.setdefault(doc.tenant_id, []).append(doc.variant_id)
    gate = asyncio.Semaphore(SUPPLIER_CHECKS_AT_ONCE)

    async def check(tenant_id: uuid.UUID, variant_ids: list[uuid.UUID]) -> Checked:
        async with gate:
            return await _check_supplier(db, tenant_id, variant_ids, buyer_org_id)

    found = await asyncio.gather(*(check(t, v) for t, v in by_tenant.items()))
    return Checked(
        set().union(*(f.sellable for f in found)), {k: v for f in found for k, v in f.prices.items()}
    )


def _offer(doc: SearchDocument, supplier: OfferSupplier, price: OfferPrice | None) -> Offer:
    return Offer(
        document_id=doc.id,
        supplier=supplier,
        product_id=doc.product_id,
        variant_id=doc.variant_id,
        sku=doc.sku,
        name=doc.name,
        unit=doc.unit,
        in_stock=doc.in_stock,
        stock_band=doc.stock_band,
        lead_time_days=doc.lead_time_days,
        min_order_qty=doc.min_order_qty,
        pack_size=doc.pack_size,
        url=f"/api/v1/suppliers/{supplier.slug}/products/{doc.product_id}/public",
        price=price,
    )


def _price_key(offer: Offer) -> tuple[int, Decimal]:
    return (0, offer.price.unit_price) if offer.price else (1, Decimal(0))


def _items(
    hits: Sequence[Any], others: Sequence[SearchDocument], scope: Scope, checked: Checked
) -> list[SearchItem]:
    """The page's hits as items, offers of one article together (first place wins)."""
    by_key: dict[str, list[SearchDocument]] = {}
    for doc in [h.document for h in hits] + list(others):
        key = doc.offer_key()
        if key is None or doc.variant_id not in checked.sellable:
            continue
        if all(d.id != doc.id for d in by_key.setdefault(key, [])):
            by_key[key].append(doc)
    items: list[SearchItem] = []
    seen: set[str] = set()
    for hit in hits:
        doc = hit.document
        if doc.variant_id not in checked.sellable or doc.tenant_id not in scope.suppliers:
            continue
        key = doc.offer_key() or doc.id
        if key in seen:
            continue
        seen.add(key)
        group = [d for d in by_key.get(key, [doc]) if d.tenant_id in scope.suppliers]
        offers = sorted(
            (_offer(d, scope.suppliers[d.tenant_id], checked.prices.get(d.variant_id)) for d in group),
            key=_price_key,
        )
        cheapest = offers[0].price if offers and offers[0].price else None
        items.append(
            SearchItem(
                key=key,
                name=doc.name,
                offers=offers,
                offer_count=len(offers),
                category_ids=doc.category_ids,
                attributes=doc.attributes,
                name_highlights=hit.name_highlights,
                thumbnail_url=doc.thumbnail_url,
                gtin=doc.gtin,
                mpn=doc.mpn,
                manufacturer=doc.manufacturer,
                lowest_price=cheapest.unit_price if cheapest else None,
                currency=cheapest.currency if cheapest else None,
            )
        )
    return items


def _attribute_facets(
    tree: CategoryTree, chosen: list[str]
) -> tuple[list[tuple[str, str]], list[NumericFacet]]:
    """The enum attributes (facets) and number attributes (ranges) of the marketplace's
    categories, or of the chosen categories' lineages and descendants."""
    categories = tree.categories
    if chosen:
        picked = [c for c in categories if str(c.id) in chosen]
        categories = [
            c
            for c in categories
            if any(
                c.path == p.path or c.path.startswith(p.path + "/") or p.path.startswith(c.path + "/")
                for p in picked
            )
        ]
    enums: dict[str, str] = {}
    numbers: dict[str, NumericFacet] = {}
    for category in categories:
        for a in category.attributes:
            if a.type in ("enum", "boolean"):
                enums.setdefault(f"attr.{a.code}", a.name)
            elif a.type == "number":
                numbers.setdefault(
                    f"attr.{a.code}", NumericFacet(key=f"attr.{a.code}", label=a.name, unit=a.unit)
                )
    return list(enums.items())[:MAX_ATTRIBUTE_FACETS], list(numbers.values())


def _facets(
    counts: dict[str, dict[str, int]], scope: Scope, attributes: list[tuple[str, str]]
) -> list[Facet]:
    names = {str(c.id): c.name for c in scope.tree.categories}
    suppliers = {s.slug: s.name for s in scope.suppliers.values()}
    labels = {
        "category": "Category",
        "supplier": "Supplier",
        "manufacturer": "Manufacturer",
        "in_stock": "In stock",
    }
    labels |= dict(attributes)
    found = []
    for key, values in counts.items():
        if key == "category":
            label_of: Callable[[str], str] = lambda v: names.get(v, v)  # noqa: E731
        elif key == "supplier":
            label_of = lambda v: suppliers.get(v, v)  # noqa: E731
        else:
            label_of = lambda v: v  # noqa: E731
        shown = [
            FacetValue(value=v, label=label_of(v), count=n)
            for v, n in sorted(values.items(), key=lambda pair: (-pair[1], pair[0]))
            if key != "category" or v in names
        ]
        if shown:
            found.append(Facet(key=key, label=labels.get(key, key), values=shown[:50]))
    return found


async def search(
    res: Resources,
    viewer: BuyerContext,
    slug: str,
    *,
    q: str | None,
    filters: str | None,
    sort: str,
    cursor: str | None,
    limit: int,
    in_stock: bool = False,
) -> SearchPage:
    text = _check_q(q)
    parsed = parse_filters(filters)
    if sort not in _SORTS:
        raise BadSearchParameter("sort", f"one of {', '.join(_SORTS)}")
    sort = next(s for s in _SORTS if s == sort)  # typed
    if not 1 <= limit <= MAX_LIMIT:
        raise BadSearchParameter("limit", f"between 1 and {MAX_LIMIT}")
    at = _decode_cursor(cursor)
    buyer = viewer.buyer_org_id
    by_price = sort in ("price", "-price") or "price" in parsed.ranges
    if by_price and buyer is None:
        raise PricesForBuyers("sort" if sort in ("price", "-price") else "filters.price")
    scope = await _scope(res.db, slug)
    attributes, numbers = _attribute_facets(scope.tree, parsed.facets.get("category") or [])
    backend = backend_of(res.db, res.settings)
    query = SearchQuery(
        marketplace_id=scope.marketplace.id,
        q=text,
        filters=parsed.facets,
        ranges={k: v for k, v in parsed.ranges.items() if k != "price"},
        in_stock=in_stock,
        tenant_ids=sorted(scope.suppliers),
        sort="relevance" if by_price else sort,
        limit=PRICE_WINDOW if by_price else limit,
        facets=["category", "supplier", "manufacturer", "in_stock", *(k for k, _ in attributes)],
    )
    if by_price:
        return await _priced_page(res, viewer, scope, query, parsed, sort, at, limit, attributes, numbers)
    if at is not None and at[0] != "b":
        raise BadSearchParameter("cursor", "not a cursor of this search")
    try:
        result = await backend.search(msgspec.structs.replace(query, cursor=at[1] if at else None))
    except BadCursor as exc:
        raise BadSearchParameter("cursor", "not a cursor of this search") from exc
    others = await _other_offers(backend, query, [h.document for h in result.hits])
    checked, _ = await asyncio.gather(  # the log written beside the checks, not after them
        _checked(res.db, [h.document for h in result.hits] + others, buyer),
        _log(res.db, scope.marketplace.id, text, parsed, result.total),
    )
    return SearchPage(
        items=_items(result.hits, others, scope, checked),
        total=result.total,
        facets=_facets(result.facets, scope, attributes),
        ranges=numbers,
        prices_shown=buyer is not None,
        corrected_query=result.corrected_query,
        next_cursor=_encode_cursor("b", result.next_cursor) if result.next_cursor else None,
        total_exact=result.total_exact,
        counts_exact=result.counts_exact,
    )


async def _other_offers(
    backend: SearchBackend, query: SearchQuery, docs: Sequence[SearchDocument]
) -> list[SearchDocument]:
    """The other suppliers' offers of the articles on the page: one more query, under the
    page's own filters (a supplier, stock or attribute chosen narrows the offers too), not
    its text (another supplier may name the article differently)."""
    keys = sorted({k for d in docs if (k := d.offer_key())})
    if not keys:
        return []
    found = await backend.search(
        SearchQuery(
            marketplace_id=query.marketplace_id,
            filters={**query.filters, "offer": keys},
            ranges=query.ranges,
            in_stock=query.in_stock,
            tenant_ids=query.tenant_ids,
            limit=MAX_LIMIT,
            sort="name",
        )
    )
    shown = {d.id for d in docs}
    return [h.document for h in found.hits if h.document.id not in shown]


async def _priced_page(
    res: Resources,
    viewer: BuyerContext,
    scope: Scope,
    query: SearchQuery,
    parsed: Filters,
    sort: str,
    at: tuple[str, str] | None,
    limit: int,
    attributes: list[tuple[str, str]],
    numbers: list[NumericFacet],
) -> SearchPage:
    """Sorted or filtered by the buyer's own price: the first ``PRICE_WINDOW`` matches
    are priced (per supplier, set-based), filtered and sorted here, and paged by offset."""
    if at is not None and at[0] != "w":
        raise BadSearchParameter("cursor", "not a cursor of this search")
    offset = int(at[1]) if at else 0
    backend = backend_of(res.db, res.settings)
    result = await backend.search(query)
    checked = await _checked(res.db, [h.document for h in result.hits], viewer.buyer_org_id)
    wanted = parsed.ranges.get("price")

    def fits(hit: Any) -> bool:
        price = checked.prices.get(hit.document.variant_id)
        if wanted is None:
            return True
        if price is None:
            return False
        return (wanted.min is None or price.unit_price >= wanted.min) and (
            wanted.max is None or price.unit_price <= wanted.max
        )

    kept = [h for h in result.hits if fits(h)]
    if sort in ("price", "-price"):
        priced = [h for h in kept if h.document.variant_id in checked.prices]
        unpriced = [h for h in kept if h.document.variant_id not in checked.prices]
        priced.sort(key=lambda h: checked.prices[h.document.variant_id].unit_price, reverse=sort == "-price")
        kept = priced + unpriced
    page = kept[offset : offset + limit]
    others = await _other_offers(backend, query, [h.document for h in page])
    checked_others, _ = await asyncio.gather(
        _checked(res.db, others, viewer.buyer_org_id),
        _log(res.db, scope.marketplace.id, query.q, parsed, len(kept)),
    )
    both = Checked(checked.sellable | checked_others.sellable, checked.prices | checked_others.prices)
    return SearchPage(
        items=_items(page, others, scope, both),
        total=len(kept) if result.total <= PRICE_WINDOW else result.total,
        facets=_facets(result.facets, scope, attributes),
        ranges=numbers,
        prices_shown=True,
        corrected_query=result.corrected_query,
        next_cursor=_encode_cursor("w", str(offset + limit)) if offset + limit < len(kept) else None,
        price_window_truncated=result.total > PRICE_WINDOW,
        total_exact=result.total_exact,
        counts_exact=result.counts_exact,
    )


async def suggest(res: Resources, viewer: BuyerContext, slug: str, *, q: str | None) -> Suggestions:
    text = _check_q(q)
    if not text:
        return Suggestions()
    scope = await _scope(res.db, slug)
    return await backend_of(res.db, res.settings).suggest(
        scope.marketplace.id, text, tenant_ids=sorted(scope.suppliers), limit=5
    )


# -- operators: synonyms ---------------------------------------------------------------------------


async def _marketplace(db: Database, marketplace_id: uuid.UUID) -> MarketplaceOut:
    async with db.transaction() as tx:
        return await marketplaces.marketplace_by_id(tx, marketplace_id)


async def get_synonyms(res: Resources, ctx: OperatorContext, marketplace_id: uuid.UUID) -> SynonymsOut:
    await _marketplace(res.db, marketplace_id)
    return SynonymsOut(groups=await backend_of(res.db, res.settings).synonyms(marketplace_id))


async def set_synonyms(
    res: Resources, ctx: OperatorContext, marketplace_id: uuid.UUID, groups: list[list[str]]
) -> SynonymsOut:
    await _marketplace(res.db, marketplace_id)
    backend = backend_of(res.db, res.settings)
    await backend.set_synonyms(marketplace_id, groups)
    return SynonymsOut(groups=await backend.synonyms(marketplace_id))


# -- the query log ---------------------------------------------------------------------------------


async def _log(db: Database, marketplace_id: uuid.UUID, q: str, filters: Filters, count: int) -> None:
    """The query and how many it found; who asked is not kept."""
    keys = sorted([*filters.facets, *filters.ranges])
    async with db.transaction() as tx:
        await repo.log_query(tx, marketplace_id, q, keys, count)


async def prune_query_log(db: Database, *, days: int) -> int:
    async with db.transaction() as tx:
        return await repo.prune_query_log(tx, days)


# -- ``hansa search reindex`` and ``hansa search drift`` -------------------------------------------


@dataclass(frozen=True, slots=True)
class ReindexReport:
    run_id: uuid.UUID
    suppliers: int
    skipped: int  # swapped in by an earlier, killed attempt of the same run
    documents: int
    seconds: float


async def _catalog_tenants(db: Database, only: uuid.UUID | None) -> list[uuid.UUID]:
    async with db.transaction() as tx:
        found = await tenants.ids_with_table(tx, "variant")
    return [t for t in found if only is None or t == only]


async def reindex(
    db: Database,
    settings: Settings,
    *,
    tenant_id: uuid.UUID | None = None,
    restart: bool = False,
    on_supplier: Callable[[int, int], None] | None = None,
    on_documents: Callable[[int], None] | None = None,
) -> ReindexReport:
    """Rebuild every supplier's documents (or one's), each built aside and swapped in on
    its own: searches never see an empty index. A killed run resumes where it stopped
    (the suppliers it swapped in are recorded); ``restart`` starts a new run."""
    started = time.monotonic()
    backend = backend_of(db, settings)
    async with db.transaction() as tx:
        run_id = None if restart or tenant_id else await repo.unfinished_run(tx)
        run_id = run_id or uuid.uuid4()
        done = await repo.done_in_run(tx, run_id)
    targets = await _catalog_tenants(db, tenant_id)
    written = 0
    for index, target in enumerate(targets, start=1):
        if target in done:
            continue
        count = await indexing.rebuild_tenant(db, backend, target, progress=_offset(on_documents, written))
        written += count
        async with db.transaction() as tx:
            await repo.mark_done(tx, run_id, target, count)
        if on_supplier:
            on_supplier(index, len(targets))
    async with db.transaction() as tx:
        await repo.mark_done(tx, run_id, repo.FINISHED, written)
    skipped = len([t for t in targets if t in done])
    return ReindexReport(run_id, len(targets), skipped, written, time.monotonic() - started)


def _offset(report: Callable[[int], None] | None, before: int) -> Callable[[int], None] | None:
    return (lambda n: report(before + n)) if report else None


async def drift(
    db: Database, settings: Settings, *, tenant_id: uuid.UUID | None = None, repair: bool = False
) -> list[indexing.Drift]:
    backend = backend_of(db, settings)
    return [
        await indexing.drift(db, backend, target, repair=repair)
        for target in await _catalog_tenants(db, tenant_id)
    ]


async def set_demo_synonyms(
    db: Database, settings: Settings, slugs: list[str], groups: list[list[str]]
) -> None:
    """The demo seed's synonyms (an operator's, through PUT …/synonyms, otherwise)."""
    backend = backend_of(db, settings)
    for slug in slugs:
        async with db.transaction() as tx:
            marketplace_id = await marketplaces.marketplace_id_by_slug(tx, slug)
        if marketplace_id is not None:
            await backend.set_synonyms(marketplace_id, groups)
