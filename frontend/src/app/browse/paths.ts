/** A product page's address; it carries the listing's state (`list`) for the way back. */
export function productPath(market: string, supplier: string, id: string, listing: URLSearchParams): string {
  const list = listing.toString();
  return `/app/browse/${market}/${supplier}/${id}${list ? `?${new URLSearchParams({ list }).toString()}` : ""}`;
}

/** The listing a product page came from: category, search, sort, stock filter and page. */
export function listingPath(market: string, list: string | null): string {
  const kept = new URLSearchParams(list ?? "");
  const back = new URLSearchParams();
  for (const key of LISTING_PARAMS) {
    const value = kept.get(key);
    if (value) back.set(key, value);
  }
  const query = back.toString();
  return `/app/browse/${market}${query ? `?${query}` : ""}`;
}

const LISTING_PARAMS = ["category", "q", "in_stock", "sort", "offset"] as const;
