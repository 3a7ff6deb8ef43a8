import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { pricingKeys } from "./keys";

type PriceListsQuery = NonNullable<paths["/api/v1/suppliers/{tenant}/price-lists"]["get"]["parameters"]["query"]>;
type ItemsQuery = NonNullable<paths["/api/v1/suppliers/{tenant}/price-lists/{price_list_id}/items"]["get"]["parameters"]["query"]>;
export type PriceList = Schemas["PriceListOut"];
export type Item = Schemas["ItemOut"];

/** A page of the supplier's price lists (and its default currency). */
export function usePriceLists(slug: string, query: PriceListsQuery) {
  return useQuery({
    queryKey: pricingKeys.priceListPage(slug, query),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/price-lists", { params: { path: { tenant: slug }, query } })),
    placeholderData: keepPreviousData, // the table stays while the next page loads
  });
}

/**
 * The supplier's default currency (what a buyer without customer terms trades in):
 * new lists and terms start in it rather than in EUR. Undefined while loading; "" when
 * it cannot be read (the field stays editable and the server checks the code).
 */
export function useDefaultCurrency(slug: string): string | undefined {
  const { data, isError } = useQuery({
    queryKey: pricingKeys.priceListPage(slug, { limit: 1 }),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/price-lists", { params: { path: { tenant: slug }, query: { limit: 1 } } })),
    select: (page) => page.default_currency,
  });
  return isError ? "" : data;
}

export function usePriceList(slug: string, id: string) {
  return useQuery({
    queryKey: pricingKeys.priceList(slug, id),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}", { params: { path: { tenant: slug, price_list_id: id } } })),
  });
}

export function usePriceListItems(slug: string, id: string, query: ItemsQuery) {
  return useQuery({
    queryKey: pricingKeys.items(slug, id, query),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}/items", { params: { path: { tenant: slug, price_list_id: id }, query } })),
    placeholderData: keepPreviousData,
  });
}

/** A new list appears in the table; what a buyer pays may change (preview). */
export function useCreatePriceList(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewPriceList"]) => call(api.POST("/api/v1/suppliers/{tenant}/price-lists", { params: { path: { tenant: slug } }, body })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: pricingKeys.priceLists(slug) });
      await client.invalidateQueries({ queryKey: pricingKeys.preview(slug) });
    },
  });
}

export function useUpdatePriceList(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["PriceListPatch"]) =>
      call(api.PATCH("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}", { params: { path: { tenant: slug, price_list_id: id } }, body })),
    onSuccess: async (updated) => {
      client.setQueryData(pricingKeys.priceList(slug, id), updated);
      await client.invalidateQueries({ queryKey: pricingKeys.priceLists(slug), predicate: (q) => q.queryKey[3] === "page" });
      await client.invalidateQueries({ queryKey: pricingKeys.preview(slug) });
      await client.invalidateQueries({ queryKey: pricingKeys.customers(slug) }); // its price-list count
    },
  });
}

export function useDeletePriceList(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}", { params: { path: { tenant: slug, price_list_id: id } } })),
    onSuccess: async () => {
      client.removeQueries({ queryKey: pricingKeys.priceList(slug, id) });
      await client.invalidateQueries({ queryKey: pricingKeys.all(slug) });
    },
  });
}

/**
 * Sets (or, with no tiers, removes) SKUs' tiers: the list's items, its item count and
 * warnings, the table of lists and the preview all change.
 */
export function useSetPriceListItems(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (items: Schemas["PriceListItems"]["items"]) =>
      call(api.PUT("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}/items", { params: { path: { tenant: slug, price_list_id: id } }, body: { items } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: pricingKeys.priceLists(slug) });
      await client.invalidateQueries({ queryKey: pricingKeys.preview(slug) });
    },
  });
}
