import type { CounterLine, CounterOffer, QuoteStatus, Revision, RfqFile, RfqStatus } from "../../shared/types";

/**
 * The buyer's RFQ shapes from docs/rfq.md (rfq.requests, rfq.quotes and rfq.awards' buyer
 * routes). Decimal strings for money and quantities, ISO strings for dates.
 */

export type LineKind = "sku" | "category" | "text";

/** A line as the buyer writes it (POST/PATCH /rfqs). */
export interface RfqLineIn {
  kind: LineKind;
  tenant_id?: string | null;
  sku?: string | null;
  category_id?: string | null;
  attributes?: Record<string, string>;
  description?: string | null;
  quantity: string;
  unit: string;
  target_price?: string | null;
  target_visible: boolean;
  note?: string | null;
}

/** A draft's header and lines, as the wizard sends them. */
export interface RfqIn {
  marketplace: string;
  title: string;
  currency: string;
  deadline: string;
  delivery_date?: string | null;
  delivery_location_id?: string | null;
  payment_terms_days?: number | null;
  note?: string | null;
  sealed: boolean;
  lines: RfqLineIn[];
}

export interface RfqLine {
  id: string;
  position: number;
  kind: LineKind;
  tenant_id?: string | null;
  supplier_name?: string | null;
  sku?: string | null;
  category_id?: string | null;
  category_name?: string | null;
  attributes?: Record<string, unknown>;
  description: string;
  unit: string;
  quantity: string;
  target_price?: string | null;
  target_visible: boolean;
  note?: string | null;
}

/** One invited supplier, as the buyer sees it (its quote's state; no prices here). */
export interface Invitation {
  tenant_id: string;
  supplier_name?: string | null;
  supplier_slug?: string | null;
  position?: number;
  status: QuoteStatus;
  status_reason?: string | null;
  latest_revision: number;
  invited_at?: string | null;
  seen_at?: string | null;
  updated_at?: string;
}

export interface RfqSummary {
  id: string;
  number: string;
  title: string;
  status: RfqStatus;
  sealed: boolean;
  currency: string;
  deadline: string;
  marketplace_slug?: string | null;
  marketplace_name?: string | null;
  line_count?: number;
  invitation_count?: number;
  quote_count?: number;
  created_at: string;
  submitted_at?: string | null;
}

export interface RfqPage {
  items: RfqSummary[];
  next_cursor?: string | null;
}

export interface Rfq extends RfqSummary {
  status_reason?: string | null;
  marketplace_id?: string;
  delivery_date?: string | null;
  delivery_location_id?: string | null;
  delivery_location?: Record<string, unknown> | null;
  payment_terms_days?: number | null;
  note?: string | null;
  closed_at?: string | null;
  lines: RfqLine[];
  invitations: Invitation[];
  files?: RfqFile[];
  /** The approval the RFQ waits for (pending_approval). */
  purchase_request_id?: string | null;
}

/** A supplier the invitation would reach (the category preview). */
export interface SupplierCandidate {
  tenant_id: string;
  slug: string;
  name: string;
  already_invited?: boolean;
}

export interface InvitationsIn {
  suppliers?: string[];
  categories?: string[];
}

/** Per invited supplier on GET /quotes: in sealed mode before the deadline, no prices. */
export interface QuoteSummary {
  tenant_id: string;
  supplier_name?: string | null;
  status: QuoteStatus;
  latest_revision: number;
  last_sent_at?: string | null;
  total?: string | null;
  valid_until?: string | null;
}

/** GET /quotes/{tenant_id}: the revisions with diffs and the buyer's counters. */
export interface QuoteDetail {
  tenant_id: string;
  supplier_name?: string | null;
  status: QuoteStatus;
  revisions: Revision[];
  counters: CounterOffer[];
}

export interface CounterIn {
  comment?: string | null;
  lines: CounterLine[];
}

/** One supplier's answer on one line in the comparison. */
export interface ComparisonCell {
  tenant_id: string;
  status: "quoted" | "not_quoted";
  unit_price?: string | null;
  line_total?: string | null;
  lead_time_days?: number | null;
  moq?: string | null;
  valid_until?: string | null;
  sku?: string | null;
  alternative?: { sku?: string | null; description?: string | null } | null;
  breaks?: { min_quantity: string; unit_price: string }[];
}

export interface ComparisonLine {
  line_id: string;
  position: number;
  description: string;
  quantity: string;
  unit: string;
  target_price?: string | null;
  cells: ComparisonCell[];
}

export interface ComparisonSupplier {
  tenant_id: string;
  supplier_name: string;
  status: QuoteStatus;
  revision: number;
  valid_until?: string | null;
  payment_terms_days?: number | null;
  total?: string | null;
}

export interface Comparison {
  rfq_id: string;
  currency: string;
  suppliers: ComparisonSupplier[];
  lines: ComparisonLine[];
}

export interface AwardSplit {
  tenant_id: string;
  quantity: string;
}

export interface AwardIn {
  lines: { line_id: string; splits: AwardSplit[] }[];
  orders: {
    ship_to_location_id: string;
    bill_to_location_id: string;
    po_number?: string | null;
    payment_methods: Record<string, string>;
  } | null;
  contract: { valid_until: string } | null;
}

/** What the award made: the checkout (its orders or its approval) and the contract lists. */
export interface AwardOut {
  id: string;
  rfq_id: string;
  created_at?: string;
  checkout_id?: string | null;
  checkout_status?: string | null;
  orders?: { tenant_id: string; supplier_name?: string | null; order_id?: string | null; order_number?: string | null; status?: string | null }[];
  contracts?: { tenant_id: string; supplier_name?: string | null; status: string; price_list_id?: string | null; valid_until?: string | null }[];
}
