/** A product page's address; it carries the listing's state (`list`) for the way back. */
export function productPath(market: string, supplier: string, id: string, listing: URLSearchParams): string {
  const list = listing.toString();
  return `/app/browse/${market}/${supplier}/${id}${list ? `?${new URLSearchParams({ list }).toString()}` : ""}`;
}

/** The listing a product page came from: category, search, facets (`f.`, `r.`), sort, stock filter and page. */
export function listingPath(market: string, list: string | null): string {
  const back = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(list ?? "")) {
    if (value && (LISTING_PARAMS.has(key) || key.startsWith("f.") || key.startsWith("r."))) back.append(key, value);
  }
  const query = back.toString();
  return `/app/browse/${market}${query ? `?${query}` : ""}`;
}

const LISTING_PARAMS = new Set(["category", "q", "in_stock", "sort", "cursor"]);
