import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { browseKeys } from "../../browse/api/keys";
import { notificationKeys } from "../../notifications/api/keys";
import { operatorKeys } from "./keys";

export type Listing = Schemas["ListingOut"];
type ListingsQuery = NonNullable<paths["/api/v1/operator/listings"]["get"]["parameters"]["query"]>;

export function useListings(query: ListingsQuery) {
  return useQuery({
    queryKey: operatorKeys.listingPage(query),
    queryFn: () => call(api.GET("/api/v1/operator/listings", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * Approve, or reject with a reason: the row changes in place (other filters reload when
 * next shown), the audit trail gains a record and buyers' marketplaces list other suppliers.
 */
export function useDecideListing() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ listing, reason }: { listing: Listing; reason?: string }) => {
      const path = { params: { path: { listing_id: listing.id } } };
      return reason === undefined
        ? call(api.POST("/api/v1/operator/listings/{listing_id}/approve", path))
        : call(api.POST("/api/v1/operator/listings/{listing_id}/reject", { ...path, body: { reason } }));
    },
    onSuccess: async (updated) => {
      client.setQueriesData<Schemas["Page_ListingOut"]>({ queryKey: operatorKeys.listings() }, (page) => page && { ...page, items: page.items.map((x) => (x.id === updated.id ? updated : x)) });
      await client.invalidateQueries({ queryKey: operatorKeys.listings(), refetchType: "none" });
      await client.invalidateQueries({ queryKey: operatorKeys.audit() });
      await client.invalidateQueries({ queryKey: browseKeys.all });
      await client.invalidateQueries({ queryKey: notificationKeys.all }); // the supplier's admins are told
    },
  });
}
