import { useState } from "react";
import { useI18n } from "../../../i18n/context";
import type { MessageKey } from "../../../i18n/messages";
import type { QuoteStatus, RfqStatus } from "./api/types";

export function quoteStatusKey(status: QuoteStatus): MessageKey {
  return `rfqSupplier.status.${status}` as MessageKey;
}

export function rfqStatusKey(status: RfqStatus): MessageKey {
  return `rfqSupplier.rfqStatus.${status}` as MessageKey;
}

/** The supplier's quote status as a badge (until the shared badges land). */
export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const { t } = useI18n();
  return <span className={`rfq-status rfq-status--${status}`}>{t(quoteStatusKey(status))}</span>;
}

/** "in 3 days" / "2 hours ago" to the deadline; "closed" once the RFQ no longer takes quotes. */
export function Deadline({ deadline, open }: { deadline: string; open: boolean }) {
  const { t, relative, dateTime } = useI18n();
  const [now] = useState(() => Date.now());
  const passed = new Date(deadline).getTime() <= now;
  return (
    <span className={passed || !open ? "muted" : "rfq-deadline"} title={dateTime(deadline)}>
      {passed ? t("rfqSupplier.deadlinePassed", { when: relative(deadline) }) : t("rfqSupplier.deadlineIn", { when: relative(deadline) })}
    </span>
  );
}
