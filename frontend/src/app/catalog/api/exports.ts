import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { catalogKeys } from "./keys";

export type ExportJob = Schemas["ExportOut"];
export const EXPORT_RUNNING: ReadonlySet<ExportJob["status"]> = new Set(["queued", "running"]);
export const EXPORT_POLL_MS = 1000;

/** An export job, asked again every EXPORT_POLL_MS while it runs (the job writes the file, not the web process). */
export function useExportJob(slug: string, id: string | null) {
  return useQuery({
    queryKey: catalogKeys.exportJob(slug, id ?? ""),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/exports/{export_id}", { params: { path: { tenant: slug, export_id: id ?? "" } } })),
    enabled: id !== null,
    staleTime: Infinity,
    refetchInterval: (query) => (query.state.data && EXPORT_RUNNING.has(query.state.data.status) ? EXPORT_POLL_MS : false),
  });
}

/** Queues an export; its job is put where `useExportJob` reads it. Nothing else changes. */
export function useStartExport(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, format }: { kind: ExportJob["kind"]; format: ExportJob["format"] }) =>
      call(api.POST("/api/v1/suppliers/{tenant}/exports", { params: { path: { tenant: slug }, query: { kind, format } } })),
    onSuccess: (job) => client.setQueryData(catalogKeys.exportJob(slug, job.id), job),
  });
}
