"""The search contract's values: the indexed document, the query, the answer.

One ``SearchDocument`` per sellable variant (published product, active variant,
active supplier listed on the marketplace). Buyer-specific prices are never stored:
``base_price`` is the base list's price in its currency; the buyer's own price is
added to hits after the search, by pricing (docs/search.md).

Filter keys (``SearchQuery.filters`` and ``facets``), the same in every backend:
``category`` (category ids; a document matches when any id of its path matches),
``supplier`` (supplier slugs), ``manufacturer``, ``offer`` (``SearchDocument.offer_key()``
values: the offers of the same article), ``attr.<code>`` (enum and text
attribute values, exact), ``in_stock`` (facet only: ``"true"``/``"false"``).
Range keys (``SearchQuery.ranges``): ``base_price``, ``lead_time_days``,
``attr.<code>`` (number attributes, in the attribute's unit). AND across keys,
OR within one key's values; ranges are inclusive.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

MAX_QUERY_CHARS = 200
MAX_LIMIT = 100

AttributeKind = Literal["enum", "text", "number"]
StockBand = Literal["none", "low", "medium", "high"]  # 0, < 10, < 100, ≥ 100 (sellable units)
SearchSort = Literal["relevance", "name", "-name", "newest", "price", "-price", "lead_time"]


def document_id(tenant_id: uuid.UUID, variant_id: uuid.UUID) -> str:
    return f"{tenant_id}:{variant_id}"


def stock_band(available: Decimal) -> StockBand:
    if available <= 0:
        return "none"
    if available < 10:
        return "low"
    return "medium" if available < 100 else "high"


class DocumentAttribute(msgspec.Struct, frozen=True):
    """One typed attribute of the variant's category schema: ``text`` for enum and
    text attributes, ``number`` (with the schema's ``unit``) for number ones."""

    code: str
    name: str
    kind: AttributeKind
    text: str | None = None
    number: Decimal | None = None
    unit: str | None = None


class SearchDocument(msgspec.Struct, frozen=True):
    id: str  # document_id(tenant_id, variant_id)
    tenant_id: uuid.UUID
    supplier_slug: str
    supplier_name: str
    marketplace_ids: list[uuid.UUID]
    product_id: uuid.UUID
    variant_id: uuid.UUID
    sku: str
    name: str  # the product's name, then the variant's own name when it has one
    unit: str
    updated_at: datetime
    created_at: datetime  # the product's: "newest" sorts by it
    category_ids: list[uuid.UUID] = []  # root → leaf
    category_names: list[str] = []  # root → leaf, same order
    description: str = ""
    attributes: list[DocumentAttribute] = []
    pack_size: Decimal = Decimal(1)
    min_order_qty: Decimal = Decimal(1)
    in_stock: bool = False
    stock_band: StockBand = "none"
    lead_time_days: int = 0
    base_price: Decimal | None = None
    currency: str | None = None
    thumbnail_url: str | None = None
    gtin: str | None = None
    mpn: str | None = None
    manufacturer: str | None = None

    def offer_key(self) -> str | None:
        """What groups offers across suppliers: the GTIN, else manufacturer + MPN."""
        if self.gtin:
            return f"gtin:{self.gtin}"
        if self.manufacturer and self.mpn:
            return f"mpn:{self.manufacturer.casefold()}:{self.mpn.casefold()}"
        return None


class DocumentVersion(msgspec.Struct, frozen=True):
    """What the drift check compares of an indexed document with the one the catalog
    makes now: ``updated_at`` (catalog edits), and the stock and base price, which
    change without moving ``updated_at``. Decoded from a stored document's JSON."""

    updated_at: datetime
    in_stock: bool = False
    stock_band: StockBand = "none"
    base_price: Decimal | None = None
    currency: str | None = None

    @classmethod
    def of(cls, document: SearchDocument) -> DocumentVersion:
        return cls(
            updated_at=document.updated_at,
            in_stock=document.in_stock,
            stock_band=document.stock_band,
            base_price=document.base_price,
            currency=document.currency,
        )


class NumericRange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    min: Decimal | None = None  # inclusive
    max: Decimal | None = None  # inclusive


class SearchQuery(msgspec.Struct, frozen=True):
    marketplace_id: uuid.UUID
    q: Annotated[str, msgspec.Meta(max_length=MAX_QUERY_CHARS)] = ""
    filters: dict[str, list[str]] = {}
    ranges: dict[str, NumericRange] = {}
    in_stock: bool = False
    # the suppliers the caller may see (None: every one indexed for the marketplace);
    # the index holds only sellable variants of active, listed suppliers already
    tenant_ids: list[uuid.UUID] | None = None
    sort: SearchSort = "relevance"
    cursor: str | None = None  # opaque, from SearchResult.next_cursor of the same query
    limit: Annotated[int, msgspec.Meta(ge=1, le=MAX_LIMIT)] = 24
    facets: list[str] = []  # filter keys whose counts are wanted


class Highlight(msgspec.Struct, frozen=True):
    """A matched span of a shown text: ``text[start:end]`` (characters)."""

    start: int
    end: int


class SearchHit(msgspec.Struct, frozen=True):
    document: SearchDocument
    score: float = 0.0
    name_highlights: list[Highlight] = []


class SearchResult(msgspec.Struct, frozen=True):
    hits: list[SearchHit]
    total: int
    # facet key → value → count of matching documents; a facet's own filter is not
    # applied to its counts (so the other values of a chosen facet stay visible)
    facets: dict[str, dict[str, int]] = {}
    corrected_query: str | None = None  # "did you mean": set when a term was corrected
    next_cursor: str | None = None
    # False: estimates from a sample of the matches (a broad query: docs/search.md, "Broad
    # queries"), rounded to two significant digits; the total, or the facet counts
    total_exact: bool = True
    counts_exact: bool = True


class Suggestion(msgspec.Struct, frozen=True):
    value: str  # what to search or open: a document id, a category id, a supplier slug
    label: str
    highlights: list[Highlight] = []


class Suggestions(msgspec.Struct, frozen=True):
    products: list[Suggestion] = []
    categories: list[Suggestion] = []
    suppliers: list[Suggestion] = []


# -- the API's answers (search.service) ---------------------------------------------------------


class PriceTier(msgspec.Struct, frozen=True):
    min_qty: Decimal
    unit_price: Decimal


class OfferPrice(msgspec.Struct, frozen=True):
    """The buyer's own price at ``quantity`` (the smallest orderable one), with the tiers
    of the list that gave it."""

    currency: str
    quantity: Decimal
    unit_price: Decimal
    tiers: list[PriceTier] = []


class OfferSupplier(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    name: str


class Offer(msgspec.Struct, frozen=True):
    """One supplier's variant. ``price`` only for a caller acting for a buyer (none: on request)."""

    document_id: str
    supplier: OfferSupplier
    product_id: uuid.UUID
    variant_id: uuid.UUID
    sku: str
    name: str
    unit: str
    in_stock: bool
    stock_band: StockBand
    lead_time_days: int
    min_order_qty: Decimal
    pack_size: Decimal
    url: str  # the product page (GET)
    price: OfferPrice | None = None


class SearchItem(msgspec.Struct, frozen=True):
    """One result: a variant, or an article several suppliers offer (same GTIN, or same
    manufacturer and part number): ``offers`` cheapest first for this buyer."""

    key: str  # the first offer's document id, or its offer key
    name: str
    offers: list[Offer]
    offer_count: int
    category_ids: list[uuid.UUID] = []
    attributes: list[DocumentAttribute] = []
    name_highlights: list[Highlight] = []
    thumbnail_url: str | None = None
    gtin: str | None = None
    mpn: str | None = None
    manufacturer: str | None = None
    lowest_price: Decimal | None = None  # for a buyer: the cheapest offer's price
    currency: str | None = None


class FacetValue(msgspec.Struct, frozen=True):
    value: str  # what to put in ``filters``
    label: str
    count: int


class Facet(msgspec.Struct, frozen=True):
    key: str  # the filter key: category, supplier, manufacturer, in_stock, attr.<code>
    label: str
    values: list[FacetValue]


class NumericFacet(msgspec.Struct, frozen=True):
    """A number attribute a range filter may use (``filters={"attr.<code>": {"min":…}}``)."""

    key: str
    label: str
    unit: str | None = None


class SearchPage(msgspec.Struct, frozen=True):
    items: list[SearchItem]
    total: int  # documents (variants) matching
    facets: list[Facet]
    ranges: list[NumericFacet]
    prices_shown: bool
    corrected_query: str | None = None  # "did you mean": the results are for this query
    next_cursor: str | None = None
    # sorted or filtered by the buyer's price over the first PRICE_WINDOW matches only
    price_window_truncated: bool = False
    # False: ``total`` (total_exact) or the facet counts (counts_exact) are estimates
    # ("about"), from a sample of a broad query's matches (docs/search.md, "Broad queries")
    total_exact: bool = True
    counts_exact: bool = True


class SynonymsIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    groups: Annotated[
        list[
            Annotated[
                list[Annotated[str, msgspec.Meta(min_length=1, max_length=100)]],
                msgspec.Meta(min_length=2, max_length=20),
            ]
        ],
        msgspec.Meta(max_length=500),
    ]


class SynonymsOut(msgspec.Struct, frozen=True):
    groups: list[list[str]]
