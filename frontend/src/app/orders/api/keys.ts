/**
 * Query keys of orders, widest first: a buyer company's history and details under
 * `buyer(orgId)`, a supplier's inbox and details under `supplier(slug)`.
 */
export const ordersKeys = {
  buyer: (orgId: string) => ["orders", "buyer", orgId] as const,
  history: (orgId: string, query: object) => [...ordersKeys.buyer(orgId), "list", query] as const,
  histories: (orgId: string) => [...ordersKeys.buyer(orgId), "list"] as const,
  buyerOrder: (orgId: string, id: string) => [...ordersKeys.buyer(orgId), "order", id] as const,
  supplier: (slug: string) => ["orders", "supplier", slug] as const,
  inbox: (slug: string, query: object) => [...ordersKeys.supplier(slug), "list", query] as const,
  inboxes: (slug: string) => [...ordersKeys.supplier(slug), "list"] as const,
  supplierOrder: (slug: string, id: string) => [...ordersKeys.supplier(slug), "order", id] as const,
};
