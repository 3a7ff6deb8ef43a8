import { useInfiniteQuery } from "@tanstack/react-query";
import { api, call } from "../../../api/client";
import { operatorKeys } from "./keys";

export interface AuditFilters {
  action: string | null;
  since: string | null;
  until: string | null;
}

const PAGE_SIZE = 50;

/** The platform's audit trail, newest first, one cursor page after another ("Load more"). */
export function useAuditTrail(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: operatorKeys.auditFeed(filters),
    queryFn: ({ pageParam }) => call(api.GET("/api/v1/operator/audit", { params: { query: { ...filters, cursor: pageParam, limit: PAGE_SIZE } } })),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}
