import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { browseKeys } from "../../browse/api/keys";
import { operatorKeys } from "./keys";

type Json<T> = NonNullable<T> extends { content: { "application/json": infer B } } ? B : never;
type RenameBody = Json<paths["/api/v1/operator/categories/{category_id}"]["patch"]["requestBody"]>;
type MoveBody = Json<paths["/api/v1/operator/categories/{category_id}/move"]["post"]["requestBody"]>;
type AttributesBody = Json<paths["/api/v1/operator/categories/{category_id}/attributes"]["put"]["requestBody"]>;

/** One marketplace and its whole category tree (flat, with each category's attribute schema). */
export function useTaxonomy(marketplaceId: string) {
  return useQuery({
    queryKey: operatorKeys.taxonomy(marketplaceId),
    queryFn: () => call(api.GET("/api/v1/operator/marketplaces/{marketplace_id}/categories", { params: { path: { marketplace_id: marketplaceId } } })),
  });
}

/** The tree changed: this page reloads it; buyers' category filters (browse) ask again too. */
async function treeChanged(client: QueryClient, marketplaceId: string): Promise<void> {
  await client.invalidateQueries({ queryKey: operatorKeys.taxonomy(marketplaceId) });
  await client.invalidateQueries({ queryKey: operatorKeys.audit() });
  await client.invalidateQueries({ queryKey: browseKeys.all });
}

export function useCreateCategory(marketplaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewCategory"]) =>
      call(api.POST("/api/v1/operator/marketplaces/{marketplace_id}/categories", { params: { path: { marketplace_id: marketplaceId } }, body })),
    onSuccess: () => treeChanged(client, marketplaceId),
  });
}

export function useRenameCategory(marketplaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RenameBody }) => call(api.PATCH("/api/v1/operator/categories/{category_id}", { params: { path: { category_id: id } }, body })),
    onSuccess: () => treeChanged(client, marketplaceId),
  });
}

export function useMoveCategory(marketplaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: MoveBody }) => call(api.POST("/api/v1/operator/categories/{category_id}/move", { params: { path: { category_id: id } }, body })),
    onSuccess: () => treeChanged(client, marketplaceId),
  });
}

export function useDeleteCategory(marketplaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE("/api/v1/operator/categories/{category_id}", { params: { path: { category_id: id } } })),
    onSuccess: () => treeChanged(client, marketplaceId),
  });
}

export function useSetAttributes(marketplaceId: string, categoryId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AttributesBody) => call(api.PUT("/api/v1/operator/categories/{category_id}/attributes", { params: { path: { category_id: categoryId } }, body })),
    onSuccess: () => treeChanged(client, marketplaceId),
  });
}
