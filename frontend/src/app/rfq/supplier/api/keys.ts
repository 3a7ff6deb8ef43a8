/** Query keys of the supplier's RFQs, widest first, all under `supplier(slug)`. */
export const rfqSupplierKeys = {
  supplier: (slug: string) => ["rfq", "supplier", slug] as const,
  inboxes: (slug: string) => [...rfqSupplierKeys.supplier(slug), "inbox"] as const,
  inbox: (slug: string, query: object) => [...rfqSupplierKeys.inboxes(slug), query] as const,
  rfq: (slug: string, id: string) => [...rfqSupplierKeys.supplier(slug), "rfq", id] as const,
  draft: (slug: string, id: string) => [...rfqSupplierKeys.rfq(slug, id), "draft"] as const,
  revisions: (slug: string, id: string) => [...rfqSupplierKeys.rfq(slug, id), "revisions"] as const,
  counters: (slug: string, id: string) => [...rfqSupplierKeys.rfq(slug, id), "counters"] as const,
  messages: (slug: string, id: string) => [...rfqSupplierKeys.rfq(slug, id), "messages"] as const,
  award: (slug: string, id: string) => [...rfqSupplierKeys.rfq(slug, id), "award"] as const,
  policy: (slug: string) => [...rfqSupplierKeys.supplier(slug), "policy"] as const,
  skus: (slug: string, q: string) => [...rfqSupplierKeys.supplier(slug), "skus", q] as const,
};
