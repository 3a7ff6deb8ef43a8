import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { FormAlert, Notice, Spinner, TextField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { useActionOutcome } from "../../../lib/useActionOutcome";
import { useCan } from "../../../session/permissions";
import { useOrg } from "../../orgContext";
import { Countdown } from "../shared/Countdown";
import { Money, Quantity } from "../shared/numbers";
import { QuoteStatusBadge, RfqStatusBadge } from "../shared/StatusBadge";
import { useDeleteRfq, useQuotes, useRfq, useRfqSteps } from "./api/rfqs";
import { quoteStatus, type Invitation, type QuoteSummary, type Rfq } from "./api/types";
import { useMarketplaceOf } from "./useMarketplace";
import { Negotiation } from "./Negotiation";
import { RfqFiles } from "./RfqFiles";
import { SupplierPicker } from "./SupplierPicker";
import { localDateTime } from "./wizard";
import "./buyer.css";

/** `/app/rfqs/:id`: the request, its deadline and steps, the invited suppliers' quotes and, per supplier, the negotiation. */
export function RfqDetail() {
  const { active } = useOrg();
  const { id = "" } = useParams();
  const rfq = useRfq(active.id, id);
  if (rfq.data === undefined) return rfq.isFetching ? <Spinner /> : <LoadState error={rfq.error} onRetry={() => void rfq.refetch()} />;
  return <RfqView rfq={rfq.data} />;
}

/** Whether the buyer sees prices yet: not in sealed mode before the deadline. */
export function pricesHidden(rfq: Pick<Rfq, "sealed" | "status" | "deadline">, now: Date = new Date()): boolean {
  return rfq.sealed && rfq.status === "open" && new Date(rfq.deadline).getTime() > now.getTime();
}

function RfqView({ rfq }: { rfq: Rfq }) {
  const { t, date } = useI18n();
  const location = useLocation();
  const can = useCan();
  const [supplier, setSupplier] = useState<string | null>(null);
  const submitted = (location.state as { submitted?: string } | null)?.submitted;
  const editable = can("rfq.create");
  const sealed = pricesHidden(rfq);
  const place = rfq.delivery_location;
  const market = useMarketplaceOf(rfq.marketplace_id);
  return (
    <div className="page rfq-detail">
      <div className="rfq-page-head">
        <h1>
          {rfq.number} · {rfq.title}
        </h1>
        <RfqStatusBadge status={rfq.status} />
      </div>
      {rfq.status === "pending_approval" && <Notice tone="info" message={t("rfq.waitingApproval")} />}
      {rfq.status === "pending_approval" && can("orders.approve") && (
        <p>
          <Link to="/app/approvals">{t("rfq.openApprovals")}</Link>
        </p>
      )}
      {submitted === "open" && <Notice message={t("rfq.submittedOpen")} />}
      {rfq.status_reason && <p className="muted">{t("rfq.reason", { reason: rfq.status_reason })}</p>}
      <section className="card">
        <dl className="meta">
          <dt>{t("rfq.marketplace")}</dt>
          <dd>{market?.name ?? "—"}</dd>
          <dt>{t("rfq.deadline")}</dt>
          <dd>{rfq.status === "open" ? <Countdown deadline={rfq.deadline} /> : date(rfq.deadline)}</dd>
          <dt>{t("rfq.currency")}</dt>
          <dd>{rfq.currency}</dd>
          <dt>{t("rfq.deliveryDate")}</dt>
          <dd>{rfq.delivery_date ? date(rfq.delivery_date) : "—"}</dd>
          <dt>{t("rfq.shipTo")}</dt>
          <dd>{place ? [place.name, place.line1, place.city].filter((part) => typeof part === "string").join(", ") : "—"}</dd>
          <dt>{t("rfq.field.payment_terms_days")}</dt>
          <dd>{rfq.payment_terms_days == null ? "—" : t("rfq.days", { count: rfq.payment_terms_days })}</dd>
          <dt>{t("rfq.estimatedValue")}</dt>
          {/* from the targets and catalog prices: none given, nothing to estimate */}
          <dd>{Number(rfq.estimated_total) === 0 ? "—" : <Money amount={rfq.estimated_total} currency={rfq.currency} />}</dd>
          <dt>{t("rfq.sealedShort")}</dt>
          <dd>{rfq.sealed ? t("app.yes") : t("app.no")}</dd>
          {rfq.note && (
            <>
              <dt>{t("rfq.note")}</dt>
              <dd>{rfq.note}</dd>
            </>
          )}
        </dl>
        {editable && <RfqActions rfq={rfq} />}
      </section>

      <LinesTable rfq={rfq} />
      <RfqFiles rfq={rfq} editable={false} />
      <Quotes rfq={rfq} sealed={sealed} selected={supplier} onSelect={setSupplier} />
      {editable && rfq.status === "open" && market && <SupplierPicker rfq={rfq} marketplace={market.slug} listInvited={false} />}
      {supplier && <Negotiation key={supplier} rfq={rfq} tenantId={supplier} sealed={sealed} />}
    </div>
  );
}

function RfqActions({ rfq }: { rfq: Rfq }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const navigate = useNavigate();
  const steps = useRfqSteps(active.id, rfq.id);
  const remove = useDeleteRfq(active.id);
  const outcome = useActionOutcome();
  const [deadline, setDeadline] = useState(() => localDateTime(new Date(rfq.deadline)));
  const [reason, setReason] = useState("");
  const [asking, setAsking] = useState<"extend" | "cancel" | null>(null);
  const busy = steps.extend.isPending || steps.close.isPending || steps.cancel.isPending || remove.isPending;
  const canCompare = rfq.status === "open" || rfq.status === "closed" || rfq.status === "awarded";

  return (
    <div>
      <FormAlert message={outcome.error} />
      <Notice message={outcome.notice} />
      <div className="rfq-actions">
        {rfq.status === "draft" && (
          <>
            <Link className="button button--primary" to={`/app/rfqs/${rfq.id}/edit`}>
              {t("rfq.editDraft")}
            </Link>
            <Button
              tone="danger"
              isDisabled={busy}
              onPress={() =>
                void outcome.run(async () => {
                  await remove.mutateAsync(rfq.id);
                  void navigate("/app/rfqs");
                  return t("rfq.deleted");
                })
              }
            >
              {t("rfq.deleteDraft")}
            </Button>
          </>
        )}
        {canCompare && (
          <Link className="button button--primary" to={`/app/rfqs/${rfq.id}/compare`}>
            {rfq.status === "awarded" ? t("rfq.viewAward") : t("rfq.compare")}
          </Link>
        )}
        {rfq.status === "open" && (
          <Button isDisabled={busy} onPress={() => setAsking(asking === "extend" ? null : "extend")}>
            {t("rfq.extend")}
          </Button>
        )}
        {rfq.next.includes("closed") && (
          <Button isDisabled={busy} onPress={() => void outcome.run(async () => (await steps.close.mutateAsync(), t("rfq.closedNow")))}>
            {t("rfq.closeNow")}
          </Button>
        )}
        {rfq.status !== "draft" && rfq.next.includes("cancelled") && (
          <Button tone="danger" isDisabled={busy} onPress={() => setAsking(asking === "cancel" ? null : "cancel")}>
            {t("rfq.cancelRfq")}
          </Button>
        )}
      </div>
      {asking === "extend" && (
        <form
          className="rfq-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void outcome.run(async () => {
              await steps.extend.mutateAsync(new Date(deadline).toISOString());
              setAsking(null);
              return t("rfq.extended");
            });
          }}
        >
          <TextField label={t("rfq.newDeadline")} type="datetime-local" value={deadline} onValue={setDeadline} required />
          <Button type="submit" tone="primary" busy={busy}>
            {t("rfq.extendConfirm")}
          </Button>
        </form>
      )}
      {asking === "cancel" && (
        <form
          className="rfq-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void outcome.run(async () => {
              await steps.cancel.mutateAsync(reason.trim());
              setAsking(null);
              return t("rfq.cancelledNow");
            });
          }}
        >
          <TextField label={t("rfq.cancelReason")} value={reason} onValue={setReason} maxLength={500} required />
          <Button type="submit" tone="danger" busy={busy} isDisabled={!reason.trim()}>
            {t("rfq.cancelConfirm")}
          </Button>
        </form>
      )}
    </div>
  );
}

function LinesTable({ rfq }: { rfq: Rfq }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-label={t("rfq.lines")}>
      <h2>{t("rfq.lines")}</h2>
      <div className="table-wrap rfq-stack-wrap">
        <table className="rfq-stack">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("rfq.description")}</th>
              <th>{t("rfq.quantity")}</th>
              <th>{t("rfq.target")}</th>
            </tr>
          </thead>
          <tbody>
            {rfq.lines.map((line) => (
              <tr key={line.id}>
                <td data-label="#">{line.position}</td>
                <td data-label={t("rfq.description")}>
                  {line.description}
                  {line.kind === "sku" && (
                    <div className="muted">
                      <code>{line.sku}</code>
                    </div>
                  )}
                  {line.kind === "category" && <AttributesOf attributes={line.attributes} />}
                  {line.note && <div className="muted">{line.note}</div>}
                </td>
                <td data-label={t("rfq.quantity")}>
                  <Quantity amount={line.quantity} unit={line.unit} />
                </td>
                <td data-label={t("rfq.target")}>
                  <Money amount={line.target_price} currency={rfq.currency} />
                  {line.target_price && <div className="muted">{line.target_visible ? t("rfq.targetShown") : t("rfq.targetHidden")}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A category line's attribute values ("Thread: M8, Finish: zinc"). */
function AttributesOf({ attributes }: { attributes: Record<string, unknown> | undefined }) {
  const values = Object.entries(attributes ?? {}).filter(([, value]) => value !== null && value !== "");
  if (values.length === 0) return null;
  return <div className="muted">{values.map(([code, value]) => `${code}: ${typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value)}`).join(", ")}</div>;
}

function Quotes({ rfq, sealed, selected, onSelect }: { rfq: Rfq; sealed: boolean; selected: string | null; onSelect: (tenantId: string | null) => void }) {
  const { t, dateTime } = useI18n();
  const { active } = useOrg();
  const sent = rfq.status !== "draft" && rfq.status !== "pending_approval";
  const quotes = useQuotes(active.id, rfq.id, sent);
  if (!sent) return null;
  const byTenant = new Map<string, QuoteSummary>((quotes.data?.quotes ?? []).map((q) => [q.tenant_id, q]));
  const rows: (Invitation & { quote?: QuoteSummary | undefined })[] = rfq.invitations.map((i) => ({ ...i, quote: byTenant.get(i.tenant_id) }));
  return (
    <section className="card" aria-label={t("rfq.quotes")}>
      <h2>{t("rfq.quotes")}</h2>
      {sealed && <Notice tone="info" message={t("rfq.sealedNotice")} />}
      {quotes.error != null && <LoadState error={quotes.error} onRetry={() => void quotes.refetch()} />}
      <div className="table-wrap rfq-stack-wrap">
        <table className="rfq-stack">
          <thead>
            <tr>
              <th>{t("rfq.supplier")}</th>
              <th>{t("rfq.statusField")}</th>
              <th>{t("rfq.revision")}</th>
              <th>{t("rfq.lastSent")}</th>
              <th>{t("rfq.total")}</th>
              <th>
                <span className="visually-hidden">{t("rfq.negotiate")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const status = row.quote ? quoteStatus(row.quote.status) : row.status;
              const name = row.name;
              return (
                <tr key={row.tenant_id} className={selected === row.tenant_id ? "rfq-row--selected" : undefined}>
                  <td data-label={t("rfq.supplier")}>{name}</td>
                  <td data-label={t("rfq.statusField")}>
                    <QuoteStatusBadge status={status} />
                    {row.status_reason && <div className="muted">{row.status_reason}</div>}
                  </td>
                  <td data-label={t("rfq.revision")}>{(row.quote?.latest_revision ?? row.latest_revision) || "—"}</td>
                  <td data-label={t("rfq.lastSent")}>{row.quote?.sent_at ? dateTime(row.quote.sent_at) : "—"}</td>
                  <td data-label={t("rfq.total")}>{sealed ? t("rfq.sealedPrice") : <Money amount={row.quote?.total} currency={rfq.currency} />}</td>
                  <td>
                    <Button aria-label={t("rfq.negotiateWith", { name })} onPress={() => onSelect(selected === row.tenant_id ? null : row.tenant_id)}>
                      {selected === row.tenant_id ? t("app.close") : t("rfq.negotiate")}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
