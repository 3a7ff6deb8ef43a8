import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { buyersKeys } from "./keys";

export type BuyerLocation = Schemas["BuyerLocationOut"];
export type NewBuyerLocation = Schemas["NewBuyerLocation"];
export type BuyerLocationPatch = Schemas["BuyerLocationPatch"];
export type LocationKind = Schemas["DefaultBuyerLocation"]["kind"];

export function useLocations(orgId: string) {
  return useQuery({
    queryKey: buyersKeys.locations(orgId),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/locations", { params: { path: { org_id: orgId } } })),
  });
}

/** Every change can move a default to another row: the whole list is read again. */
function useLocationMutation<V, R>(orgId: string, mutationFn: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => client.invalidateQueries({ queryKey: buyersKeys.locations(orgId) }),
  });
}

export function useCreateLocation(orgId: string) {
  return useLocationMutation(orgId, (body: NewBuyerLocation) => call(api.POST("/api/v1/orgs/{org_id}/locations", { params: { path: { org_id: orgId } }, body })));
}

export function useUpdateLocation(orgId: string) {
  return useLocationMutation(orgId, ({ id, body }: { id: string; body: BuyerLocationPatch }) =>
    call(api.PATCH("/api/v1/orgs/{org_id}/locations/{location_id}", { params: { path: { org_id: orgId, location_id: id } }, body })),
  );
}

export function useDeleteLocation(orgId: string) {
  return useLocationMutation(orgId, (id: string) => call(api.DELETE("/api/v1/orgs/{org_id}/locations/{location_id}", { params: { path: { org_id: orgId, location_id: id } } })));
}

export function useSetDefaultLocation(orgId: string) {
  return useLocationMutation(orgId, ({ id, kind }: { id: string; kind: LocationKind }) =>
    call(api.POST("/api/v1/orgs/{org_id}/locations/{location_id}/default", { params: { path: { org_id: orgId, location_id: id } }, body: { kind } })),
  );
}
