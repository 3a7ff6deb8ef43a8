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

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface Facet {
  field: string; // "category", "supplier" or "attr.<code>"
  label: string;
  kind: "terms" | "range";
  unit?: string | null;
  values: FacetValue[]; // terms
  min?: string | null; // range: the bounds of the matching documents
  max?: string | null;
}

export interface SearchAnswer {
  hits: SearchHit[];
  total: number;
  facets: Facet[];
  in_stock_count: number;
  corrected_query: string | null;
  next_cursor: string | null;
}

export interface Suggestion {
  kind: "product" | "category" | "supplier";
  id: string; // product: "<supplier>/<product id>", category: its id, supplier: its slug
  text: string;
  highlighted: string; // the text with <mark>…</mark> around the matched parts
}

export interface SuggestAnswer {
  suggestions: Suggestion[];
}
