import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { operatorKeys } from "../../operator/api/keys";
import { supplierKeys } from "./keys";

export type Listing = Schemas["ListingOut"];

/** The organisation's applications to marketplaces (one per marketplace at most). */
export function useOwnListings(orgId: string) {
  return useQuery({
    queryKey: supplierKeys.listings(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/listings", { params: { path: { org_id: orgId } } })),
  });
}

/** Apply to a marketplace, or withdraw an application: the row changes; the operators' queue changes too. */
export function useApplyOrWithdraw(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { apply: string } | { withdraw: string }) =>
      "apply" in change
        ? call(api.POST("/api/v1/orgs/{org_id}/listings", { params: { path: { org_id: orgId } }, body: { marketplace_id: change.apply } }))
        : call(api.POST("/api/v1/orgs/{org_id}/listings/{listing_id}/withdraw", { params: { path: { org_id: orgId, listing_id: change.withdraw } } })),
    onSuccess: async (listing) => {
      client.setQueryData<Listing[]>(supplierKeys.listings(orgId), (list) => [...(list ?? []).filter((x) => x.id !== listing.id), listing]);
      await client.invalidateQueries({ queryKey: operatorKeys.listings() });
    },
  });
}
