import { useCallback } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, postMultipart, type Schemas } from "../../../api/client";
import { pricingKeys } from "../../pricing/api/keys";
import { catalogKeys } from "./keys";

export type Job = Schemas["ImportOut"];
export type Kind = Job["kind"];
export type NumberFormat = NonNullable<Job["number_format"]>;
export type HeaderCheck = Schemas["HeaderCheck"];
export const RUNNING: ReadonlySet<Job["status"]> = new Set(["queued", "validating", "applying"]);
export const POLL_MS = 1000;
const HISTORY = { limit: 20 };

export function uploadImport(slug: string, kind: Kind, file: File, options: { numberFormat?: NumberFormat | ""; mapping?: Record<string, string> } = {}): Promise<Job> {
  const form = new FormData();
  form.append("file", file);
  if (options.mapping) form.append("mapping", JSON.stringify(options.mapping));
  const query = new URLSearchParams({ kind });
  if (options.numberFormat) query.set("number_format", options.numberFormat);
  return postMultipart<Job>(`/api/v1/suppliers/${encodeURIComponent(slug)}/imports?${query.toString()}`, form);
}

/** The file's header against the kind's columns and the saved mapping (nothing is stored). */
export function checkHeaders(slug: string, kind: Kind, file: File): Promise<HeaderCheck> {
  const form = new FormData();
  form.append("file", file);
  return postMultipart<HeaderCheck>(`/api/v1/suppliers/${encodeURIComponent(slug)}/imports/headers?kind=${kind}`, form);
}

/**
 * The recent imports. While one runs that is not the watched job (another tab, another
 * member), the list is asked again every 2 × POLL_MS.
 */
export function useImports(slug: string, watchedId: string | null) {
  return useQuery({
    queryKey: catalogKeys.importPage(slug, HISTORY),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/imports", { params: { path: { tenant: slug }, query: HISTORY } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => ((query.state.data?.items ?? []).some((j) => RUNNING.has(j.status) && j.id !== watchedId) ? 2 * POLL_MS : false),
  });
}

/** What a finished import may have changed: products, stock, price lists (and the preview), the history. */
export async function importFinished(client: QueryClient, slug: string) {
  await Promise.all([
    client.invalidateQueries({ queryKey: catalogKeys.products(slug) }),
    client.invalidateQueries({ queryKey: catalogKeys.inventory(slug) }),
    client.invalidateQueries({ queryKey: catalogKeys.imports(slug) }),
    client.invalidateQueries({ queryKey: pricingKeys.all(slug) }),
  ]);
}

/**
 * The job being watched, seeded with the copy in hand (`useWatchImport`) and asked again
 * every POLL_MS while it runs; when it ends, what it changed is refreshed on every page.
 */
export function useImportJob(slug: string, id: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: catalogKeys.importJob(slug, id ?? ""),
    queryFn: async () => {
      const job = await call(api.GET("/api/v1/suppliers/{tenant}/imports/{import_id}", { params: { path: { tenant: slug, import_id: id ?? "" } } }));
      if (!RUNNING.has(job.status)) void importFinished(client, slug);
      return job;
    },
    enabled: id !== null,
    staleTime: Infinity, // a finished job does not change; a running one is polled
    refetchInterval: (query) => (query.state.data && RUNNING.has(query.state.data.status) ? POLL_MS : false),
  });
}

/** Puts a job in hand (an upload's answer, a row of the history) where `useImportJob` reads it. */
export function useWatchImport(slug: string) {
  const client = useQueryClient();
  return useCallback((job: Job) => client.setQueryData(catalogKeys.importJob(slug, job.id), job), [client, slug]);
}

export function useCheckHeaders(slug: string) {
  return useMutation({ mutationFn: ({ kind, file }: { kind: Kind; file: File }) => checkHeaders(slug, kind, file) });
}

/** An import queued: it joins the history (and is watched by whoever started it). */
export function useStartImport(slug: string) {
  const client = useQueryClient();
  const watch = useWatchImport(slug);
  return useMutation({
    mutationFn: ({ kind, file, numberFormat, mapping }: { kind: Kind; file: File; numberFormat: NumberFormat | ""; mapping?: Record<string, string> | undefined }) =>
      uploadImport(slug, kind, file, mapping ? { numberFormat, mapping } : { numberFormat }),
    onSuccess: async (job) => {
      watch(job);
      await client.invalidateQueries({ queryKey: catalogKeys.imports(slug) });
    },
  });
}
