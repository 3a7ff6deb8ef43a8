import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, postMultipart, type Schemas } from "../../../../api/client";
import { readRevision, sharedFile } from "./diff";
import { supplierPath } from "./http";
import { rfqSupplierKeys } from "./keys";
import type { CounterOffer, DraftIn, Message, QuoteDraft, QuotePolicy, QuoteStatus, Revision, RfqFile, SupplierAward, SupplierQuotes } from "./types";

export interface InboxQuery {
  status?: QuoteStatus | "";
  cursor?: string;
}

function inbox(slug: string, query: InboxQuery) {
  return call(api.GET("/api/v1/suppliers/{tenant}/rfqs", { params: { path: { tenant: slug }, query: { status: query.status || undefined, cursor: query.cursor, limit: 50 } } }));
}

/** The supplier's invitations, newest first, by cursor. */
export function useInbox(slug: string, query: InboxQuery) {
  return useQuery({ queryKey: rfqSupplierKeys.inbox(slug, query), queryFn: () => inbox(slug, query), placeholderData: keepPreviousData, enabled: slug !== "" });
}

/** How many open invitations wait for a first look (the nav badge): the first page of `invited`. */
export function useNewInvitations(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: rfqSupplierKeys.inbox(slug, { status: "invited", badge: true }),
    queryFn: () => inbox(slug, { status: "invited" }),
    enabled: enabled && slug !== "",
    staleTime: 60_000,
    select: (page) => page.items.filter((item) => !item.seen_at && item.rfq_status === "open").length,
  });
}

/** The request as this supplier sees it. Reading it marks the invitation seen: the inbox (and its badge) are read again. */
export function useSupplierRfq(slug: string, id: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: rfqSupplierKeys.rfq(slug, id),
    queryFn: async () => {
      const rfq = await call(api.GET("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}", { params: { path: { tenant: slug, rfq_id: id } } }));
      void client.invalidateQueries({ queryKey: rfqSupplierKeys.inboxes(slug) });
      return rfq;
    },
  });
}

export function fileUrl(slug: string, rfqId: string, fileId: string): string {
  return supplierPath(slug, `/rfqs/${rfqId}/files/${fileId}`);
}

/** The open draft in the supplier's schema (`status: new`: nothing saved, a copy of the last sent revision). */
export function useDraft(slug: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqSupplierKeys.draft(slug, id),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/draft", { params: { path: { tenant: slug, rfq_id: id } } })),
    enabled,
  });
}

/** A counter as the API answers it, readable by the shared views too (`revision`). */
function readCounter(counter: Schemas["CounterOut"]): CounterOffer {
  return { ...counter, revision: counter.revision_number, lines: counter.lines ?? [] };
}

/** Its sent revisions (with diffs, newest first) and the buyer's counters. */
export function useSupplierQuotes(slug: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqSupplierKeys.revisions(slug, id),
    queryFn: async (): Promise<SupplierQuotes> => {
      const answer = await call(api.GET("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/revisions", { params: { path: { tenant: slug, rfq_id: id } } }));
      return { status: answer.status, status_reason: answer.status_reason, revisions: (answer.revisions ?? []).map(readRevision), counters: (answer.counters ?? []).map(readCounter) };
    },
    enabled,
  });
}

/** The thread, oldest first (the API pages newest first: the latest 100 are read). */
export function useMessages(slug: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqSupplierKeys.messages(slug, id),
    queryFn: async (): Promise<Message[]> => {
      const page = await call(api.GET("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/messages", { params: { path: { tenant: slug, rfq_id: id }, query: { limit: 100 } } }));
      return [...page.items].sort((a, b) => a.created_at.localeCompare(b.created_at)).map((message) => ({ ...message, files: (message.files ?? []).map(sharedFile) }));
    },
    enabled,
  });
}

/** Every step on one RFQ reloads what it touched: the request, its draft, revisions and the inbox. */
function useRfqStep<V, R>(slug: string, id: string, step: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: step,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: rfqSupplierKeys.rfq(slug, id) });
      void client.invalidateQueries({ queryKey: rfqSupplierKeys.inboxes(slug) });
    },
  });
}

function uploadFile(slug: string, rfqId: string, file: File, purpose: "quote" | "message"): Promise<RfqFile> {
  const form = new FormData();
  form.set("file", file);
  form.set("purpose", purpose);
  return postMultipart<RfqFile>(supplierPath(slug, `/rfqs/${rfqId}/files`), form);
}

export function useQuoteSteps(slug: string, id: string) {
  const path = { tenant: slug, rfq_id: id };
  return {
    save: useRfqStep(slug, id, (body: DraftIn): Promise<QuoteDraft> => call(api.PUT("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/draft", { params: { path }, body }))),
    requestApproval: useRfqStep(slug, id, () => call(api.POST("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/draft/request-approval", { params: { path } }))),
    approve: useRfqStep(slug, id, () => call(api.POST("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/draft/approve", { params: { path } }))),
    /** one Idempotency-Key per attempt (a repeat answers the same revision); `files`: its quote uploads, attached to the revision */
    send: useRfqStep(slug, id, async ({ key, files }: { key: string; files: string[] }): Promise<Revision> =>
      readRevision(await call(api.POST("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/draft/send", { params: { path }, headers: { "Idempotency-Key": key }, body: { files } }))),
    ),
    decline: useRfqStep(slug, id, (reason: string) => call(api.POST("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/decline", { params: { path }, body: { reason } }))),
    withdraw: useRfqStep(slug, id, (reason: string) => call(api.POST("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/withdraw", { params: { path }, body: { reason } }))),
    /** a message with its files: the files uploaded first (purpose message), then attached by id as it is written */
    message: useRfqStep(slug, id, async ({ body, files }: { body: string; files: File[] }) => {
      const uploaded: string[] = [];
      for (const file of files) uploaded.push((await uploadFile(slug, id, file, "message")).id);
      return call(api.POST("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/messages", { params: { path }, body: { body, files: uploaded } }));
    }),
    upload: useRfqStep(slug, id, ({ file, purpose }: { file: File; purpose: "quote" | "message" }) => uploadFile(slug, id, file, purpose)),
  };
}

export function useQuotePolicy(slug: string) {
  return useQuery({
    queryKey: rfqSupplierKeys.policy(slug),
    queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/quote-policy", { params: { path: { tenant: slug } } })),
    enabled: slug !== "",
  });
}

export function useSaveQuotePolicy(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QuotePolicy) => call(api.PUT("/api/v1/suppliers/{tenant}/quote-policy", { params: { path: { tenant: slug } }, body })),
    onSuccess: (policy) => client.setQueryData(rfqSupplierKeys.policy(slug), policy),
  });
}

/** What the buyer awarded this supplier (rfq.awards; not in this tree's client yet). */
export function useSupplierAward(slug: string, id: string, enabled: boolean) {
  return useQuery({ queryKey: rfqSupplierKeys.award(slug, id), queryFn: (): Promise<SupplierAward> => call(api.GET("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/award", { params: { path: { tenant: slug, rfq_id: id } } })), enabled });
}

export function useMapAwardLines(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mappings: { line_id: string; sku: string }[]): Promise<SupplierAward> =>
      call(api.POST("/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/award", { params: { path: { tenant: slug, rfq_id: id } }, body: { mappings } })),
    onSuccess: (award) => client.setQueryData(rfqSupplierKeys.award(slug, id), award),
  });
}

export interface SkuChoice {
  sku: string;
  name: string;
}

/** The supplier's own SKUs whose product name or SKU matches `q` (for mapping a free-text line). */
export function useSkuSearch(slug: string, q: string) {
  return useQuery({
    queryKey: rfqSupplierKeys.skus(slug, q),
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
    queryFn: async (): Promise<SkuChoice[]> => {
      const page = await call(api.GET("/api/v1/suppliers/{tenant}/products", { params: { path: { tenant: slug }, query: { q: q.trim(), limit: 10 } } }));
      return page.items.flatMap((product) => (product.variants ?? []).map((variant) => ({ sku: variant.sku, name: variant.name ? `${product.name} · ${variant.name}` : product.name })));
    },
  });
}
