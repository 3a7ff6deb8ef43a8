/** Query keys of a buyer company's RFQs, widest first. */
export const rfqKeys = {
  all: (orgId: string) => ["rfqs", orgId] as const,
  lists: (orgId: string) => [...rfqKeys.all(orgId), "list"] as const,
  list: (orgId: string, query: object) => [...rfqKeys.lists(orgId), query] as const,
  rfq: (orgId: string, id: string) => [...rfqKeys.all(orgId), "rfq", id] as const,
  quotes: (orgId: string, id: string) => [...rfqKeys.rfq(orgId, id), "quotes"] as const,
  quote: (orgId: string, id: string, tenantId: string) => [...rfqKeys.quotes(orgId, id), tenantId] as const,
  messages: (orgId: string, id: string, tenantId: string) => [...rfqKeys.rfq(orgId, id), "messages", tenantId] as const,
  comparison: (orgId: string, id: string) => [...rfqKeys.rfq(orgId, id), "comparison"] as const,
  preview: (orgId: string, id: string, categories: readonly string[]) => [...rfqKeys.rfq(orgId, id), "preview", categories] as const,
  award: (orgId: string, id: string) => [...rfqKeys.rfq(orgId, id), "award"] as const,
};
