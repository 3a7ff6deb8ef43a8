import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { requisitionKeys } from "./keys";

export type RequisitionList = Schemas["RequisitionListOut"];
export type RequisitionListDetail = Schemas["RequisitionListDetail"];
export type PricedLine = Schemas["RequisitionLineOut"];
export type NewRequisitionLine = Schemas["NewRequisitionLine"];
export type ToCartOut = Schemas["ToCartOut"];
export type Scope = "all" | "mine" | "shared";
export type Visibility = RequisitionList["visibility"];

/** The company's lists the caller sees, by name, page after page (cursor). */
export function useRequisitionLists(orgId: string, scope: Scope, q: string) {
  return useInfiniteQuery({
    queryKey: requisitionKeys.pages(orgId, scope, q),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/api/v1/orgs/{org_id}/requisition-lists", {
          params: { path: { org_id: orgId }, query: { scope, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.next_cursor,
  });
}

export function useRequisitionList(orgId: string, listId: string) {
  return useQuery({
    queryKey: requisitionKeys.list(orgId, listId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/requisition-lists/{list_id}", { params: { path: { org_id: orgId, list_id: listId } } })),
  });
}

/** A change of a list answers the list priced again: it replaces the cached one, and the pages reload. */
function useListChange<V>(orgId: string, listId: string, mutationFn: (variables: V) => Promise<RequisitionListDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (detail) => {
      client.setQueryData(requisitionKeys.list(orgId, listId), detail);
      await client.invalidateQueries({ queryKey: [...requisitionKeys.all(orgId), "pages"] });
    },
  });
}

/** A new list, empty or (`fromCart`) holding the lines of the caller's cart. */
export function useCreateList(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ fromCart, ...body }: { name: string; visibility: Visibility; fromCart: boolean }) =>
      fromCart
        ? call(api.POST("/api/v1/orgs/{org_id}/requisition-lists/from-cart", { params: { path: { org_id: orgId } }, body }))
        : call(api.POST("/api/v1/orgs/{org_id}/requisition-lists", { params: { path: { org_id: orgId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: requisitionKeys.all(orgId) }),
  });
}

export function useUpdateList(orgId: string, listId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; visibility?: Visibility }) =>
      call(api.PATCH("/api/v1/orgs/{org_id}/requisition-lists/{list_id}", { params: { path: { org_id: orgId, list_id: listId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: requisitionKeys.all(orgId) }),
  });
}

export function useDeleteList(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (listId: string) => call(api.DELETE("/api/v1/orgs/{org_id}/requisition-lists/{list_id}", { params: { path: { org_id: orgId, list_id: listId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: requisitionKeys.all(orgId) }),
  });
}

export function useAddLines(orgId: string, listId: string) {
  return useListChange(orgId, listId, (lines: NewRequisitionLine[]) =>
    call(api.POST("/api/v1/orgs/{org_id}/requisition-lists/{list_id}/lines", { params: { path: { org_id: orgId, list_id: listId } }, body: { lines } })),
  );
}

export function useUpdateLine(orgId: string, listId: string) {
  return useListChange(orgId, listId, ({ lineId, quantity }: { lineId: string; quantity: string }) =>
    call(
      api.PATCH("/api/v1/orgs/{org_id}/requisition-lists/{list_id}/lines/{line_id}", {
        params: { path: { org_id: orgId, list_id: listId, line_id: lineId } },
        body: { quantity },
      }),
    ),
  );
}

export function useRemoveLines(orgId: string, listId: string) {
  return useListChange(orgId, listId, (lineIds: string[]) =>
    call(api.POST("/api/v1/orgs/{org_id}/requisition-lists/{list_id}/lines/remove", { params: { path: { org_id: orgId, list_id: listId } }, body: { line_ids: lineIds } })),
  );
}

/** Lines into the caller's cart: all of them when `lineIds` is null; the cart's queries
 * (the cart area's `cartKeys.all(orgId)`: its lines and header count) then reload. */
export function useToCart(orgId: string, listId: string) {
  const client = useQueryClient();
  return useMutation({
    onSuccess: () => client.invalidateQueries({ queryKey: ["cart", orgId] }),
    mutationFn: (lineIds: string[] | null) =>
      call(api.POST("/api/v1/orgs/{org_id}/requisition-lists/{list_id}/to-cart", { params: { path: { org_id: orgId, list_id: listId } }, body: lineIds ? { line_ids: lineIds } : {} })),
  });
}
