import { useQuery } from "@tanstack/react-query";
import { api, call } from "../../../api/client";
import { browseKeys } from "./keys";

/** Every open marketplace (buyers browse them; suppliers apply to them). */
export function usePublicMarketplaces() {
  return useQuery({ queryKey: browseKeys.marketplaces(), queryFn: () => call(api.GET("/api/v1/marketplaces")) });
}

/** A marketplace and its category tree (with each category's attribute definitions). */
export function useMarketplaceTree(slug: string) {
  return useQuery({
    queryKey: browseKeys.tree(slug),
    queryFn: () => call(api.GET("/api/v1/marketplaces/{slug}/categories", { params: { path: { slug } } })),
  });
}

/** A supplier's product as a buyer sees it on a marketplace (with the buyer's own prices). */
export function usePublicProduct(market: string, supplier: string, id: string) {
  return useQuery({
    queryKey: browseKeys.product(market, supplier, id),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/products/{product_id}/public", { params: { path: { tenant: supplier, product_id: id }, query: { marketplace: market } } })),
  });
}

/** The effective attribute schema of a category (its own and inherited definitions); none without a category. */
export function useCategorySchema(categoryId: string | null | undefined) {
  return useQuery({
    queryKey: browseKeys.categorySchema(categoryId ?? ""),
    queryFn: async () => (categoryId ? (await call(api.GET("/api/v1/categories/{category_id}", { params: { path: { category_id: categoryId } } }))).schema : []),
  });
}
