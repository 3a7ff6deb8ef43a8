import { useI18n } from "../../../i18n/context";
import type { MessageKey } from "../../../i18n/messages";
import type { QuoteStatus, RfqStatus } from "./types";
import "./rfq.css";

/** The tone of a state: waiting on someone, going on, done well, ended without effect. */
const RFQ_TONE: Record<RfqStatus, string> = {
  draft: "draft",
  pending_approval: "waiting",
  open: "live",
  closed: "waiting",
  awarded: "won",
  cancelled: "ended",
};

const QUOTE_TONE: Record<QuoteStatus, string> = {
  invited: "draft",
  draft: "draft",
  declined: "ended",
  submitted: "live",
  countered: "waiting",
  revised: "live",
  accepted: "won",
  rejected: "ended",
  expired: "ended",
  withdrawn: "ended",
};

export function rfqStatusKey(status: RfqStatus): MessageKey {
  return `rfq.status.${status}`;
}

export function quoteStatusKey(status: QuoteStatus): MessageKey {
  return `rfq.quoteStatus.${status}`;
}

/** An RFQ's state (draft, waiting for approval, open, closed, awarded, cancelled). */
export function RfqStatusBadge({ status }: { status: RfqStatus }) {
  const { t } = useI18n();
  return <span className={`badge rfq-badge rfq-badge--${RFQ_TONE[status]}`}>{t(rfqStatusKey(status))}</span>;
}

/** The state of one invited supplier's quote. */
export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const { t } = useI18n();
  return <span className={`badge rfq-badge rfq-badge--${QUOTE_TONE[status]}`}>{t(quoteStatusKey(status))}</span>;
}
