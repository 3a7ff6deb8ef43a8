import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { browseKeys } from "../../browse/api/keys";
import { operatorKeys } from "./keys";

export type Marketplace = Schemas["MarketplaceOut"];
type MarketplacesQuery = NonNullable<paths["/api/v1/operator/marketplaces"]["get"]["parameters"]["query"]>;
type MarketplacePatch = NonNullable<paths["/api/v1/operator/marketplaces/{marketplace_id}"]["patch"]["requestBody"]>["content"]["application/json"];

export function useMarketplaces(query: MarketplacesQuery) {
  return useQuery({
    queryKey: operatorKeys.marketplacePage(query),
    queryFn: () => call(api.GET("/api/v1/operator/marketplaces", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * A marketplace changed: its row changes in place in the table the operator is looking at;
 * everything else that names marketplaces (listing filters, a taxonomy's title, buyers'
 * and suppliers' lists, the audit trail) asks again.
 */
async function marketplaceChanged(client: QueryClient, updated: Marketplace | null): Promise<void> {
  if (updated) {
    client.setQueriesData<Schemas["Page_MarketplaceOut"]>({ queryKey: [...operatorKeys.marketplaces(), "page"] }, (page) => page && { ...page, items: page.items.map((x) => (x.id === updated.id ? updated : x)) });
  }
  await client.invalidateQueries({ queryKey: [...operatorKeys.marketplaces(), "page"], refetchType: updated ? "none" : "active" });
  await client.invalidateQueries({ queryKey: [...operatorKeys.marketplaces(), "taxonomy"] });
  await client.invalidateQueries({ queryKey: operatorKeys.listings() });
  await client.invalidateQueries({ queryKey: operatorKeys.audit() });
  await client.invalidateQueries({ queryKey: browseKeys.all });
}

export function useCreateMarketplace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewMarketplace"]) => call(api.POST("/api/v1/operator/marketplaces", { body })),
    onSuccess: () => marketplaceChanged(client, null),
  });
}

export function useUpdateMarketplace(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MarketplacePatch) => call(api.PATCH("/api/v1/operator/marketplaces/{marketplace_id}", { params: { path: { marketplace_id: id } }, body })),
    onSuccess: (updated) => marketplaceChanged(client, updated),
  });
}

/** Archive an active marketplace, restore an archived one. */
export function useToggleMarketplace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (m: Marketplace) => {
      const path = { params: { path: { marketplace_id: m.id } } };
      return m.status === "active"
        ? call(api.POST("/api/v1/operator/marketplaces/{marketplace_id}/archive", path))
        : call(api.POST("/api/v1/operator/marketplaces/{marketplace_id}/restore", path));
    },
    onSuccess: (updated) => marketplaceChanged(client, updated),
  });
}
