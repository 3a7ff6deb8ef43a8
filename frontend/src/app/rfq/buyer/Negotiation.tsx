import { useState } from "react";
import { FormAlert, Notice, TextField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { useOrg } from "../../orgContext";
import { revisionDiff } from "../shared/diff";
import { FileLink } from "../shared/files";
import { MessageThread } from "../shared/MessageThread";
import { DecimalInput, Money, Quantity } from "../shared/numbers";
import { RevisionDiffView, useChangeText } from "../shared/RevisionDiffView";
import { QuoteStatusBadge } from "../shared/StatusBadge";
import { LIVE_QUOTE, type CounterLine, type Revision } from "../shared/types";
import { rfqFileHref, sharedRevision, useCounter, useMessages, useQuote, useSendMessage } from "./api/rfqs";
import { quoteStatus, type Rfq } from "./api/types";
import { counterBody, type CounterDraft } from "./counter";

/** The negotiation with one supplier: its revisions with their diffs, the counters, a new counter, the thread. */
export function Negotiation({ rfq, tenantId, sealed }: { rfq: Rfq; tenantId: string; sealed: boolean }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const quote = useQuote(active.id, rfq.id, tenantId, !sealed);
  const messages = useMessages(active.id, rfq.id, tenantId);
  const send = useSendMessage(active.id, rfq.id, tenantId);
  const invitation = rfq.invitations.find((i) => i.tenant_id === tenantId);
  const name = quote.data?.supplier_name ?? invitation?.name ?? tenantId;
  const status = quote.data ? quoteStatus(quote.data.status) : (invitation?.status ?? "invited");
  const revisions = (quote.data?.revisions ?? []).map(sharedRevision).sort((a, b) => b.number - a.number);
  const counters = quote.data?.counters ?? [];
  const lineLabel = (lineId: string) => {
    const line = rfq.lines.find((l) => l.id === lineId);
    return line ? `${line.position}. ${line.description}` : lineId;
  };
  const canCounter = !sealed && LIVE_QUOTE.includes(status) && (rfq.status === "open" || rfq.status === "closed");
  const threadClosed = rfq.status === "cancelled" ? t("rfq.threadClosed") : undefined;

  return (
    <section className="card rfq-negotiation" aria-label={t("rfq.negotiationWith", { name })}>
      <div className="rfq-page-head">
        <h2>{t("rfq.negotiationWith", { name })}</h2>
        <QuoteStatusBadge status={status} />
      </div>
      {sealed ? (
        <Notice tone="info" message={t("rfq.sealedNotice")} />
      ) : quote.data === undefined ? (
        <LoadState error={quote.error} onRetry={() => void quote.refetch()} />
      ) : revisions.length === 0 ? (
        <p className="muted">{t("rfq.noRevisions")}</p>
      ) : (
        revisions.map((revision, index) => (
          <details key={revision.number} className="rfq-revision" open={index === 0}>
            <summary>
              {t("rfq.revisionN", { n: revision.number })} · {revision.total ? <Money amount={revision.total} currency={revision.currency} /> : null}
            </summary>
            <RevisionBody rfq={rfq} revision={revision} />
            {revision.number > 1 && (
              <div className="rfq-revision__diff">
                <h4>{t("rfq.changesFrom", { n: revision.number - 1 })}</h4>
                {(() => {
                  const diff = revisionDiff(revisions, revision);
                  return diff ? <RevisionDiffView diff={diff} currency={revision.currency} lineLabel={lineLabel} /> : null;
                })()}
              </div>
            )}
          </details>
        ))
      )}
      {counters.length > 0 && (
        <div>
          <h3>{t("rfq.counters")}</h3>
          <ol className="rfq-counters">
            {counters.map((counter) => (
              <li key={counter.id}>
                <CounterView rfq={rfq} comment={counter.comment ?? null} createdAt={counter.created_at} author={counter.created_by_name} lines={counter.lines ?? []} lineLabel={lineLabel} />
              </li>
            ))}
          </ol>
        </div>
      )}
      {canCounter && <CounterForm rfq={rfq} tenantId={tenantId} />}
      <h3>{t("rfq.thread")}</h3>
      <MessageThread
        side="buyer"
        messages={messages.data ?? []}
        onSend={(message) => send.mutateAsync(message)}
        fileHref={(fileId) => rfqFileHref(active.id, rfq.id, fileId)}
        closedReason={threadClosed}
        label={t("rfq.threadWith", { name })}
      />
    </section>
  );
}

function RevisionBody({ rfq, revision }: { rfq: Rfq; revision: Revision }) {
  const { t, dateTime, date } = useI18n();
  const text = useChangeText(revision.currency);
  const { active } = useOrg();
  const byLine = new Map(revision.lines.map((line) => [line.line_id, line]));
  return (
    <div>
      <p className="muted">
        {t("rfq.sentAt", { when: dateTime(revision.sent_at) })}
        {revision.valid_until && ` · ${t("rfq.validUntil", { date: date(revision.valid_until) })}`}
        {revision.payment_terms_days != null && ` · ${t("rfq.paymentTermsN", { terms: text("payment_terms_days", revision.payment_terms_days) })}`}
        {revision.incoterms && ` · ${revision.incoterms}`}
        {revision.delivery_terms && ` · ${revision.delivery_terms}`}
      </p>
      {revision.note && <p>{revision.note}</p>}
      <div className="table-wrap rfq-stack-wrap">
        <table className="rfq-stack">
          <thead>
            <tr>
              <th>{t("rfq.line")}</th>
              <th>{t("rfq.field.unit_price")}</th>
              <th>{t("rfq.field.breaks")}</th>
              <th>{t("rfq.field.moq")}</th>
              <th>{t("rfq.field.lead_time_days")}</th>
              <th>{t("rfq.field.alternative")}</th>
            </tr>
          </thead>
          <tbody>
            {rfq.lines.map((line) => {
              const answer = byLine.get(line.id);
              const quoted = answer?.status === "quoted";
              return (
                <tr key={line.id}>
                  <td data-label={t("rfq.line")}>
                    {line.position}. {line.description}
                    {answer?.sku && (
                      <div className="muted">
                        <code>{answer.sku}</code>
                      </div>
                    )}
                    {answer?.note && <div className="muted">{answer.note}</div>}
                  </td>
                  <td data-label={t("rfq.field.unit_price")}>{quoted ? <Money amount={answer.unit_price} currency={revision.currency} /> : t("rfq.lineNotQuoted")}</td>
                  <td data-label={t("rfq.field.breaks")}>{quoted ? text("breaks", answer.breaks) : "—"}</td>
                  <td data-label={t("rfq.field.moq")}>{quoted ? <Quantity amount={answer.moq} /> : "—"}</td>
                  <td data-label={t("rfq.field.lead_time_days")}>{quoted && answer.lead_time_days != null ? text("lead_time_days", answer.lead_time_days) : "—"}</td>
                  <td data-label={t("rfq.field.alternative")}>{quoted ? text("alternative", answer.alternative) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {(revision.files ?? []).length > 0 && (
        <ul className="rfq-files">
          {(revision.files ?? []).map((file) => (
            <li key={file.id}>
              <FileLink file={file} href={rfqFileHref(active.id, rfq.id, file.id)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface CounterViewProps {
  rfq: Rfq;
  comment: string | null;
  createdAt: string;
  author: string;
  lines: CounterLine[];
  lineLabel: (id: string) => string;
}

function CounterView({ rfq, comment, createdAt, author, lines, lineLabel }: CounterViewProps) {
  const { t, dateTime, date } = useI18n();
  return (
    <div>
      <p className="muted">
        {t("rfq.counterAt", { when: dateTime(createdAt) })} {t("rfq.quotedBy", { name: author })}
      </p>
      {comment && <p>{comment}</p>}
      <ul>
        {lines.map((line) => (
          <li key={line.line_id}>
            <strong>{lineLabel(line.line_id)}</strong>
            {line.target_price && (
              <>
                {" "}
                · {t("rfq.counterPrice")}: <Money amount={line.target_price} currency={rfq.currency} />
              </>
            )}
            {line.quantity && (
              <>
                {" "}
                · {t("rfq.quantity")}: <Quantity amount={line.quantity} />
              </>
            )}
            {line.delivery_date && ` · ${t("rfq.deliveryDate")}: ${date(line.delivery_date)}`}
            {line.comment && ` · ${line.comment}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A counter-offer: per line a target price, a quantity, a date and a comment; the lines left blank are not countered. */
function CounterForm({ rfq, tenantId }: { rfq: Rfq; tenantId: string }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const counter = useCounter(active.id, rfq.id, tenantId);
  const [draft, setDraft] = useState<CounterDraft>({ comment: "", lines: {} });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const setLine = (lineId: string, field: keyof CounterDraft["lines"][string], value: string | null) =>
    setDraft((d) => ({ ...d, lines: { ...d.lines, [lineId]: { ...{ target_price: "", quantity: "", delivery_date: "", comment: "" }, ...d.lines[lineId], [field]: value } } }));

  const submit = async () => {
    setError(null);
    setNotice(null);
    const body = counterBody(draft);
    if (body === null) return setError(t("rfq.counterInvalid"));
    if (body.lines.length === 0) return setError(t("rfq.counterEmpty"));
    try {
      await counter.mutateAsync(body);
      setDraft({ comment: "", lines: {} });
      setNotice(t("rfq.counterSent"));
    } catch (failure) {
      setError(errorMessage(t, failure));
    }
  };

  return (
    <form
      className="rfq-counter-form"
      aria-label={t("rfq.counterTitle")}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t("rfq.counterTitle")}</h3>
      <p className="muted">{t("rfq.counterIntro")}</p>
      <FormAlert message={error} />
      <Notice message={notice} />
      {rfq.lines.map((line) => {
        const values = draft.lines[line.id];
        return (
          <fieldset key={line.id} className="rfq-counter-line">
            <legend>
              {line.position}. {line.description}
            </legend>
            <DecimalInput
              label={t("rfq.counterPrice")}
              value={values?.target_price ?? ""}
              onValue={(v) => setLine(line.id, "target_price", v)}
              invalidMessage={t("rfq.v.price")}
              suffix={rfq.currency}
            />
            <DecimalInput label={t("rfq.quantity")} value={values?.quantity ?? ""} onValue={(v) => setLine(line.id, "quantity", v)} invalidMessage={t("rfq.v.quantity")} suffix={line.unit} />
            <TextField label={t("rfq.deliveryDate")} type="date" value={values?.delivery_date ?? ""} onValue={(v) => setLine(line.id, "delivery_date", v)} />
            <TextField label={t("rfq.lineComment")} value={values?.comment ?? ""} onValue={(v) => setLine(line.id, "comment", v)} maxLength={1000} />
          </fieldset>
        );
      })}
      <TextField label={t("rfq.counterComment")} value={draft.comment} onValue={(comment) => setDraft((d) => ({ ...d, comment }))} maxLength={2000} />
      <Button type="submit" tone="primary" busy={counter.isPending}>
        {t("rfq.sendCounter")}
      </Button>
    </form>
  );
}
