import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { catalogKeys } from "./keys";

export type Level = Schemas["InventoryLevelOut"];
export type Location = Schemas["LocationOut"];

export function useLocations(slug: string) {
  return useQuery({
    queryKey: catalogKeys.locations(slug),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/inventory/locations", { params: { path: { tenant: slug } } })),
  });
}

/** Stock rows of these SKUs at every location (one request per SKU, as the API filters by one). */
export function useLevels(slug: string, skus: readonly string[]) {
  return useQuery({
    queryKey: catalogKeys.levels(slug, skus),
    queryFn: async (): Promise<Level[]> => {
      const pages = await Promise.all(
        skus.map((sku) => call(api.GET("/api/v1/suppliers/{tenant}/inventory/levels", { params: { path: { tenant: slug }, query: { sku, limit: 200 } } }))),
      );
      return pages.flatMap((page) => page.items);
    },
  });
}

export function useCreateLocation(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewLocation"]) => call(api.POST("/api/v1/suppliers/{tenant}/inventory/locations", { params: { path: { tenant: slug } }, body })),
    onSuccess: async (created) => {
      client.setQueryData<Location[]>(catalogKeys.locations(slug), (list) => [...(list ?? []), created]);
      await client.invalidateQueries({ queryKey: catalogKeys.locations(slug) });
    },
  });
}

/** On-hand quantities set: every stock table of the supplier reloads. */
export function useSetLevels(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (levels: Schemas["InventoryLevelIn"][]) => call(api.PUT("/api/v1/suppliers/{tenant}/inventory/levels", { params: { path: { tenant: slug } }, body: { levels } })),
    onSuccess: () => client.invalidateQueries({ queryKey: catalogKeys.inventory(slug) }),
  });
}
