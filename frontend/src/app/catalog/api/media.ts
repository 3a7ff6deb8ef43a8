import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, postMultipart, type Schemas } from "../../../api/client";
import { catalogKeys } from "./keys";
import { invalidateProductPages } from "./products";

export type Media = Schemas["MediaOut"];
export type Visibility = Media["visibility"];

// thumbnails are made by a job a moment after the upload: look again until they are there
export const RENDITION_POLL_MS = 2000;
const RENDITION_POLLS = 60;

/** A product's images and documents; looked at again every RENDITION_POLL_MS while a thumbnail is being made. */
export function useMedia(slug: string, productId: string) {
  return useQuery({
    queryKey: catalogKeys.media(slug, productId),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/products/{product_id}/media", { params: { path: { tenant: slug, product_id: productId } } })),
    refetchInterval: (query) =>
      (query.state.data ?? []).some((m) => m.rendition_state === "pending") && query.state.dataUpdateCount <= RENDITION_POLLS ? RENDITION_POLL_MS : false,
  });
}

/** The product's files, and the list's thumbnails (the first image is the product's). */
async function mediaChanged(client: QueryClient, slug: string, productId: string) {
  await client.invalidateQueries({ queryKey: catalogKeys.media(slug, productId) });
  await invalidateProductPages(client, slug);
}

export interface Upload {
  file: File;
  kind: Media["kind"];
  title: string;
  visibility: Visibility;
  buyerOrgIds: string[];
}

export function useUploadMedia(slug: string, productId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, kind, title, visibility, buyerOrgIds }: Upload) => {
      const form = new FormData();
      form.append("file", file);
      form.append("kind", kind);
      if (title.trim()) form.append("title", title.trim());
      form.append("visibility", visibility);
      if (visibility === "buyers") form.append("buyer_org_ids", buyerOrgIds.join(","));
      return postMultipart<Media>(`/api/v1/suppliers/${encodeURIComponent(slug)}/products/${productId}/media`, form);
    },
    onSuccess: async (created) => {
      client.setQueryData<Media[]>(catalogKeys.media(slug, productId), (list) => [...(list ?? []), created]);
      await mediaChanged(client, slug, productId);
    },
  });
}

export function useUpdateMedia(slug: string, productId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["MediaPatch"] }) =>
      call(api.PATCH("/api/v1/suppliers/{tenant}/products/{product_id}/media/{media_id}", { params: { path: { tenant: slug, product_id: productId, media_id: id } }, body })),
    onSuccess: async (updated) => {
      client.setQueryData<Media[]>(catalogKeys.media(slug, productId), (list) => list?.map((m) => (m.id === updated.id ? updated : m)));
      await mediaChanged(client, slug, productId);
    },
  });
}

export function useDeleteMedia(slug: string, productId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE("/api/v1/suppliers/{tenant}/products/{product_id}/media/{media_id}", { params: { path: { tenant: slug, product_id: productId, media_id: id } } })),
    onSuccess: async (_, id) => {
      client.setQueryData<Media[]>(catalogKeys.media(slug, productId), (list) => list?.filter((m) => m.id !== id));
      await mediaChanged(client, slug, productId);
    },
  });
}
