/**
 * The search API's answers as this UI reads them (contract of issue 13, search13's brief):
 * `GET /api/v1/marketplaces/{slug}/search` and `…/suggest`. Until the generated client
 * (schema.d.ts) has the routes, these types are the contract; money and quantities are
 * Decimal strings.
 */
export interface SupplierRef {
  slug: string;
  name: string;
}

export interface PriceTier {
  min_qty: string;
  unit_price: string;
}

/** One supplier's offer of a hit: this buyer's price (none for anonymous visitors). */
export interface Offer {
  supplier: SupplierRef;
  product_id: string;
  variant_id: string;
  sku: string;
  unit: string;
  price: string | null;
  currency: string | null;
  tiers: PriceTier[];
  in_stock: boolean;
  lead_time_days: number | null;
  moq: string;
}

/** A result: one variant, or several suppliers' offers of the same GTIN / manufacturer + MPN. */
export interface SearchHit {
  id: string;
  name: string;
  thumbnail_url: string | null;
  manufacturer: string | null;
  mpn: string | null;
  gtin: string | null;
  offers: Offer[]; // cheapest first for this buyer; one for an ungrouped hit
}

/** A numeric facet the results can be narrowed by (an attribute of type number, in its unit). */
export interface RangeFacet {
  field: string; // "attr.<code>" or "lead_time_days"
  label: string;
  unit: string | null;
  min: string | null; // the bounds among the matching documents
  max: string | null;
}

/**
 * Facet counts as the search contract gives them (platform/search/schemas.py SearchResult):
 * key → value → count; keys `category` (ids), `supplier` (slugs), `manufacturer`,
 * `attr.<code>`, `in_stock` ("true"/"false"). A facet's own filter is not applied to its counts.
 */
export type FacetCounts = Record<string, Record<string, number>>;

export interface SearchAnswer {
  hits: SearchHit[];
  total: number;
  facets: FacetCounts;
  facet_labels?: Record<string, string>; // "attr.material" → "Material"
  value_labels?: Record<string, Record<string, string>>; // "supplier" → slug → name
  range_facets?: RangeFacet[];
  corrected_query: string | null;
  next_cursor: string | null;
}

/** A matched span of a shown text: `text.slice(start, end)`. */
export interface Highlight {
  start: number;
  end: number;
}

export interface Suggestion {
  value: string; // a document id, a category id, a supplier slug
  label: string;
  highlights: Highlight[];
  supplier_slug?: string | null; // products: where the product page is
  product_id?: string | null;
}

export interface SuggestAnswer {
  products: Suggestion[];
  categories: Suggestion[];
  suppliers: Suggestion[];
}
