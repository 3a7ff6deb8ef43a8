/**
 * Query keys of checkout, widest first: invalidating `all(orgId)` refreshes the
 * preview and every checkout shown.
 */
export const checkoutKeys = {
  all: (orgId: string) => ["checkout", orgId] as const,
  preview: (orgId: string) => [...checkoutKeys.all(orgId), "preview"] as const,
  checkout: (orgId: string, id: string) => [...checkoutKeys.all(orgId), "checkouts", id] as const,
};
