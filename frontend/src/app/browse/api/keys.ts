/**
 * Query keys of the buyer's browsing area (and the public marketplace list suppliers apply
 * to), widest first: operator changes to marketplaces, taxonomies or listings invalidate `all`.
 */
export const browseKeys = {
  all: ["browse"] as const,
  marketplaces: () => [...browseKeys.all, "marketplaces"] as const,
  tree: (slug: string) => [...browseKeys.all, "tree", slug] as const,
  product: (market: string, supplier: string, id: string) => [...browseKeys.all, "product", market, supplier, id] as const,
  categorySchema: (categoryId: string) => [...browseKeys.all, "category-schema", categoryId] as const,
};
