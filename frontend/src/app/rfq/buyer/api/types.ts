import type { Schemas } from "../../../../api/client";
import type { QuoteStatus, RfqStatus } from "../../shared/types";

/**
 * The buyer's RFQ shapes, from the generated client (rfq.requests', rfq.quotes' and
 * rfq.awards' structs). Decimal strings for money and quantities, ISO strings for dates.
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

/** The comparison (rfq.awards): lines × suppliers; each line's cells one per supplier, in the suppliers' order. */
export type Comparison = Schemas["ComparisonOut"];
export type ComparisonLine = Schemas["ComparisonLine"];
/** One supplier's answer to one line at the asked quantity; `live` false: a quote no longer on offer, greyed, never best. */
export type ComparisonCell = Schemas["Cell"];
export type ComparisonSupplier = Schemas["ComparisonSupplier"];

export type AwardIn = Schemas["AwardIn"];
export type AwardSplit = Schemas["SplitIn"];
/** What the award became at one supplier: its order and its contract list. */
export type AwardSupplier = Schemas["AwardSupplierOut"];
export type AwardOut = Schemas["AwardOut"];
