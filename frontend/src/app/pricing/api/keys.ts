/**
 * Query keys of the pricing area, from the widest to the narrowest: invalidating a
 * prefix refreshes everything under it (`priceLists(slug)` covers every page of the
 * list table and every list's detail and items).
 */
export const pricingKeys = {
  all: (slug: string) => ["pricing", slug] as const,
  priceLists: (slug: string) => [...pricingKeys.all(slug), "price-lists"] as const,
  priceListPage: (slug: string, params: object) => [...pricingKeys.priceLists(slug), "page", params] as const,
  priceList: (slug: string, id: string) => [...pricingKeys.priceLists(slug), "detail", id] as const,
  items: (slug: string, id: string, params: object) => [...pricingKeys.priceList(slug, id), "items", params] as const,
  segments: (slug: string) => [...pricingKeys.all(slug), "segments"] as const,
  customers: (slug: string) => [...pricingKeys.all(slug), "customers"] as const,
  customerPage: (slug: string, params: object) => [...pricingKeys.customers(slug), "page", params] as const,
  preview: (slug: string) => [...pricingKeys.all(slug), "preview"] as const,
  previewPage: (slug: string, params: object) => [...pricingKeys.preview(slug), params] as const,
};
