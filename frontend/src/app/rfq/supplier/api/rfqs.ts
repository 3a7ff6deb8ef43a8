import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, postMultipart } from "../../../../api/client";
import { rfqSupplierKeys } from "./keys";
import { requestJson, supplierPath } from "./http";
import type { DraftIn, InboxPage, Message, QuoteDraft, QuotePolicy, QuoteStatus, Revision, RfqFile, SupplierAward, SupplierQuotes, SupplierRfq } from "./types";

export interface InboxQuery {
  status?: QuoteStatus | "";
  cursor?: string;
}

function inboxUrl(slug: string, query: InboxQuery): string {
  const params = new URLSearchParams({ limit: "50" });
  if (query.status) params.set("status", query.status);
  if (query.cursor) params.set("cursor", query.cursor);
  return supplierPath(slug, `/rfqs?${params.toString()}`);
}

/** The supplier's invitations, newest first, by cursor. */
export function useInbox(slug: string, query: InboxQuery) {
  return useQuery({
    queryKey: rfqSupplierKeys.inbox(slug, query),
    queryFn: () => requestJson<InboxPage>("GET", inboxUrl(slug, query)),
    placeholderData: keepPreviousData,
    enabled: slug !== "",
  });
}

/** How many invitations wait for a first look (the nav badge): the first page of `invited`. */
export function useNewInvitations(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: rfqSupplierKeys.inbox(slug, { status: "invited", badge: true }),
    queryFn: () => requestJson<InboxPage>("GET", inboxUrl(slug, { status: "invited" })),
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
      const rfq = await requestJson<SupplierRfq>("GET", supplierPath(slug, `/rfqs/${id}`));
      void client.invalidateQueries({ queryKey: rfqSupplierKeys.inboxes(slug) });
      return rfq;
    },
  });
}

export function fileUrl(slug: string, rfqId: string, fileId: string): string {
  return supplierPath(slug, `/rfqs/${rfqId}/files/${fileId}`);
}

/** The draft in the supplier's schema; 404 (none yet) reads as null. */
export function useDraft(slug: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqSupplierKeys.draft(slug, id),
    queryFn: async () => {
      try {
        return await requestJson<QuoteDraft>("GET", supplierPath(slug, `/rfqs/${id}/draft`));
      } catch (error) {
        if (error instanceof Error && "status" in error && error.status === 404) return null;
        throw error;
      }
    },
    enabled,
  });
}

/** The diff as the API words it (`before`/`after`) → as the shared diff view reads it (`old`/`new`). */
interface ApiChange {
  field: string;
  before?: unknown;
  after?: unknown;
  old?: unknown;
  new?: unknown;
}

function sharedDiff(revision: Revision): Revision {
  if (!revision.diff) return revision;
  const change = (c: ApiChange) => ({ field: c.field, old: c.old ?? c.before ?? null, new: c.new ?? c.after ?? null });
  const diff = revision.diff as unknown as { terms: ApiChange[]; lines: { line_id: string; changes: ApiChange[] }[] };
  return { ...revision, diff: { terms: diff.terms.map(change), lines: diff.lines.map((line) => ({ line_id: line.line_id, changes: line.changes.map(change) })) } };
}

/** Its sent revisions (with diffs) and the buyer's counters. */
export function useSupplierQuotes(slug: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqSupplierKeys.revisions(slug, id),
    queryFn: async () => {
      const answer = await requestJson<SupplierQuotes>("GET", supplierPath(slug, `/rfqs/${id}/revisions`));
      return { ...answer, revisions: answer.revisions.map(sharedDiff) };
    },
    enabled,
  });
}

/** The thread, oldest first (the API pages newest first: the latest 100 are read). */
export function useMessages(slug: string, id: string, enabled = true) {
  return useQuery({
    queryKey: rfqSupplierKeys.messages(slug, id),
    queryFn: () =>
      requestJson<{ items: Message[] } | Message[]>("GET", supplierPath(slug, `/rfqs/${id}/messages?limit=100`))
        .then(items)
        .then((list) => [...list].sort((a, b) => a.created_at.localeCompare(b.created_at))),
    enabled,
  });
}

/** Lists come as `{items}` or bare arrays: both read as the array. */
function items<T>(answer: { items: T[] } | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
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
  const path = (tail: string) => supplierPath(slug, `/rfqs/${id}${tail}`);
  return {
    save: useRfqStep(slug, id, (body: DraftIn) => requestJson<QuoteDraft>("PUT", path("/draft"), body)),
    requestApproval: useRfqStep(slug, id, () => requestJson<QuoteDraft>("POST", path("/draft/request-approval"), {})),
    approve: useRfqStep(slug, id, () => requestJson<QuoteDraft>("POST", path("/draft/approve"), {})),
    send: useRfqStep(slug, id, (key: string) => requestJson<Revision>("POST", path("/draft/send"), {}, { "Idempotency-Key": key })),
    decline: useRfqStep(slug, id, (reason: string) => requestJson<SupplierQuotes>("POST", path("/decline"), { reason })),
    withdraw: useRfqStep(slug, id, (reason: string) => requestJson<SupplierQuotes>("POST", path("/withdraw"), { reason })),
    /** a message with its files: the files uploaded first (purpose message), attached when the message is written */
    message: useRfqStep(slug, id, async ({ body, files }: { body: string; files: File[] }) => {
      for (const file of files) await uploadFile(slug, id, file, "message");
      return requestJson<Message>("POST", path("/messages"), { body });
    }),
    upload: useRfqStep(slug, id, ({ file, purpose }: { file: File; purpose: "quote" | "message" }) => uploadFile(slug, id, file, purpose)),
  };
}

export function useQuotePolicy(slug: string) {
  return useQuery({ queryKey: rfqSupplierKeys.policy(slug), queryFn: () => requestJson<QuotePolicy>("GET", supplierPath(slug, "/quote-policy")), enabled: slug !== "" });
}

export function useSaveQuotePolicy(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QuotePolicy) => requestJson<QuotePolicy>("PUT", supplierPath(slug, "/quote-policy"), body),
    onSuccess: (policy) => client.setQueryData(rfqSupplierKeys.policy(slug), policy),
  });
}

/** What the buyer awarded this supplier (404 until an award). */
export function useSupplierAward(slug: string, id: string, enabled: boolean) {
  return useQuery({ queryKey: rfqSupplierKeys.award(slug, id), queryFn: () => requestJson<SupplierAward>("GET", supplierPath(slug, `/rfqs/${id}/award`)), enabled });
}

export function useMapAwardLines(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mappings: { line_id: string; sku: string }[]) => requestJson<SupplierAward>("POST", supplierPath(slug, `/rfqs/${id}/award`), { mappings }),
    onSuccess: (award) => client.setQueryData(rfqSupplierKeys.award(slug, id), award),
  });
}

export interface SkuChoice {
  sku: string;
  name: string;
}

/** The supplier's own SKUs whose product matches `q` (for mapping a free-text line). */
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
