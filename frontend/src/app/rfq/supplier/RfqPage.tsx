import { useState } from "react";
import { Link, useParams } from "react-router";
import { Notice, Spinner } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { formatMoney, formatQuantity } from "../../../lib/money";
import { useCan } from "../../../session/permissions";
import { useOrg } from "../../orgContext";
import { fileUrl, useDraft, useQuoteSteps, useSupplierQuotes, useSupplierRfq } from "./api/rfqs";
import type { DraftStatus, QuoteStatus, Revision, SupplierRfq } from "./api/types";
import { AwardView } from "./AwardView";
import { INBOX_PATH } from "./RfqInbox";
import { Counters, latestCounterLines, Revisions } from "./Negotiation";
import { QuoteEditor } from "./quote/QuoteEditor";
import { ReasonForm } from "./ReasonForm";
import { Countdown } from "../shared/Countdown";
import { QuoteStatusBadge, RfqStatusBadge } from "../shared/StatusBadge";
import { Thread } from "./Thread";
import "./rfqSupplier.css";

const LIVE: readonly QuoteStatus[] = ["submitted", "countered", "revised"];
const NOT_SENT: readonly QuoteStatus[] = ["invited", "draft"];
const SAVED_DRAFT: readonly DraftStatus[] = ["editing", "awaiting_approval", "approved"];

/** One RFQ as this supplier sees it: the request, its quote (editor or revisions), the negotiation, the thread, the award. */
export function RfqPage() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const { active } = useOrg();
  const slug = active.slug ?? "";
  const rfq = useSupplierRfq(slug, id);
  if (!rfq.data) return <div className="page">{rfq.error ? <LoadState error={rfq.error} onRetry={() => void rfq.refetch()} /> : <Spinner />}</div>;
  return (
    <div className="page">
      <p>
        <Link to={INBOX_PATH}>{t("rfqSupplier.backToInbox")}</Link>
      </p>
      <RfqBody slug={slug} rfq={rfq.data} />
    </div>
  );
}

function RfqBody({ slug, rfq }: { slug: string; rfq: SupplierRfq }) {
  const { t } = useI18n();
  const can = useCan();
  const status = rfq.invitation.status;
  const [now] = useState(() => Date.now());
  const open = rfq.status === "open" && new Date(rfq.deadline).getTime() > now;
  const sent = rfq.invitation.latest_revision > 0;
  const draft = useDraft(slug, rfq.id);
  const quotes = useSupplierQuotes(slug, rfq.id, sent);
  const revisions = quotes.data?.revisions ?? [];
  const counters = quotes.data?.counters ?? [];
  const steps = useQuoteSteps(slug, rfq.id);
  const [asking, setAsking] = useState<"decline" | "withdraw" | null>(null);
  const [revising, setRevising] = useState(false);
  const [sentNotice, setSentNotice] = useState<string | null>(null);
  const mayWrite = can("quotes.write");

  // a saved, unsent draft after a revision is the next revision being prepared: the editor shows it
  const pendingDraft = draft.data && SAVED_DRAFT.includes(draft.data.status) ? draft.data : null;
  const editable = open && (NOT_SENT.includes(status) || ((LIVE.includes(status) || status === "expired") && (revising || pendingDraft !== null)));
  const lastRevision: Revision | null = [...revisions].sort((a, b) => b.number - a.number)[0] ?? null;

  const onSent = (revision: Revision) => {
    setRevising(false);
    setSentNotice(t("rfqSupplier.sent", { n: revision.number }));
  };

  return (
    <>
      <RequestHeader slug={slug} rfq={rfq} />
      <Notice message={sentNotice} />
      {rfq.invitation.status_reason && (status === "declined" || status === "withdrawn" || status === "rejected") && <p className="muted">{t("rfqSupplier.reason", { reason: rfq.invitation.status_reason })}</p>}
      {mayWrite && open && (
        <div className="rfq-actions">
          {(LIVE.includes(status) || status === "expired") && !editable && (
            <Button tone="primary" onPress={() => setRevising(true)}>
              {t("rfqSupplier.revise")}
            </Button>
          )}
          {NOT_SENT.includes(status) && (
            <Button tone="danger" onPress={() => setAsking("decline")}>
              {t("rfqSupplier.decline")}
            </Button>
          )}
          {LIVE.includes(status) && (
            <Button tone="danger" onPress={() => setAsking("withdraw")}>
              {t("rfqSupplier.withdraw")}
            </Button>
          )}
        </div>
      )}
      {asking && (
        <ReasonForm
          label={t(asking === "decline" ? "rfqSupplier.declineReason" : "rfqSupplier.withdrawReason")}
          action={t(asking === "decline" ? "rfqSupplier.decline" : "rfqSupplier.withdraw")}
          run={(reason) => (asking === "decline" ? steps.decline.mutateAsync(reason) : steps.withdraw.mutateAsync(reason))}
          onDone={() => setAsking(null)}
          onCancel={() => setAsking(null)}
        />
      )}
      {editable && (
        <section className="card" aria-labelledby="rfq-editor-title">
          <h2 id="rfq-editor-title">{t(sent ? "rfqSupplier.reviseTitle" : "rfqSupplier.editorTitle")}</h2>
          {revising && pendingDraft === null && (
            <Button tone="link" onPress={() => setRevising(false)}>
              {t("rfqSupplier.cancelRevise")}
            </Button>
          )}
          {draft.isPending || (sent && quotes.isPending) ? (
            <Spinner />
          ) : (
            <QuoteEditor key={`${rfq.invitation.latest_revision}`} slug={slug} rfq={rfq} draft={draft.data ?? null} base={lastRevision} counters={latestCounterLines(counters)} onSent={onSent} />
          )}
        </section>
      )}
      {status === "accepted" && <AwardView slug={slug} rfqId={rfq.id} />}
      {sent && (
        <>
          <section className="card" aria-labelledby="rfq-counters-title">
            <h2 id="rfq-counters-title">{t("rfqSupplier.counters")}</h2>
            <Counters counters={counters} lines={rfq.lines} currency={rfq.currency} />
          </section>
          <section className="card" aria-labelledby="rfq-revisions-title">
            <h2 id="rfq-revisions-title">{t("rfqSupplier.revisions")}</h2>
            <Revisions revisions={revisions} lines={rfq.lines} currency={rfq.currency} fileHref={(fileId) => fileUrl(slug, rfq.id, fileId)} />
          </section>
        </>
      )}
      {status !== "invited" && <Thread slug={slug} rfqId={rfq.id} closedReason={status === "declined" || rfq.status === "cancelled" ? t("rfqSupplier.threadClosed") : undefined} />}
    </>
  );
}

/** Number, title, buyer, deadline, status; delivery, payment terms, note, files; the lines when no editor shows them. */
function RequestHeader({ slug, rfq }: { slug: string; rfq: SupplierRfq }) {
  const { t, locale, date } = useI18n();
  const location = rfq.delivery_location;
  const place = location ? [location.name, location.line1, location.postal_code, location.city, location.country].filter(Boolean).join(", ") : null;
  const requestFiles = (rfq.files ?? []).filter((file) => file.purpose === "request");
  return (
    <section className="card" aria-labelledby="rfq-title">
      <h1 id="rfq-title">
        {rfq.number} · {rfq.title}
      </h1>
      <p>
        {t("rfqSupplier.yourQuote")} <QuoteStatusBadge status={rfq.invitation.status} /> · {t("rfqSupplier.request")} <RfqStatusBadge status={rfq.status} />
        {rfq.sealed && <span className="muted"> · {t("rfqSupplier.sealed")}</span>}
      </p>
      <dl className="rfq-facts">
        <dt>{t("rfqSupplier.buyer")}</dt>
        <dd>{rfq.buyer_name ?? "—"}</dd>
        <dt>{t("rfqSupplier.deadline")}</dt>
        <dd>{rfq.status === "open" ? <Countdown deadline={rfq.deadline} /> : date(rfq.deadline)}</dd>
        <dt>{t("rfqSupplier.currency")}</dt>
        <dd>{rfq.currency}</dd>
        <dt>{t("rfqSupplier.deliveryDate")}</dt>
        <dd>{rfq.delivery_date ? date(rfq.delivery_date) : "—"}</dd>
        <dt>{t("rfqSupplier.deliveryLocation")}</dt>
        <dd>{place ?? "—"}</dd>
        <dt>{t("rfqSupplier.paymentTerms")}</dt>
        <dd>{rfq.payment_terms_days == null ? "—" : t("rfqSupplier.days", { count: rfq.payment_terms_days })}</dd>
      </dl>
      {rfq.note && <p className="rfq-note">{rfq.note}</p>}
      {requestFiles.length > 0 && (
        <>
          <h2>{t("rfqSupplier.attachments")}</h2>
          <ul>
            {requestFiles.map((file) => (
              <li key={file.id}>
                <a href={fileUrl(slug, rfq.id, file.id)}>{file.filename}</a>
                {file.line_id && <span className="muted"> · {t("rfqSupplier.forLine", { n: rfq.lines.find((l) => l.id === file.line_id)?.position ?? "?" })}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t("rfqSupplier.lines")}</h2>
      <div className="table-wrap">
        <table className="table--dense">
          <caption className="visually-hidden">{t("rfqSupplier.lines")}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("rfqSupplier.item")}</th>
              <th scope="col">{t("rfqSupplier.quantity")}</th>
              <th scope="col">{t("rfqSupplier.target")}</th>
              <th scope="col">{t("rfqSupplier.lineNote")}</th>
            </tr>
          </thead>
          <tbody>
            {rfq.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.position}</td>
                <td>
                  {line.sku && <code>{line.sku}</code>} {line.description}
                  {line.kind === "category" && line.attributes && Object.keys(line.attributes).length > 0 && (
                    <span className="muted">
                      {" "}
                      ·{" "}
                      {Object.entries(line.attributes)
                        .map(([code, value]) => `${code}: ${String(value as string)}`)
                        .join(", ")}
                    </span>
                  )}
                </td>
                <td className="numeric">
                  {formatQuantity(locale, line.quantity)} {line.unit}
                </td>
                <td className="numeric">{line.target_price ? formatMoney(locale, line.target_price, rfq.currency) : "—"}</td>
                <td>{line.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
