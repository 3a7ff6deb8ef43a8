import type { Schemas } from "../../../../api/client";
import type { QuoteStatus, RfqStatus } from "../../shared/types";

/**
 * The buyer's RFQ shapes: rfq.requests' and rfq.quotes' from the generated client; the
 * comparison's and the award's written against rfq.awards' structs (docs/rfq.md) until its
 * routes are in the client. Decimal strings for money and quantities, ISO strings for dates.
 */

export type LineKind = Schemas["NewRfqLine"]["kind"];
export type RfqIn = Schemas["NewRfq"];
export type RfqLineIn = Schemas["NewRfqLine"];
export type RfqLine = Schemas["RfqLineOut"];
export type Rfq = Schemas["RfqDetail"];
export type RfqSummary = Schemas["RfqSummary"];
export type RfqPage = Schemas["RfqPage"];
export type Invitation = Schemas["InvitationView"];
export type RfqFileOut = Schemas["FileOut"];
export type InvitationPreview = Schemas["InvitationPreview"];
export type SupplierCandidate = InvitationPreview["suppliers"][number];
export type InvitationsIn = Schemas["InvitationsIn"];
export type QuotesOut = Schemas["QuotesOut"];
export type QuoteSummary = Schemas["QuoteSummary"];
export type QuoteDetail = Schemas["SupplierQuotes"];
export type ApiRevision = NonNullable<QuoteDetail["revisions"]>[number];
export type CounterOut = Schemas["CounterOut"];
export type CounterIn = Schemas["CounterIn"];
export type MessageOut = Schemas["MessageOut"];

/** A quote's state as the API words it (a plain string in rfq.quotes' structs). */
export function quoteStatus(status: string): QuoteStatus {
  return status as QuoteStatus;
}

export type { RfqStatus };

/** One supplier's answer to one line at the asked quantity (rfq.awards' Cell). */
export interface ComparisonCell {
  tenant_id: string;
  status: "quoted" | "not_quoted" | "no_answer";
  /** false: an expired or withdrawn quote, shown greyed, never best, not awardable */
  live?: boolean;
  sku?: string | null;
  unit_price?: string | null;
  line_total?: string | null;
  lead_time_days?: number | null;
  moq?: string | null;
  valid_until?: string | null;
  alternative_sku?: string | null;
  alternative_description?: string | null;
  note?: string | null;
  lowest?: boolean;
  fastest?: boolean;
}

export interface ComparisonLine {
  id: string;
  position: number;
  kind?: string;
  sku?: string | null;
  description: string;
  unit: string;
  quantity: string;
  target_price?: string | null;
  target_total?: string | null;
  lowest?: string[];
  fastest?: string[];
  cells: ComparisonCell[];
}

export interface ComparisonSupplier {
  tenant_id: string;
  name: string;
  slug?: string;
  status: QuoteStatus;
  live?: boolean;
  revision_id?: string | null;
  revision_number?: number | null;
  sent_at?: string | null;
  valid_until?: string | null;
  payment_terms_days?: number | null;
  incoterms?: string | null;
  delivery_terms?: string | null;
  quoted_lines?: number;
  total?: string | null;
}

export interface Comparison {
  rfq_id: string;
  number?: string;
  title?: string;
  status?: RfqStatus;
  currency: string;
  sealed?: boolean;
  deadline?: string;
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
    payment_methods: Record<string, "on_account" | "bank_transfer">;
  } | null;
  contract: { valid_until: string } | null;
}

/** What the award became at one supplier: its order and its contract list. */
export interface AwardSupplier {
  tenant_id: string;
  name: string;
  total: string;
  /** pending | placed | failed | waiting_approval; null: no orders asked */
  order_status?: string | null;
  order_id?: string | null;
  order_number?: string | null;
  order_state?: string | null;
  order_reason?: string | null;
  /** pending | needs_mapping | done | failed; null: no contract list asked */
  contract_status?: string | null;
  price_list_id?: string | null;
  contract_reason?: string | null;
}

export interface AwardOut {
  id: string;
  rfq_id: string;
  number?: string;
  /** placing | completed */
  status: string;
  currency: string;
  checkout_id?: string | null;
  checkout_status?: string | null;
  contract_valid_until?: string | null;
  awarded_at?: string;
  total?: string;
  suppliers: AwardSupplier[];
}
