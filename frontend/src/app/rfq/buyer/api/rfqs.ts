import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RfqFile, RfqMessage, RfqStatus } from "../../shared/types";
import { rfqKeys } from "./keys";
import { postMultipart, rfqCall, rfqPath } from "./http";
import type { AwardIn, AwardOut, Comparison, CounterIn, InvitationsIn, QuoteDetail, QuoteSummary, Rfq, RfqIn, RfqPage, SupplierCandidate } from "./types";

export interface RfqQuery {
  status?: RfqStatus | "";
  q?: string;
  cursor?: string;
}

function listSearch(query: RfqQuery): string {
  const params = new URLSearchParams({ limit: "50" });
  if (query.status) params.set("status", query.status);
  if (query.q) params.set("q", query.q);
  if (query.cursor) params.set("cursor", query.cursor);
  return params.toString();
}

/** The company's RFQs: a status filter, search by number or title, pages by cursor. */
export function useRfqs(orgId: string, query: RfqQuery) {
  return useQuery({
    queryKey: rfqKeys.list(orgId, query),
    queryFn: () => rfqCall<RfqPage>("GET", `${rfqPath(orgId)}?${listSearch(query)}`),
    placeholderData: keepPreviousData,
  });
}

export function useRfq(orgId: string, id: string | undefined) {
  return useQuery({
    queryKey: rfqKeys.rfq(orgId, id ?? ""),
    queryFn: () => rfqCall<Rfq>("GET", rfqPath(orgId, id ?? "")),
    enabled: Boolean(id),
  });
}

/** A change whose answer is the RFQ after it: stored as the detail, the lists read again. */
function useRfqChange<V>(orgId: string, change: (variables: V) => Promise<Rfq>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (rfq) => {
      client.setQueryData(rfqKeys.rfq(orgId, rfq.id), rfq);
      void client.invalidateQueries({ queryKey: rfqKeys.lists(orgId) });
    },
  });
}

/** A new draft; one Idempotency-Key per attempt (a retried POST makes one draft). */
export function useCreateRfq(orgId: string) {
  return useRfqChange(orgId, ({ body, key }: { body: RfqIn; key: string }) => rfqCall<Rfq>("POST", rfqPath(orgId), body, key));
}

export function useUpdateRfq(orgId: string, id: string) {
  return useRfqChange(orgId, (body: Partial<RfqIn>) => rfqCall<Rfq>("PATCH", rfqPath(orgId, id), body));
}

export function useDeleteRfq(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => rfqCall<null>("DELETE", rfqPath(orgId, id)),
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.lists(orgId) }),
  });
}

/** The RFQ's steps: submit (open or waiting for approval), extend the deadline, close, cancel. */
export function useRfqSteps(orgId: string, id: string) {
  return {
    submit: useRfqChange(orgId, (key: string) => rfqCall<Rfq>("POST", rfqPath(orgId, id, "submit"), {}, key)),
    extend: useRfqChange(orgId, (deadline: string) => rfqCall<Rfq>("POST", rfqPath(orgId, id, "deadline"), { deadline })),
    close: useRfqChange(orgId, () => rfqCall<Rfq>("POST", rfqPath(orgId, id, "close"), {})),
    cancel: useRfqChange(orgId, (reason: string) => rfqCall<Rfq>("POST", rfqPath(orgId, id, "cancel"), { reason })),
    invite: useRfqChange(orgId, (body: InvitationsIn) => rfqCall<Rfq>("POST", rfqPath(orgId, id, "invitations"), body)),
  };
}

/** Who "all approved suppliers listed in these categories" would reach, before sending. */
export function useInvitationPreview(orgId: string, id: string, categories: readonly string[]) {
  return useQuery({
    queryKey: rfqKeys.preview(orgId, id, categories),
    queryFn: () => {
      const params = new URLSearchParams();
      for (const category of categories) params.append("categories", category);
      return rfqCall<SupplierCandidate[] | { items: SupplierCandidate[] }>("GET", `${rfqPath(orgId, id, "invitations", "preview")}?${params.toString()}`).then((answer) =>
        Array.isArray(answer) ? answer : answer.items,
      );
    },
    enabled: id !== "" && categories.length > 0,
  });
}

/** Uploads a drawing or specification for the RFQ, or for one of its lines. */
export function useUploadRfqFile(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, lineId }: { file: File; lineId?: string | null }) => {
      const form = new FormData();
      form.append("file", file);
      if (lineId) form.append("line_id", lineId);
      return postMultipart<RfqFile>(rfqPath(orgId, id, "files"), form);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.rfq(orgId, id) }),
  });
}

export function useDeleteRfqFile(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (fileId: string) => rfqCall<null>("DELETE", rfqPath(orgId, id, "files", fileId)),
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.rfq(orgId, id) }),
  });
}

export function rfqFileHref(orgId: string, id: string, fileId: string): string {
  return rfqPath(orgId, id, "files", fileId);
}

/** Each invited supplier's quote state (no prices in sealed mode before the deadline). */
export function useQuotes(orgId: string, id: string) {
  return useQuery({
    queryKey: rfqKeys.quotes(orgId, id),
    queryFn: () => rfqCall<QuoteSummary[] | { items: QuoteSummary[] }>("GET", rfqPath(orgId, id, "quotes")).then((answer) => (Array.isArray(answer) ? answer : answer.items)),
  });
}

export function useQuote(orgId: string, id: string, tenantId: string | null) {
  return useQuery({
    queryKey: rfqKeys.quote(orgId, id, tenantId ?? ""),
    queryFn: () => rfqCall<QuoteDetail>("GET", rfqPath(orgId, id, "quotes", tenantId ?? "")),
    enabled: Boolean(tenantId),
  });
}

export function useCounter(orgId: string, id: string, tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CounterIn) => rfqCall<unknown>("POST", rfqPath(orgId, id, "quotes", tenantId, "counter"), body),
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.quotes(orgId, id) }),
  });
}

export function useMessages(orgId: string, id: string, tenantId: string | null) {
  return useQuery({
    queryKey: rfqKeys.messages(orgId, id, tenantId ?? ""),
    queryFn: () =>
      rfqCall<RfqMessage[] | { items: RfqMessage[] }>("GET", rfqPath(orgId, id, "quotes", tenantId ?? "", "messages")).then((answer) => (Array.isArray(answer) ? answer : answer.items)),
    enabled: Boolean(tenantId),
  });
}

/** A message with its files (multipart: `body` and one `files` part per file). */
export function useSendMessage(orgId: string, id: string, tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, files }: { body: string; files: File[] }) => {
      const form = new FormData();
      form.append("body", body);
      for (const file of files) form.append("files", file);
      return postMultipart<RfqMessage>(rfqPath(orgId, id, "quotes", tenantId, "messages"), form);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.messages(orgId, id, tenantId) }),
  });
}

/** The matrix of lines × suppliers (409 rfq.sealed in sealed mode before the deadline). */
export function useComparison(orgId: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqKeys.comparison(orgId, id),
    queryFn: () => rfqCall<Comparison>("GET", rfqPath(orgId, id, "comparison")),
    enabled,
  });
}

export function useAwardResult(orgId: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: rfqKeys.award(orgId, id),
    queryFn: () => rfqCall<AwardOut>("GET", rfqPath(orgId, id, "award")),
    enabled,
    refetchInterval: (query) => (query.state.data?.checkout_status === "placing" || query.state.data?.contracts?.some((c) => c.status === "pending") ? 5_000 : false),
  });
}

/** The award; one Idempotency-Key per attempt (two tabs, a retry: one award). */
export function useAward(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: AwardIn; key: string }) => rfqCall<AwardOut>("POST", rfqPath(orgId, id, "award"), body, key),
    onSuccess: (award) => {
      client.setQueryData(rfqKeys.award(orgId, id), award);
      void client.invalidateQueries({ queryKey: rfqKeys.rfq(orgId, id) });
      void client.invalidateQueries({ queryKey: rfqKeys.lists(orgId) });
    },
  });
}
