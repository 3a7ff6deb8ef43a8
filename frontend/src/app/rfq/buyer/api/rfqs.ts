import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, postMultipart } from "../../../../api/client";
import type { Revision, RfqFile, RfqMessage, RfqStatus } from "../../shared/types";
import { rfqKeys } from "./keys";
import { rfqPath } from "./paths";
import type { ApiRevision, AwardIn, AwardOut, Comparison, CounterIn, InvitationsIn, MessageOut, QuoteDetail, Rfq, RfqFileOut, RfqIn } from "./types";

export interface RfqQuery {
  status?: RfqStatus | "";
  q?: string;
  cursor?: string;
}

/** The company's RFQs: a status filter, search by number or title, pages by cursor. */
export function useRfqs(orgId: string, query: RfqQuery) {
  return useQuery({
    queryKey: rfqKeys.list(orgId, query),
    queryFn: () =>
      call(
        api.GET("/api/v1/orgs/{org_id}/rfqs", {
          params: { path: { org_id: orgId }, query: { status: query.status || undefined, q: query.q || undefined, cursor: query.cursor, limit: 50 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useRfq(orgId: string, id: string | undefined) {
  return useQuery({
    queryKey: rfqKeys.rfq(orgId, id ?? ""),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/rfqs/{rfq_id}", { params: { path: { org_id: orgId, rfq_id: id ?? "" } } })),
    enabled: Boolean(id),
  });
}

/** A change whose answer is the RFQ after it: stored as the detail, the lists and quotes read again. */
function useRfqChange<V>(orgId: string, change: (variables: V) => Promise<Rfq>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (rfq) => {
      client.setQueryData(rfqKeys.rfq(orgId, rfq.id), rfq);
      void client.invalidateQueries({ queryKey: rfqKeys.lists(orgId) });
      void client.invalidateQueries({ queryKey: rfqKeys.quotes(orgId, rfq.id) });
    },
  });
}

/** A new draft; one Idempotency-Key per attempt (a retried POST makes one draft). */
export function useCreateRfq(orgId: string) {
  return useRfqChange(orgId, ({ body, key }: { body: RfqIn; key: string }) =>
    call(api.POST("/api/v1/orgs/{org_id}/rfqs", { params: { path: { org_id: orgId } }, body, headers: { "Idempotency-Key": key } })),
  );
}

/** A draft's changes; `lines` replaces every line. The marketplace is fixed once created. */
export function useUpdateRfq(orgId: string, id: string) {
  return useRfqChange(orgId, (body: RfqIn) => {
    const { marketplace: _fixed, ...patch } = body;
    return call(api.PATCH("/api/v1/orgs/{org_id}/rfqs/{rfq_id}", { params: { path: { org_id: orgId, rfq_id: id } }, body: patch }));
  });
}

export function useDeleteRfq(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE("/api/v1/orgs/{org_id}/rfqs/{rfq_id}", { params: { path: { org_id: orgId, rfq_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.lists(orgId) }),
  });
}

/** The RFQ's steps: submit (open or waiting for approval), extend the deadline, close, cancel, invite. */
export function useRfqSteps(orgId: string, id: string) {
  const path = { org_id: orgId, rfq_id: id };
  return {
    submit: useRfqChange(orgId, () => call(api.POST("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/submit", { params: { path } }))),
    extend: useRfqChange(orgId, (deadline: string) => call(api.POST("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/deadline", { params: { path }, body: { deadline } }))),
    close: useRfqChange(orgId, () => call(api.POST("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/close", { params: { path } }))),
    cancel: useRfqChange(orgId, (reason: string) => call(api.POST("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/cancel", { params: { path }, body: { reason } }))),
    invite: useRfqChange(orgId, (body: InvitationsIn) => call(api.POST("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/invitations", { params: { path }, body }))),
    uninvite: useRfqChange(orgId, (tenantId: string) =>
      call(api.DELETE("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/invitations/{tenant_id}", { params: { path: { ...path, tenant_id: tenantId } } })),
    ),
  };
}

/** Who "all approved suppliers listed in these categories" would reach, before sending. */
export function useInvitationPreview(orgId: string, id: string, categories: readonly string[]) {
  return useQuery({
    queryKey: rfqKeys.preview(orgId, id, categories),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/invitations/preview", { params: { path: { org_id: orgId, rfq_id: id }, query: { categories: [...categories] } } })),
    enabled: id !== "" && categories.length > 0,
  });
}

/** A file as the shared pieces show it. */
export function rfqFile(file: RfqFileOut): RfqFile {
  return { id: file.id, name: file.filename, size: file.size_bytes, content_type: file.content_type, line_id: file.line_id ?? null, purpose: file.purpose, created_at: file.created_at };
}

/** One file to the RFQ's files (multipart: the file, then the form's other fields). */
function uploadRfqFile(orgId: string, id: string, file: File, fields: Record<string, string>): Promise<RfqFileOut> {
  const form = new FormData();
  form.append("file", file);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return postMultipart<RfqFileOut>(rfqPath(orgId, id, "files"), form);
}

/** Uploads a drawing or specification for the RFQ, or for one of its lines. */
export function useUploadRfqFile(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, lineId }: { file: File; lineId?: string | null }) => uploadRfqFile(orgId, id, file, lineId ? { line_id: lineId } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.rfq(orgId, id) }),
  });
}

export function useDeleteRfqFile(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (fileId: string) => call(api.DELETE("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/files/{file_id}", { params: { path: { org_id: orgId, rfq_id: id, file_id: fileId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.rfq(orgId, id) }),
  });
}

export function rfqFileHref(orgId: string, id: string, fileId: string): string {
  return rfqPath(orgId, id, "files", fileId);
}

/** Each invited supplier's quote state (no totals in sealed mode before the deadline). */
export function useQuotes(orgId: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqKeys.quotes(orgId, id),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/quotes", { params: { path: { org_id: orgId, rfq_id: id } } })),
    enabled,
  });
}

/** A revision as the shared pieces read it: the diff's `before`/`after` as `old`/`new`. */
export function sharedRevision(revision: ApiRevision): Revision {
  const change = (c: { field: string; before: string | null; after: string | null }) => ({ field: c.field, old: c.before, new: c.after });
  return {
    number: revision.number,
    sent_at: revision.sent_at,
    currency: revision.currency,
    total: revision.total,
    payment_terms_days: revision.payment_terms_days ?? null,
    incoterms: revision.incoterms ?? null,
    delivery_terms: revision.delivery_terms ?? null,
    valid_until: revision.valid_until,
    note: revision.note ?? null,
    lines: (revision.lines ?? []).map((line) => ({ ...line, breaks: line.breaks ?? [] })),
    diff: revision.diff ? { terms: (revision.diff.terms ?? []).map(change), lines: (revision.diff.lines ?? []).map((l) => ({ line_id: l.line_id, changes: l.changes.map(change) })) } : null,
  };
}

/** One supplier's revisions (newest first) and the buyer's counters; 409 rfq.sealed while sealed. */
export function useQuote(orgId: string, id: string, tenantId: string | null, enabled = true) {
  return useQuery({
    queryKey: rfqKeys.quote(orgId, id, tenantId ?? ""),
    queryFn: () => call(api.GET("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/quotes/{tenant_id}", { params: { path: { org_id: orgId, rfq_id: id, tenant_id: tenantId ?? "" } } })),
    enabled: enabled && Boolean(tenantId),
  });
}

export function useCounter(orgId: string, id: string, tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CounterIn) => call(api.POST("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/quotes/{tenant_id}/counter", { params: { path: { org_id: orgId, rfq_id: id, tenant_id: tenantId } }, body })),
    onSuccess: (quote: QuoteDetail) => {
      client.setQueryData(rfqKeys.quote(orgId, id, tenantId), quote);
      void client.invalidateQueries({ queryKey: rfqKeys.quotes(orgId, id) });
    },
  });
}

function sharedMessage(message: MessageOut): RfqMessage {
  return { id: message.id, side: message.side, author_name: message.author_name, body: message.body, created_at: message.created_at, files: (message.files ?? []).map(rfqFile) };
}

/** The thread with one supplier, oldest first (the API pages newest first: the latest 100). */
export function useMessages(orgId: string, id: string, tenantId: string | null) {
  return useQuery({
    queryKey: rfqKeys.messages(orgId, id, tenantId ?? ""),
    queryFn: async () => {
      const page = await call(api.GET("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/quotes/{tenant_id}/messages", { params: { path: { org_id: orgId, rfq_id: id, tenant_id: tenantId ?? "" }, query: { limit: 100 } } }));
      return page.items.map(sharedMessage).reverse();
    },
    enabled: Boolean(tenantId),
  });
}

export function useSendMessage(orgId: string, id: string, tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    /** the files are uploaded first (purpose message, for this supplier's thread), then attached by id as the message is written */
    mutationFn: async ({ body, files }: { body: string; files: File[] }) => {
      const uploaded: string[] = [];
      for (const file of files) uploaded.push((await uploadRfqFile(orgId, id, file, { purpose: "message", supplier_id: tenantId })).id);
      return call(api.POST("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/quotes/{tenant_id}/messages", { params: { path: { org_id: orgId, rfq_id: id, tenant_id: tenantId } }, body: { body, files: uploaded } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: rfqKeys.messages(orgId, id, tenantId) }),
  });
}

/** The matrix of lines × suppliers (409 rfq.sealed in sealed mode before the deadline). */
export function useComparison(orgId: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqKeys.comparison(orgId, id),
    queryFn: (): Promise<Comparison> => call(api.GET("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/comparison", { params: { path: { org_id: orgId, rfq_id: id } } })),
    enabled,
  });
}

/** The award made: read again while its orders or contract lists are being written. */
export function useAwardResult(orgId: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: rfqKeys.award(orgId, id),
    queryFn: (): Promise<AwardOut> => call(api.GET("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/award", { params: { path: { org_id: orgId, rfq_id: id } } })),
    enabled,
    refetchInterval: (query) => (query.state.data?.status === "placing" ? 5_000 : false),
  });
}

/** The award; one Idempotency-Key per attempt (two tabs, a retry: one award). */
export function useAward(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: AwardIn; key: string }): Promise<AwardOut> =>
      call(api.POST("/api/v1/orgs/{org_id}/rfqs/{rfq_id}/award", { params: { path: { org_id: orgId, rfq_id: id } }, headers: { "Idempotency-Key": key }, body })),
    onSuccess: (award) => {
      client.setQueryData(rfqKeys.award(orgId, id), award);
      void client.invalidateQueries({ queryKey: rfqKeys.rfq(orgId, id) });
      void client.invalidateQueries({ queryKey: rfqKeys.comparison(orgId, id) });
      void client.invalidateQueries({ queryKey: rfqKeys.lists(orgId) });
    },
  });
}
