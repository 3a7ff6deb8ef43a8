import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { pricingKeys } from "../../pricing/api/keys";
import { catalogKeys } from "./keys";
import { invalidateProductPages, type Product, type Variant } from "./products";

/**
 * A variant added, changed or removed: the product's variants (set in place), the list's
 * SKUs column, the stock rows (by SKU) and pricing (price-list warnings name unknown SKUs;
 * the preview prices SKUs).
 */
async function variantsChanged(client: QueryClient, slug: string, productId: string, change: (variants: Variant[]) => Variant[]) {
  client.setQueryData<Product>(catalogKeys.product(slug, productId), (old) => (old ? { ...old, variants: change(old.variants ?? []) } : old));
  await invalidateProductPages(client, slug);
  await client.invalidateQueries({ queryKey: catalogKeys.inventory(slug) });
  await client.invalidateQueries({ queryKey: pricingKeys.all(slug) });
}

export function useCreateVariant(slug: string, productId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewVariant"]) =>
      call(api.POST("/api/v1/suppliers/{tenant}/products/{product_id}/variants", { params: { path: { tenant: slug, product_id: productId } }, body })),
    onSuccess: (created) => variantsChanged(client, slug, productId, (variants) => [...variants, created]),
  });
}

export function useUpdateVariant(slug: string, productId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["VariantPatch"] }) =>
      call(api.PATCH("/api/v1/suppliers/{tenant}/variants/{variant_id}", { params: { path: { tenant: slug, variant_id: id } }, body })),
    onSuccess: (saved) => variantsChanged(client, slug, productId, (variants) => variants.map((v) => (v.id === saved.id ? saved : v))),
  });
}

export function useDeleteVariant(slug: string, productId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE("/api/v1/suppliers/{tenant}/variants/{variant_id}", { params: { path: { tenant: slug, variant_id: id } } })),
    onSuccess: (_, id) => variantsChanged(client, slug, productId, (variants) => variants.filter((v) => v.id !== id)),
  });
}
