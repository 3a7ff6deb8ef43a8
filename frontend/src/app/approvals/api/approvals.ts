import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { approvalsKeys } from "./keys";

export type PurchaseRequest = Schemas["PurchaseRequestOut"];
export type RequestStatus = PurchaseRequest["status"];
export type ApprovalSettings = Schemas["ApprovalSettingsOut"];
export type ApprovalRule = Schemas["ApprovalRuleOut"];
export type NewApprovalRule = Schemas["NewApprovalRule"];
export type CurrencyLimit = Schemas["CurrencyLimit"];
export type ApproverRole = Schemas["RuleLevel"]["roles"][number];

/** The queue, newest first, a page at a time (`next_cursor`). */
export function useApprovalQueue(orgId: string, status: RequestStatus) {
  return useInfiniteQuery({
    queryKey: approvalsKeys.queue(orgId, status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(api.GET("/api/v1/orgs/{org_id}/approvals", { params: { path: { org_id: orgId }, query: { status, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.next_cursor,
  });
}

export function usePurchaseRequest(orgId: string, id: string) {
  return useQuery({
    queryKey: approvalsKeys.request(orgId, id),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/approvals/{request_id}", { params: { path: { org_id: orgId, request_id: id } } })),
  });
}

/** A decision moves the request between lists: everything of the company is read again. */
function useApprovalsMutation<V, R>(orgId: string, mutationFn: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: approvalsKeys.all(orgId) }) });
}

export function useApprove(orgId: string) {
  return useApprovalsMutation(orgId, (id: string) => call(api.POST("/api/v1/orgs/{org_id}/approvals/{request_id}/approve", { params: { path: { org_id: orgId, request_id: id } } })));
}

export function useReject(orgId: string) {
  return useApprovalsMutation(orgId, ({ id, reason }: { id: string; reason: string }) =>
    call(api.POST("/api/v1/orgs/{org_id}/approvals/{request_id}/reject", { params: { path: { org_id: orgId, request_id: id } }, body: { reason } })),
  );
}

export function useApprovalSettings(orgId: string) {
  return useQuery({
    queryKey: approvalsKeys.settings(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/approval-settings", { params: { path: { org_id: orgId } } })),
  });
}

export function useSetLimits(orgId: string) {
  return useApprovalsMutation(orgId, ({ userId, limits }: { userId: string; limits: CurrencyLimit[] }) =>
    call(api.PUT("/api/v1/orgs/{org_id}/approval-settings/limits/{user_id}", { params: { path: { org_id: orgId, user_id: userId } }, body: { limits } })),
  );
}

export function useSaveRule(orgId: string) {
  return useApprovalsMutation(orgId, ({ id, body }: { id: string | null; body: NewApprovalRule }) =>
    id
      ? call(api.PUT("/api/v1/orgs/{org_id}/approval-settings/rules/{rule_id}", { params: { path: { org_id: orgId, rule_id: id } }, body }))
      : call(api.POST("/api/v1/orgs/{org_id}/approval-settings/rules", { params: { path: { org_id: orgId } }, body })),
  );
}

export function useDeleteRule(orgId: string) {
  return useApprovalsMutation(orgId, (id: string) => call(api.DELETE("/api/v1/orgs/{org_id}/approval-settings/rules/{rule_id}", { params: { path: { org_id: orgId, rule_id: id } } })));
}

export interface CategoryChoice {
  id: string;
  label: string;
}

/** Every category of the active marketplaces, labelled "Marketplace › Parent › Child", for a rule on a category. */
export function useCategoryChoices() {
  return useQuery({
    queryKey: ["approvals", "categories"],
    queryFn: async (): Promise<CategoryChoice[]> => {
      const markets = (await call(api.GET("/api/v1/marketplaces"))).filter((m) => m.status === "active");
      const trees = await Promise.all(markets.map((m) => call(api.GET("/api/v1/marketplaces/{slug}/categories", { params: { path: { slug: m.slug } } }))));
      return trees.flatMap((tree) => {
        const names = new Map(tree.categories.map((c) => [c.path, c.name]));
        return tree.categories
          .map((c) => {
            const parts = c.path.split("/").map((_, i, all) => names.get(all.slice(0, i + 1).join("/")) ?? "");
            return { id: c.id, label: [tree.marketplace.name, ...parts].join(" › ") };
          })
          .sort((a, b) => a.label.localeCompare(b.label));
      });
    },
    staleTime: 5 * 60_000,
  });
}
