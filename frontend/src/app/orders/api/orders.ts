import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { ordersKeys } from "./keys";

export type OrderSummary = Schemas["OrderSummary"];
export type OrderPage = Schemas["OrderPage"];
export type OrderDetail = Schemas["OrderDetail"];
export type OrderLine = Schemas["OrderLineOut"];
export type ChangeIn = Schemas["ChangeIn"];
export type ShipIn = Schemas["ShipIn"];
export type ReorderOut = Schemas["ReorderOut"];
export type Side = "buyer" | "supplier";

export const STATUSES = ["placed", "credit_hold", "confirmed", "partially_shipped", "shipped", "delivered", "cancelled", "rejected"] as const;
export type OrderStatus = (typeof STATUSES)[number];

export interface OrderQuery {
  status?: OrderStatus | "";
  q?: string;
  cursor?: string;
}

function listQuery(query: OrderQuery) {
  return { status: query.status ? [query.status] : undefined, q: query.q || undefined, cursor: query.cursor, limit: 50 };
}

/** The buyer company's history (owner: buyer) or the supplier's inbox (owner: supplier). */
export function useOrders(owner: OrderOwner, query: OrderQuery) {
  return useQuery({
    queryKey: owner.side === "buyer" ? ordersKeys.history(owner.id, query) : ordersKeys.inbox(owner.id, query),
    queryFn: () =>
      owner.side === "buyer"
        ? call(api.GET("/api/v1/orgs/{org_id}/orders", { params: { path: { org_id: owner.id }, query: listQuery(query) } }))
        : call(api.GET("/api/v1/suppliers/{tenant}/orders", { params: { path: { tenant: owner.id }, query: listQuery(query) } })),
    placeholderData: keepPreviousData,
  });
}

/** The CSV of the filtered history: a plain link (the session cookie goes with it). */
export function exportUrl(orgId: string, query: OrderQuery): string {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.q) params.set("q", query.q);
  const tail = params.toString();
  return `/api/v1/orgs/${encodeURIComponent(orgId)}/orders/export.csv${tail ? `?${tail}` : ""}`;
}

/** Where an order lives for the caller: the buyer company, or the supplier (its slug). */
export interface OrderOwner {
  side: Side;
  id: string; // the buyer company's id, or the supplier's slug
}

export function useOrder(owner: OrderOwner, orderId: string) {
  return useQuery({
    queryKey: owner.side === "buyer" ? ordersKeys.buyerOrder(owner.id, orderId) : ordersKeys.supplierOrder(owner.id, orderId),
    queryFn: () =>
      owner.side === "buyer"
        ? call(api.GET("/api/v1/orgs/{org_id}/orders/{order_id}", { params: { path: { org_id: owner.id, order_id: orderId } } }))
        : call(api.GET("/api/v1/suppliers/{tenant}/orders/{order_id}", { params: { path: { tenant: owner.id, order_id: orderId } } })),
  });
}

/** A step of the order: the answer is the order after it (stored as the detail; the lists are read again). */
function useStep<V>(owner: OrderOwner, orderId: string, step: (variables: V) => Promise<OrderDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: step,
    onSuccess: (order) => {
      const key = owner.side === "buyer" ? ordersKeys.buyerOrder(owner.id, orderId) : ordersKeys.supplierOrder(owner.id, orderId);
      client.setQueryData(key, order);
      void client.invalidateQueries({ queryKey: owner.side === "buyer" ? ordersKeys.histories(owner.id) : ordersKeys.inboxes(owner.id) });
    },
  });
}

export function useSupplierSteps(slug: string, orderId: string) {
  const owner: OrderOwner = { side: "supplier", id: slug };
  const path = { tenant: slug, order_id: orderId };
  return {
    confirm: useStep(owner, orderId, () => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/confirm", { params: { path } }))),
    reject: useStep(owner, orderId, (reason: string) => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/reject", { params: { path }, body: { reason } }))),
    release: useStep(owner, orderId, () => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/release", { params: { path }, body: {} }))),
    cancel: useStep(owner, orderId, (reason: string) => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/cancel", { params: { path }, body: { reason } }))),
    propose: useStep(owner, orderId, (body: ChangeIn) => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/proposal", { params: { path }, body }))),
    accept: useStep(owner, orderId, () => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/change/accept", { params: { path }, body: {} }))),
    decline: useStep(owner, orderId, () => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/change/decline", { params: { path }, body: {} }))),
    ship: useStep(owner, orderId, (body: ShipIn) => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/shipments", { params: { path }, body }))),
    deliver: useStep(owner, orderId, () => call(api.POST("/api/v1/suppliers/{tenant}/orders/{order_id}/deliver", { params: { path } }))),
  };
}

export function useBuyerSteps(orgId: string, orderId: string) {
  const owner: OrderOwner = { side: "buyer", id: orgId };
  const path = { org_id: orgId, order_id: orderId };
  return {
    cancel: useStep(owner, orderId, (reason: string) => call(api.POST("/api/v1/orgs/{org_id}/orders/{order_id}/cancel", { params: { path }, body: { reason } }))),
    request: useStep(owner, orderId, (body: ChangeIn) => call(api.POST("/api/v1/orgs/{org_id}/orders/{order_id}/change-request", { params: { path }, body }))),
    accept: useStep(owner, orderId, () => call(api.POST("/api/v1/orgs/{org_id}/orders/{order_id}/proposal/accept", { params: { path }, body: {} }))),
    decline: useStep(owner, orderId, () => call(api.POST("/api/v1/orgs/{org_id}/orders/{order_id}/proposal/decline", { params: { path }, body: {} }))),
  };
}

export function useReorder(orgId: string, orderId: string) {
  return useMutation({
    mutationFn: (lineIds: string[] | null) =>
      call(api.POST("/api/v1/orgs/{org_id}/orders/{order_id}/reorder", { params: { path: { org_id: orgId, order_id: orderId } }, body: { line_ids: lineIds } })),
  });
}
