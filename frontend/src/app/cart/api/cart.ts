import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, postMultipart, type Schemas } from "../../../api/client";
import { cartKeys } from "./keys";

export type Cart = Schemas["CartOut"];
export type SupplierGroup = Schemas["SupplierGroup"];
export type PricedLine = Schemas["PricedLine"];
export type CartLineIn = Schemas["CartLineIn"];
export type QuickOrderIn = Schemas["QuickOrderIn"];
export type QuickRowIn = Schemas["QuickRowIn"];
export type QuickOrderReport = Schemas["QuickOrderReport"];
export type QuickRowOut = Schemas["QuickRowOut"];

export function useCart(orgId: string) {
  return useQuery({
    queryKey: cartKeys.cart(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/cart", { params: { path: { org_id: orgId } } })),
  });
}

/** The header badge: a count, cheap to ask (no pricing). */
export function useCartCount(orgId: string, enabled: boolean) {
  return useQuery({
    queryKey: cartKeys.count(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/cart/count", { params: { path: { org_id: orgId } } })),
    enabled,
  });
}

/** A change answers the priced cart: it replaces the cached one; the count is asked again. */
function useCartChange<V>(orgId: string, mutationFn: (variables: V) => Promise<Cart | undefined>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (cart) => {
      if (cart) client.setQueryData(cartKeys.cart(orgId), cart);
      else void client.invalidateQueries({ queryKey: cartKeys.cart(orgId) });
      void client.invalidateQueries({ queryKey: cartKeys.count(orgId) });
    },
  });
}

export function useAddToCart(orgId: string) {
  return useCartChange(orgId, (lines: CartLineIn[]) =>
    call(api.POST("/api/v1/orgs/{org_id}/cart/lines", { params: { path: { org_id: orgId } }, body: { lines } })),
  );
}

export function useChangeQuantity(orgId: string) {
  return useCartChange(orgId, ({ id, quantity }: { id: string; quantity: string }) =>
    call(api.PATCH("/api/v1/orgs/{org_id}/cart/lines/{line_id}", { params: { path: { org_id: orgId, line_id: id } }, body: { quantity } })),
  );
}

export function useRemoveLine(orgId: string) {
  return useCartChange(orgId, async (id: string) => {
    await call(api.DELETE("/api/v1/orgs/{org_id}/cart/lines/{line_id}", { params: { path: { org_id: orgId, line_id: id } } }));
    return undefined;
  });
}

export function useEmptyCart(orgId: string) {
  return useCartChange(orgId, async () => {
    await call(api.DELETE("/api/v1/orgs/{org_id}/cart", { params: { path: { org_id: orgId } } }));
    return undefined;
  });
}

export function useResolveQuickOrder(orgId: string) {
  return useMutation({
    mutationFn: (body: QuickOrderIn) => call(api.POST("/api/v1/orgs/{org_id}/quick-order/resolve", { params: { path: { org_id: orgId } }, body })),
  });
}

export function useResolveQuickOrderFile(orgId: string) {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return postMultipart<QuickOrderReport>(`/api/v1/orgs/${encodeURIComponent(orgId)}/quick-order/file`, form);
    },
  });
}

export function useAddQuickOrder(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QuickOrderIn) => call(api.POST("/api/v1/orgs/{org_id}/quick-order/add", { params: { path: { org_id: orgId } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: cartKeys.all(orgId) }),
  });
}
