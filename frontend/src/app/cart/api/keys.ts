/**
 * Query keys of the cart area (the signed-in user's cart in the active buyer company),
 * widest first: invalidating `all(orgId)` refreshes the cart, its count and the preferred suppliers.
 */
export const cartKeys = {
  all: (orgId: string) => ["cart", orgId] as const,
  cart: (orgId: string) => [...cartKeys.all(orgId), "lines"] as const,
  count: (orgId: string) => [...cartKeys.all(orgId), "count"] as const,
  preferred: (orgId: string) => [...cartKeys.all(orgId), "preferred"] as const,
};
