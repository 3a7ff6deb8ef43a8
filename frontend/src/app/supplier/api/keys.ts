/**
 * Query keys of the supplier console outside catalog and pricing (which have their own):
 * the buyer directory and names the supplier's forms show, and the supplier's marketplace
 * applications.
 */
export const supplierKeys = {
  all: ["supplier"] as const,
  buyers: (slug: string) => [...supplierKeys.all, "buyers", slug] as const,
  buyerNames: (slug: string, ids: readonly string[]) => [...supplierKeys.buyers(slug), "names", ids] as const,
  directory: (slug: string, q: string) => [...supplierKeys.buyers(slug), "directory", q] as const,
  listings: (orgId: string) => [...supplierKeys.all, "listings", orgId] as const,
};
