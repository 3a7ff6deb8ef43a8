import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { pricingKeys } from "../../pricing/api/keys";
import { catalogKeys } from "./keys";

export type ProductsQuery = NonNullable<paths["/api/v1/suppliers/{tenant}/products"]["get"]["parameters"]["query"]>;
export type Product = Schemas["ProductOut"];
export type Variant = Schemas["VariantOut"];

/** A page of the supplier's catalog (filtered, searched, sorted). */
export function useProducts(slug: string, query: ProductsQuery) {
  return useQuery({
    queryKey: catalogKeys.productPage(slug, query),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/products", { params: { path: { tenant: slug }, query } })),
    placeholderData: keepPreviousData, // the table stays while the next page loads
  });
}

/** One product with its variants; nothing is asked for a new one (`id` null). */
export function useProduct(slug: string, id: string | null) {
  return useQuery({
    queryKey: catalogKeys.product(slug, id ?? "new"),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/products/{product_id}", { params: { path: { tenant: slug, product_id: id ?? "" } } })),
    enabled: id !== null,
  });
}

/** The product list pages (names, SKUs, thumbnails, statuses shown there), not the open products. */
export function invalidateProductPages(client: QueryClient, slug: string) {
  return client.invalidateQueries({ queryKey: catalogKeys.products(slug), predicate: (q) => q.queryKey[3] === "page" });
}

export function useCreateProduct(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewProduct"]) => call(api.POST("/api/v1/suppliers/{tenant}/products", { params: { path: { tenant: slug } }, body })),
    onSuccess: async (created) => {
      client.setQueryData(catalogKeys.product(slug, created.id), created);
      await invalidateProductPages(client, slug);
    },
  });
}

/**
 * A product's details change: the product itself, the list, its stock rows (shown with the
 * product) and what a buyer pays (a product published or archived changes the preview).
 */
export function useUpdateProduct(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ProductPatch"]) => call(api.PATCH("/api/v1/suppliers/{tenant}/products/{product_id}", { params: { path: { tenant: slug, product_id: id } }, body })),
    onSuccess: async (updated) => {
      // the answer may leave the variants out: keep the ones we have
      client.setQueryData<Product>(catalogKeys.product(slug, id), (old) => ({ ...updated, variants: updated.variants ?? old?.variants ?? [] }));
      await invalidateProductPages(client, slug);
      await client.invalidateQueries({ queryKey: catalogKeys.inventory(slug) });
      await client.invalidateQueries({ queryKey: pricingKeys.preview(slug) });
    },
  });
}

/** A draft product goes with its variants: the list, stock and every price list naming its SKUs change. */
export function useDeleteProduct(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE("/api/v1/suppliers/{tenant}/products/{product_id}", { params: { path: { tenant: slug, product_id: id } } })),
    onSuccess: async () => {
      client.removeQueries({ queryKey: catalogKeys.product(slug, id) });
      await invalidateProductPages(client, slug);
      await client.invalidateQueries({ queryKey: catalogKeys.inventory(slug) });
      await client.invalidateQueries({ queryKey: pricingKeys.all(slug) });
    },
  });
}
