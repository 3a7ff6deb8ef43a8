/**
 * The supplier's side of the RFQ API as docs/rfq.md describes it (decimals as strings).
 * Written before the generated client had these routes; replaced by `Schemas[...]` aliases
 * where the backends' names match.
 */

import type { CounterOffer as SharedCounterOffer, QuoteStatus, RevisionDiff, RfqMessage, RfqStatus } from "../../shared/types";

export { QUOTE_STATUSES } from "../../shared/types";
export type { CounterLine, FieldChange, QuoteStatus, RevisionDiff, RfqStatus } from "../../shared/types";

/** One invitation in the supplier's inbox. */
export interface InboxItem {
  rfq_id: string;
  number: string;
  title: string;
  buyer_name?: string | null;
  rfq_status: RfqStatus;
  quote_status: QuoteStatus;
  currency: string;
  deadline: string;
  sealed?: boolean;
  line_count: number;
  latest_revision: number;
  invited_at?: string | null;
  seen_at?: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  next_cursor?: string | null;
}

export interface RfqLine {
  id: string;
  position: number;
  kind: "sku" | "category" | "text";
  sku?: string | null;
  category_id?: string | null;
  category_name?: string | null;
  attributes?: Record<string, unknown>;
  description: string;
  unit: string;
  quantity: string;
  /** only when the buyer shows it */
  target_price?: string | null;
  note?: string | null;
}

export interface RfqFile {
  id: string;
  purpose: "request" | "quote" | "message";
  line_id?: string | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  created_at?: string;
}

export interface DeliveryLocation {
  name?: string | null;
  line1?: string | null;
  city?: string | null;
  postal_code?: string | null;
  country?: string | null;
  [key: string]: unknown;
}

export interface InvitationState {
  status: QuoteStatus;
  status_reason?: string | null;
  latest_revision: number;
}

/** The request as this supplier sees it. */
export interface SupplierRfq {
  id: string;
  number: string;
  title: string;
  status: RfqStatus;
  buyer_name?: string | null;
  sealed: boolean;
  currency: string;
  deadline: string;
  delivery_date?: string | null;
  delivery_location?: DeliveryLocation | null;
  payment_terms_days?: number | null;
  note?: string | null;
  lines: RfqLine[];
  files?: RfqFile[];
  invitation: InvitationState;
}

export interface QuoteBreak {
  min_quantity: string;
  unit_price: string;
}

export interface Alternative {
  sku?: string | null;
  description?: string | null;
}

export type LineAnswer = "quoted" | "not_quoted";

export interface DraftLine {
  line_id: string;
  status: LineAnswer;
  unit_price?: string | null;
  breaks: QuoteBreak[];
  moq?: string | null;
  lead_time_days?: number | null;
  sku?: string | null;
  alternative?: Alternative | null;
  note?: string | null;
  internal_note?: string | null;
}

export interface QuoteTerms {
  payment_terms_days?: number | null;
  incoterms?: string | null;
  delivery_terms?: string | null;
  valid_until?: string | null;
  note?: string | null;
  internal_note?: string | null;
}

/** new: nothing saved yet (a copy of the last sent revision, or empty); sent: became a revision */
export type DraftStatus = "new" | "editing" | "awaiting_approval" | "approved" | "sent";

/** The open draft in the supplier's schema (rfq.quotes' DraftOut). */
export interface QuoteDraft extends QuoteTerms {
  id?: string | null;
  status: DraftStatus;
  base_revision: number;
  currency?: string;
  lines: DraftLine[];
  total: string;
  /** above the supplier's quote policy: an owner or admin approves it before it is sent */
  approval_needed: boolean;
  approved_total?: string | null;
  updated_at?: string | null;
  counters?: CounterOffer[];
}

export type DraftIn = QuoteTerms & { lines: DraftLine[] };

export interface RevisionLine {
  line_id: string;
  status: LineAnswer;
  sku?: string | null;
  unit_price?: string | null;
  breaks: QuoteBreak[];
  moq?: string | null;
  lead_time_days?: number | null;
  alternative?: Alternative | null;
  line_total?: string | null;
  note?: string | null;
}

export interface Revision extends QuoteTerms {
  number: number;
  currency: string;
  total: string;
  sent_at: string;
  sent_by_name?: string | null;
  lines: RevisionLine[];
  diff?: RevisionDiff | null;
}

/** The supplier's side of an RFQ: its status, revisions (newest first) and the counters. */
export interface SupplierQuotes {
  status: QuoteStatus;
  status_reason?: string | null;
  revisions: Revision[];
  counters: CounterOffer[];
}

/** A counter-offer as the supplier reads it (the revision it answers, who made it). */
export type CounterOffer = SharedCounterOffer & { revision_number?: number | null; created_by_name?: string | null };

export type Message = RfqMessage;

export interface QuotePolicy {
  approval_above: string | null;
  currency: string | null;
}

export interface AwardedLine {
  line_id: string;
  position: number;
  description: string;
  unit: string;
  /** null: a free-text line to map to a SKU of the catalog */
  sku?: string | null;
  quantity: string;
  unit_price: string;
  line_total: string;
}

/** What the buyer awarded this supplier (rfq.awards' SupplierAwardOut). */
export interface SupplierAward {
  rfq_id: string;
  number: string;
  title: string;
  currency: string;
  awarded_at: string;
  contract_valid_until?: string | null;
  /** the contract list step: pending, needs_mapping, done, failed (none asked: null) */
  contract_status?: string | null;
  price_list_id?: string | null;
  contract_reason?: string | null;
  order_number?: string | null;
  lines: AwardedLine[];
}
