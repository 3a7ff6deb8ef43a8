/**
 * Query keys of requisition lists, widest first: invalidating `all(orgId)` refreshes the
 * company's pages of lists and every open list.
 */
export const requisitionKeys = {
  all: (orgId: string) => ["requisitions", orgId] as const,
  pages: (orgId: string, scope: string, q: string) => [...requisitionKeys.all(orgId), "pages", scope, q] as const,
  list: (orgId: string, listId: string) => [...requisitionKeys.all(orgId), "list", listId] as const,
};
