import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { pricingKeys } from "./keys";

export type Segment = Schemas["SegmentOut"];

export function useSegments(slug: string) {
  return useQuery({
    queryKey: pricingKeys.segments(slug),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/segments", { params: { path: { tenant: slug } } })),
  });
}

/** Segments name customers' segments, lists' assignments and warnings ("no members") and buyers' prices. */
async function segmentChanged(client: QueryClient, slug: string): Promise<void> {
  await client.invalidateQueries({ queryKey: pricingKeys.priceLists(slug) });
  await client.invalidateQueries({ queryKey: pricingKeys.customers(slug) });
  await client.invalidateQueries({ queryKey: pricingKeys.preview(slug) });
}

export function useCreateSegment(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewSegment"]) => call(api.POST("/api/v1/suppliers/{tenant}/segments", { params: { path: { tenant: slug } }, body })),
    onSuccess: (created) => client.setQueryData<Segment[]>(pricingKeys.segments(slug), (list) => [...(list ?? []), created]),
  });
}

export function useSetSegmentMembers(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ segmentId, buyerOrgIds }: { segmentId: string; buyerOrgIds: string[] }) =>
      call(api.PUT("/api/v1/suppliers/{tenant}/segments/{segment_id}/members", { params: { path: { tenant: slug, segment_id: segmentId } }, body: { buyer_org_ids: buyerOrgIds } })),
    onSuccess: async (updated) => {
      client.setQueryData<Segment[]>(pricingKeys.segments(slug), (list) => list?.map((s) => (s.id === updated.id ? updated : s)));
      await segmentChanged(client, slug);
    },
  });
}

export function useDeleteSegment(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (segmentId: string) => call(api.DELETE("/api/v1/suppliers/{tenant}/segments/{segment_id}", { params: { path: { tenant: slug, segment_id: segmentId } } })),
    onSuccess: async (_answer, segmentId) => {
      client.setQueryData<Segment[]>(pricingKeys.segments(slug), (list) => list?.filter((s) => s.id !== segmentId));
      await segmentChanged(client, slug);
    },
  });
}
