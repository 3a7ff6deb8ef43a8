/**
 * The search API's answers as this UI reads them: `GET /api/v1/marketplaces/{slug}/search`
 * (platform/search/schemas.py `SearchPage`) and `…/suggest` (`Suggestions`). Until the
 * generated client (schema.d.ts) has the routes these mirror the structs; money and
 * quantities are Decimal strings.
 */
export interface PriceTier {
  min_qty: string;
  unit_price: string;
}

/** The buyer's own price at `quantity` (the smallest orderable one), with its list's tiers. */
export interface OfferPrice {
  currency: string;
  quantity: string;
  unit_price: string;
  tiers: PriceTier[];
}

export interface OfferSupplier {
  id: string;
  slug: string;
  name: string;
}

/** One supplier's variant; `price` only for a caller acting for a buyer (none: on request). */
export interface Offer {
  document_id: string;
  supplier: OfferSupplier;
  product_id: string;
  variant_id: string;
  sku: string;
  name: string;
  unit: string;
  in_stock: boolean;
  stock_band: "none" | "low" | "medium" | "high";
  lead_time_days: number;
  min_order_qty: string;
  pack_size: string;
  url: string;
  price?: OfferPrice | null;
}

/** A matched span of a shown text: `text.slice(start, end)`. */
export interface Highlight {
  start: number;
  end: number;
}

/** A result: a variant, or an article several suppliers offer (`offers` cheapest first for this buyer). */
export interface SearchItem {
  key: string;
  name: string;
  offers: Offer[];
  offer_count: number;
  name_highlights?: Highlight[];
  thumbnail_url?: string | null;
  gtin?: string | null;
  mpn?: string | null;
  manufacturer?: string | null;
  lowest_price?: string | null;
  currency?: string | null;
}

export interface FacetValue {
  value: string; // what goes into `filters`
  label: string;
  count: number;
}

/** Counts per value of a filter key (category, supplier, manufacturer, in_stock, attr.<code>); its own filter not applied. */
export interface Facet {
  key: string;
  label: string;
  values: FacetValue[];
}

/** A number attribute a range filter may use (`filters={"attr.<code>": {"min": …}}`). */
export interface NumericFacet {
  key: string;
  label: string;
  unit?: string | null;
}

export interface SearchAnswer {
  items: SearchItem[];
  total: number;
  facets: Facet[];
  ranges: NumericFacet[];
  prices_shown: boolean;
  corrected_query?: string | null; // the results are for this query ("did you mean")
  next_cursor?: string | null;
  price_window_truncated?: boolean;
}

export interface Suggestion {
  value: string; // a document id, a category id, a supplier slug
  label: string;
  highlights: Highlight[];
}

export interface SuggestAnswer {
  products: Suggestion[];
  categories: Suggestion[];
  suppliers: Suggestion[];
}
