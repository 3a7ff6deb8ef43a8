import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas, type Tenant } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { accountKeys } from "../../account/api/keys";
import { notificationKeys } from "../../notifications/api/keys";
import { operatorKeys } from "./keys";

type TenantsQuery = NonNullable<paths["/api/v1/operator/tenants"]["get"]["parameters"]["query"]>;
type TenantPage = Schemas["Page_TenantOut"];

export function useTenants(query: TenantsQuery) {
  return useQuery({
    queryKey: operatorKeys.tenantPage(query),
    queryFn: () => call(api.GET("/api/v1/operator/tenants", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export type TenantDecision = { action: "approve" | "reactivate" } | { action: "reject" | "suspend"; reason: string | null };

/**
 * A status change: the row changes in place on every cached page (it stays where the
 * operator saw it), other filters reload when next shown, and the audit trail gains a record.
 * The supplier's members are notified and see its new status (an operator may be one).
 */
export function useDecideTenant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ tenant, decision }: { tenant: Tenant; decision: TenantDecision }) => {
      const path = { params: { path: { tenant_id: tenant.id } } };
      switch (decision.action) {
        case "approve":
          return call(api.POST("/api/v1/operator/tenants/{tenant_id}/approve", path));
        case "reactivate":
          return call(api.POST("/api/v1/operator/tenants/{tenant_id}/reactivate", path));
        case "reject":
          return call(api.POST("/api/v1/operator/tenants/{tenant_id}/reject", { ...path, body: { reason: decision.reason } }));
        case "suspend":
          return call(api.POST("/api/v1/operator/tenants/{tenant_id}/suspend", { ...path, body: { reason: decision.reason } }));
      }
    },
    onSuccess: async (updated) => {
      client.setQueriesData<TenantPage>({ queryKey: operatorKeys.tenants() }, (page) => page && { ...page, items: page.items.map((x) => (x.id === updated.id ? updated : x)) });
      await client.invalidateQueries({ queryKey: operatorKeys.tenants(), refetchType: "none" });
      await client.invalidateQueries({ queryKey: operatorKeys.audit() });
      await client.invalidateQueries({ queryKey: operatorKeys.listings() }); // the supplier's name and status there
      await client.invalidateQueries({ queryKey: accountKeys.orgs() });
      await client.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
