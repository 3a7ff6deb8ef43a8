/**
 * Query keys of the operator console, widest first. A marketplace's taxonomy sits under
 * `marketplaces()` (renaming a marketplace refreshes its taxonomy page's title); the
 * audit trail is its own family, invalidated by every decision that writes a record.
 */
export const operatorKeys = {
  all: ["operator"] as const,
  tenants: () => [...operatorKeys.all, "tenants"] as const,
  tenantPage: (params: object) => [...operatorKeys.tenants(), params] as const,
  audit: () => [...operatorKeys.all, "audit"] as const,
  auditFeed: (filters: object) => [...operatorKeys.audit(), filters] as const,
  marketplaces: () => [...operatorKeys.all, "marketplaces"] as const,
  marketplacePage: (params: object) => [...operatorKeys.marketplaces(), "page", params] as const,
  taxonomy: (marketplaceId: string) => [...operatorKeys.marketplaces(), "taxonomy", marketplaceId] as const,
  listings: () => [...operatorKeys.all, "listings"] as const,
  listingPage: (params: object) => [...operatorKeys.listings(), params] as const,
};
