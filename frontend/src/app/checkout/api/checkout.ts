import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { cartKeys } from "../../cart/api/keys";
import { checkoutKeys } from "./keys";

export type CheckoutPreview = Schemas["CheckoutPreview"];
export type SupplierGroup = Schemas["CheckoutSupplier"];
export type CheckoutIn = Schemas["CheckoutIn"];
export type CheckoutOut = Schemas["CheckoutOut"];
export type CheckoutStep = Schemas["StepOut"];
export type CheckoutEditIn = Schemas["CheckoutEditIn"];
export type PaymentMethod = Schemas["PaymentOption"]["method"];

export function useCheckoutPreview(orgId: string) {
  return useQuery({
    queryKey: checkoutKeys.preview(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/checkout", { params: { path: { org_id: orgId } } })),
  });
}

/** How often a checkout is asked again: while approvals or the background placement may still change it. */
export function checkoutRefreshMs(checkout: CheckoutOut | undefined): number | false {
  return checkout && (checkout.status === "pending_approval" || checkout.status === "placing") ? 5_000 : false;
}

export function useCheckout(orgId: string, id: string) {
  return useQuery({
    queryKey: checkoutKeys.checkout(orgId, id),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/checkouts/{checkout_id}", { params: { path: { org_id: orgId, checkout_id: id } } })),
    refetchInterval: (query) => checkoutRefreshMs(query.state.data),
  });
}

/**
 * Place the cart. One Idempotency-Key per attempt the buyer makes: a retry of the same
 * request (a dropped connection) replays the same checkout instead of placing twice.
 */
export function usePlaceOrders(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CheckoutIn; key: string }) =>
      call(api.POST("/api/v1/orgs/{org_id}/checkout", { params: { path: { org_id: orgId } }, body, headers: { "Idempotency-Key": key } })),
    onSuccess: (placed) => {
      client.setQueryData(checkoutKeys.checkout(orgId, placed.id), placed);
      // the placed suppliers' lines left the cart: the header badge and the cart page count again
      void client.invalidateQueries({ queryKey: cartKeys.all(orgId) });
      return client.invalidateQueries({ queryKey: checkoutKeys.preview(orgId) });
    },
  });
}

/**
 * Change a checkout waiting for approval (quantities, lines removed): re-priced, its
 * approvals start again. One Idempotency-Key per attempt, as placing.
 */
export function useEditCheckout(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CheckoutEditIn; key: string }) =>
      call(api.PATCH("/api/v1/orgs/{org_id}/checkouts/{checkout_id}", { params: { path: { org_id: orgId, checkout_id: id } }, body, headers: { "Idempotency-Key": key } })),
    onSuccess: (edited) => client.setQueryData(checkoutKeys.checkout(orgId, id), edited),
  });
}
