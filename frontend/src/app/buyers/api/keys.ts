/**
 * Query keys of the buyers area (a buyer company's own data), widest first:
 * invalidating `locations(orgId)` refreshes the company's location list.
 */
export const buyersKeys = {
  all: (orgId: string) => ["buyers", orgId] as const,
  locations: (orgId: string) => [...buyersKeys.all(orgId), "locations"] as const,
};
