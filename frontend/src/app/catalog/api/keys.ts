/**
 * Query keys of the catalog area, from the widest to the narrowest: invalidating a prefix
 * refreshes everything under it (`products(slug)` covers every page of the product list,
 * every product's detail and its media).
 */
export const catalogKeys = {
  all: (slug: string) => ["catalog", slug] as const,
  products: (slug: string) => [...catalogKeys.all(slug), "products"] as const,
  productPage: (slug: string, params: object) => [...catalogKeys.products(slug), "page", params] as const,
  product: (slug: string, id: string) => [...catalogKeys.products(slug), "detail", id] as const,
  media: (slug: string, productId: string) => [...catalogKeys.product(slug, productId), "media"] as const,
  inventory: (slug: string) => [...catalogKeys.all(slug), "inventory"] as const,
  locations: (slug: string) => [...catalogKeys.inventory(slug), "locations"] as const,
  levels: (slug: string, skus: readonly string[]) => [...catalogKeys.inventory(slug), "levels", skus] as const,
  imports: (slug: string) => [...catalogKeys.all(slug), "imports"] as const,
  importPage: (slug: string, params: object) => [...catalogKeys.imports(slug), "page", params] as const,
  // a watched job sits outside `imports(slug)`: its own poll invalidates that family when the job ends
  importJob: (slug: string, id: string) => [...catalogKeys.all(slug), "import-job", id] as const,
  exportJob: (slug: string, id: string) => [...catalogKeys.all(slug), "export-job", id] as const,
};

/** The marketplaces' public taxonomies (not a supplier's): categories and their attribute schemas. */
export const taxonomyKeys = {
  all: () => ["taxonomy"] as const,
  verticals: () => [...taxonomyKeys.all(), "verticals"] as const,
  categorySchema: (categoryId: string) => [...taxonomyKeys.all(), "schema", categoryId] as const,
};
