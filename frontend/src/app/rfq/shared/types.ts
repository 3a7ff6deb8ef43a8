/**
 * The RFQ shapes both sides' pages share, written against docs/rfq.md (the contract)
 * until the backends' generated types land in api/schema.d.ts. Money and quantities are
 * Decimal strings, dates ISO strings, as the API carries them.
 */

export const RFQ_STATUSES = ["draft", "pending_approval", "open", "closed", "awarded", "cancelled"] as const;
export type RfqStatus = (typeof RFQ_STATUSES)[number];

export const QUOTE_STATUSES = ["invited", "declined", "draft", "submitted", "countered", "revised", "accepted", "rejected", "expired", "withdrawn"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** A quote the buyer can still negotiate or award. */
export const LIVE_QUOTE: readonly QuoteStatus[] = ["submitted", "countered", "revised"];

/** One quantity break: from `min_quantity` on, `unit_price`. */
export interface PriceBreak {
  min_quantity: string;
  unit_price: string;
}

/** What a supplier offers instead: its own SKU or a described substitute. */
export interface Alternative {
  sku?: string | null;
  description?: string | null;
}

/** A file of an RFQ (a drawing, a quote's attachment, a message's). */
export interface RfqFile {
  id: string;
  name: string;
  content_type?: string | null;
  size?: number | null;
  line_id?: string | null;
  purpose?: "request" | "quote" | "message";
  created_at?: string;
}

/** One field of a line or of the terms that changed from one revision to the next. */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface LineDiff {
  line_id: string;
  position?: number | null;
  description?: string | null;
  changes: FieldChange[];
}

/** Revision n against n−1: per line, each field that changed, and the terms that changed. */
export interface RevisionDiff {
  lines: LineDiff[];
  terms: FieldChange[];
}

/** One line of a sent revision. */
export interface RevisionLine {
  line_id: string;
  status: "quoted" | "not_quoted";
  unit_price?: string | null;
  breaks?: PriceBreak[];
  moq?: string | null;
  lead_time_days?: number | null;
  sku?: string | null;
  alternative?: Alternative | null;
  note?: string | null;
}

/** Whole-quote terms of a revision. */
export interface QuoteTerms {
  payment_terms_days?: number | null;
  incoterms?: string | null;
  delivery_terms?: string | null;
  valid_until?: string | null;
  note?: string | null;
}

/** A sent, immutable, numbered revision with its diff against the previous one (none for 1). */
export interface Revision extends QuoteTerms {
  number: number;
  sent_at: string;
  currency: string;
  total?: string | null;
  lines: RevisionLine[];
  diff?: RevisionDiff | null;
  files?: RfqFile[];
}

/** The buyer's counter-offer on one line. */
export interface CounterLine {
  line_id: string;
  target_price?: string | null;
  quantity?: string | null;
  delivery_date?: string | null;
  comment?: string | null;
}

export interface CounterOffer {
  id: string;
  comment?: string | null;
  created_at: string;
  /** The revision it answers. */
  revision?: number | null;
  lines: CounterLine[];
}

/** One message of the thread of an RFQ × supplier. */
export interface RfqMessage {
  id: string;
  side: "buyer" | "supplier";
  author_name?: string | null;
  body: string;
  created_at: string;
  files?: RfqFile[];
}
