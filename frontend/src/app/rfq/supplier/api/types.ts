import type { paths, components } from "../../../../api/schema";
import type { CounterOffer as SharedCounterOffer, Revision as SharedRevision, RfqFile as SharedFile, RfqMessage } from "../../shared/types";

/**
 * The supplier's side of the RFQ API, from the generated client (rfq.requests and
 * rfq.quotes). Response types are read off the paths, so a renamed schema (two packages
 * with a `RevisionOut`) does not break them. The award view's shape is written by hand
 * until rfq.awards is in this tree.
 */
type S = components["schemas"];

export { QUOTE_STATUSES } from "../../shared/types";
export type { CounterLine, QuoteStatus, RfqStatus } from "../../shared/types";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
type Tenant = "/api/v1/suppliers/{tenant}";

export type InboxItem = S["InboxItem"];
export type InboxPage = S["InboxPage"];
export type SupplierRfq = S["SupplierRfqView"];
export type RfqLine = S["RfqLineOut"];
export type RfqFile = S["FileOut"];
export type DeliveryLocation = NonNullable<SupplierRfq["delivery_location"]>;
export type QuoteDraft = S["DraftOut"];
export type DraftStatus = QuoteDraft["status"];
export type DraftIn = S["DraftIn"] & { lines: DraftLine[] };
export type DraftLine = S["DraftLineIn"];
export type LineAnswer = DraftLine["status"];
export type QuoteBreak = S["PriceBreak"];
export type Alternative = S["Alternative"];
export type ApiRevision = Json<paths[`${Tenant}/rfqs/{rfq_id}/draft/send`]["post"]["responses"][201]>;
export type SupplierQuotesOut = S["SupplierQuotes"];
export type MessagePage = S["MessagePage"];
/** A message, its files as the shared thread reads them. */
export type Message = RfqMessage;
export type QuotePolicy = S["PolicyIn"];

/** A sent revision as the pages read it: the API's, its diff in the shared diff view's words. */
export type Revision = Omit<ApiRevision, "diff" | "files"> & { lines: NonNullable<ApiRevision["lines"]>; diff?: SharedRevision["diff"]; files: SharedFile[] };
export type { SharedFile };

/** A counter-offer: the API's (the revision it answers, who made it), readable by the shared views. */
export type CounterOffer = S["CounterOut"] & SharedCounterOffer;

/** Its sent revisions (newest first) and the buyer's counters. */
export interface SupplierQuotes {
  status: string;
  status_reason?: string | null;
  revisions: Revision[];
  counters: CounterOffer[];
}

/** One line the buyer awarded this supplier; ``sku`` null: a free-text line to map to a SKU of the catalog. */
export type AwardedLine = components["schemas"]["SupplierAwardLine"];

/** What the buyer awarded this supplier: its lines, its order, its contract list step. */
export type SupplierAward = components["schemas"]["SupplierAwardOut"];
