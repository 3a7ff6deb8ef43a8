import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { FormAlert, Notice, Spinner } from "../../components/forms";
import { LoadState } from "../../components/ListState";
import { Button } from "../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../components/kit/DataTable";
import { useI18n } from "../../i18n/context";
import { formatDateTime } from "../../i18n/format";
import type { MessageKey } from "../../i18n/messages";
import { errorMessage } from "../../lib/errors";
import { formatMoney, formatQuantity } from "../../lib/money";
import { useCan } from "../../session/permissions";
import { useOrg } from "../orgContext";
import { useBuyerSteps, useOrder, useReorder, useSupplierSteps, type OrderDetail, type OrderLine, type ReorderOut, type Side } from "./api/orders";
import { useLocations } from "../buyers/api/locations";
import { ChangeForm, ReasonForm, ShipForm } from "./OrderForms";
import { stateKey } from "./OrderList";
import "./orders.css";

const CHANGEABLE = ["placed", "credit_hold", "confirmed"];
const line = columnHelper<OrderLine>();
type Form = "reject" | "cancel" | "ship" | "change" | null;

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

function Lines({ order }: { order: OrderDetail }) {
  const { t, locale } = useI18n();
  const columns = useMemo(
    () =>
      line.columns([
        line.accessor("sku", { header: t("orders.sku") }),
        line.accessor("name", { header: t("orders.name"), cell: (c) => (c.row.original.cancelled ? `${c.getValue()} (${t("orders.removed")})` : c.getValue()) }),
        line.accessor("quantity", {
          header: t("orders.quantity"),
          meta: { className: "numeric" },
          cell: (c) => {
            const l = c.row.original;
            const back = Number(l.backordered_quantity) > 0 ? ` · ${t("orders.backordered", { quantity: formatQuantity(locale, l.backordered_quantity), days: l.lead_time_days })}` : "";
            return `${formatQuantity(locale, l.quantity)} ${l.unit}${back}`;
          },
        }),
        line.accessor("unit_price", { header: t("orders.unitPrice"), meta: { className: "numeric" }, cell: (c) => formatMoney(locale, c.getValue(), order.currency) }),
        line.accessor("line_total", { header: t("orders.lineTotal"), meta: { className: "numeric" }, cell: (c) => formatMoney(locale, c.getValue(), order.currency) }),
        line.accessor("shipped_quantity", { header: t("orders.shipped"), meta: { className: "numeric" }, cell: (c) => formatQuantity(locale, c.getValue()) }),
      ]),
    [t, locale, order.currency],
  );
  const table = useDataTable(columns, order.lines, (l) => l.id);
  return <DataTable table={table} caption={t("orders.lines")} />;
}

function Diff({ entries }: { entries: OrderDetail["revisions"][number]["diff"] }) {
  const { t } = useI18n();
  if (entries.length === 0) return null;
  return (
    <ul className="order-diff">
      {entries.map((entry, index) => (
        <li key={index}>
          {entry.line ? `${t("orders.lineOf", { sku: entry.line })}: ` : ""}
          {t(`orders.field.${entry.field}` as MessageKey)}: <del>{show(entry.before)}</del> → <ins>{show(entry.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

function Timeline({ order }: { order: OrderDetail }) {
  const { t, locale } = useI18n();
  return (
    <ol className="order-timeline">
      {order.revisions.map((revision) => (
        <li key={revision.number}>
          <strong>{t("orders.revision", { number: revision.number, kind: t(stateKey(revision.status)) })}</strong> · {revision.kind.replace(/_/g, " ")} · {t(`orders.bySide.${revision.side}`)} · {formatDateTime(locale, revision.created_at)}
          {revision.note && <p className="muted">{revision.note}</p>}
          <Diff entries={revision.diff} />
        </li>
      ))}
    </ol>
  );
}

function Shipments({ order }: { order: OrderDetail }) {
  const { t, locale } = useI18n();
  if (order.shipments.length === 0) return null;
  const skus = new Map(order.lines.map((l) => [l.id, l.sku]));
  return (
    <section className="card">
      <h2>{t("orders.shipments")}</h2>
      <ul className="plain-list">
        {order.shipments.map((s) => (
          <li key={s.id}>
            <strong>{t("orders.shipmentOf", { number: s.number })}</strong> · {formatDateTime(locale, s.shipped_at)} {s.carrier && `· ${s.carrier}`}{" "}
            {s.tracking_url ? (
              <a href={s.tracking_url} target="_blank" rel="noreferrer noopener">
                {t("orders.track", { number: s.tracking_number ?? "" })}
              </a>
            ) : (
              s.tracking_number
            )}
            {s.delivered_at && ` · ${t("orders.delivered")}`}
            <div className="muted">{s.lines.map((l) => `${skus.get(l.order_line_id) ?? ""} × ${formatQuantity(locale, l.quantity)}`).join(", ")}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReorderReport({ report, currency }: { report: ReorderOut; currency: string }) {
  const { t, locale } = useI18n();
  return (
    <section className="card" aria-label={t("orders.reorderTitle")}>
      <h2>{t("orders.reorderTitle")}</h2>
      <ul className="plain-list">
        {report.lines.map((l) => (
          <li key={l.sku}>
            <strong>{l.sku}</strong> × {formatQuantity(locale, l.quantity)}: {l.supplier_unavailable ? t("orders.reorderSupplierUnavailable") : l.no_longer_sold ? t("orders.reorderNotSold") : l.added ? t("orders.reorderAdded") : t("orders.reorderNoPrice")}
            {l.price_changed && l.price_now && ` · ${t("orders.priceThenNow", { then: formatMoney(locale, l.price_then, currency), now: formatMoney(locale, l.price_now, currency) })}`}
            {l.available !== null && ` · ${t("orders.available", { quantity: formatQuantity(locale, l.available) })}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The supplier's buttons and forms for the order's next steps. */
function SupplierActions({ order, slug, run, form, setForm }: ActionsProps & { slug: string }) {
  const { t } = useI18n();
  const steps = useSupplierSteps(slug, order.id);
  const next = order.next_states;
  const change = order.open_change;
  return (
    <>
      <div className="order-actions">
        {next.includes("confirmed") && <Button tone="primary" onPress={() => run(() => steps.confirm.mutateAsync(undefined))}>{t("orders.confirm")}</Button>}
        {order.status === "credit_hold" && next.includes("placed") && <Button onPress={() => run(() => steps.release.mutateAsync(undefined))}>{t("orders.release")}</Button>}
        {["confirmed", "partially_shipped"].includes(order.status) && <Button onPress={() => setForm("ship")}>{t("orders.ship")}</Button>}
        {next.includes("delivered") && <Button onPress={() => run(() => steps.deliver.mutateAsync(undefined))}>{t("orders.deliver")}</Button>}
        {CHANGEABLE.includes(order.status) && !change && <Button onPress={() => setForm("change")}>{t("orders.propose")}</Button>}
        {change?.side === "buyer" && (
          <>
            <Button tone="primary" onPress={() => run(() => steps.accept.mutateAsync(undefined))}>{t("orders.accept")}</Button>
            <Button onPress={() => run(() => steps.decline.mutateAsync(undefined))}>{t("orders.decline")}</Button>
          </>
        )}
        {next.includes("rejected") && <Button tone="danger" onPress={() => setForm("reject")}>{t("orders.reject")}</Button>}
        {next.includes("cancelled") && <Button tone="danger" onPress={() => setForm("cancel")}>{t("orders.cancel")}</Button>}
      </div>
      {form === "reject" && <ReasonForm label={t("orders.reject")} onSubmit={(reason) => steps.reject.mutateAsync(reason)} onClose={() => setForm(null)} />}
      {form === "cancel" && <ReasonForm label={t("orders.cancel")} onSubmit={(reason) => steps.cancel.mutateAsync(reason)} onClose={() => setForm(null)} />}
      {form === "ship" && <ShipForm lines={order.lines} onSubmit={(body) => steps.ship.mutateAsync(body)} onClose={() => setForm(null)} />}
      {form === "change" && <ChangeForm title={t("orders.propose")} lines={order.lines} onSubmit={(body) => steps.propose.mutateAsync(body)} onClose={() => setForm(null)} />}
    </>
  );
}

interface ActionsProps {
  order: OrderDetail;
  run: (work: () => Promise<unknown>) => void;
  form: Form;
  setForm: (form: Form) => void;
}

/** The buyer's buttons and forms: cancel, change request, a proposal's answer, reorder. */
function BuyerActions({ order, orgId, run, form, setForm, onReorder }: ActionsProps & { orgId: string; onReorder: (report: ReorderOut) => void }) {
  const { t } = useI18n();
  const steps = useBuyerSteps(orgId, order.id);
  const reorder = useReorder(orgId, order.id);
  const change = order.open_change;
  const locations = useLocations(orgId);
  const shipTo = (locations.data ?? []).filter((location) => location.is_ship_to).map((location) => ({ value: location.id, label: location.name }));
  return (
    <>
      <div className="order-actions">
        <Button tone="primary" busy={reorder.isPending} onPress={() => run(async () => onReorder(await reorder.mutateAsync(null)))}>
          {t("orders.reorder")}
        </Button>
        {change?.side === "supplier" && (
          <>
            <Button tone="primary" onPress={() => run(() => steps.accept.mutateAsync(undefined))}>{t("orders.accept")}</Button>
            <Button onPress={() => run(() => steps.decline.mutateAsync(undefined))}>{t("orders.decline")}</Button>
          </>
        )}
        {CHANGEABLE.includes(order.status) && !change && <Button onPress={() => setForm("change")}>{t("orders.requestChange")}</Button>}
        {order.next_states.includes("cancelled") && <Button tone="danger" onPress={() => setForm("cancel")}>{t("orders.cancel")}</Button>}
      </div>
      {form === "cancel" && <ReasonForm label={t("orders.cancel")} onSubmit={(reason) => steps.cancel.mutateAsync(reason)} onClose={() => setForm(null)} />}
      {form === "change" && <ChangeForm title={t("orders.requestChange")} lines={order.lines} shipTo={shipTo} onSubmit={(body) => steps.request.mutateAsync(body)} onClose={() => setForm(null)} />}
    </>
  );
}

/** One order, for its buyer or its supplier: lines, the open change, timeline of revisions, shipments, the next steps. */
export function OrderDetailPage({ side }: { side: Side }) {
  const { t, locale } = useI18n();
  const { id = "" } = useParams();
  const { active } = useOrg();
  const can = useCan();
  const ownerId = side === "buyer" ? active.id : (active.slug ?? "");
  const order = useOrder({ side, id: ownerId }, id);
  const [form, setForm] = useState<Form>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [report, setReport] = useState<ReorderOut | null>(null);
  const mayAct = can(side === "buyer" ? "orders.create" : "orders.write");

  if (!order.data) return <div className="page">{order.error ? <LoadState error={order.error} onRetry={() => void order.refetch()} /> : <Spinner />}</div>;
  const o = order.data;
  const run = (work: () => Promise<unknown>) => {
    setNotice(null);
    setFailure(null);
    work().then(
      () => setNotice(t("orders.done", { number: o.number })),
      (error: unknown) => setFailure(errorMessage(t, error)),
    );
  };
  const party = side === "buyer" ? o.supplier_name : o.buyer_name;
  return (
    <div className="page">
      <p>
        <Link to={side === "buyer" ? "/app/orders" : "/app/sales-orders"}>{t("orders.back")}</Link>
      </p>
      <h1>
        {o.number} <span className={`order-status order-status--${o.status}`}>{t(stateKey(o.status))}</span>
      </h1>
      <p className="muted">
        {party} · {formatDateTime(locale, o.placed_at)} · {o.po_number ? `${t("orders.po")} ${o.po_number} · ` : ""}
        {formatMoney(locale, o.total, o.currency)}
      </p>
      {o.status_reason && <p>{`${t("orders.reason")}: ${o.status_reason}`}</p>}
      <Notice message={notice} />
      <FormAlert message={failure} />
      {mayAct && side === "supplier" && <SupplierActions order={o} slug={ownerId} run={run} form={form} setForm={setForm} />}
      {mayAct && side === "buyer" && <BuyerActions order={o} orgId={ownerId} run={run} form={form} setForm={setForm} onReorder={setReport} />}
      {report && <ReorderReport report={report} currency={o.currency} />}
      {o.open_change && (
        <section className="card">
          <h2>{t(`orders.openChange.${o.open_change.side}`)}</h2>
          {o.open_change.reason && <p>{o.open_change.reason}</p>}
          <Diff entries={o.open_change.diff} />
        </section>
      )}
      <section className="card">
        <h2>{t("orders.lines")}</h2>
        <Lines order={o} />
      </section>
      <Shipments order={o} />
      <section className="card">
        <h2>{t("orders.timeline")}</h2>
        <Timeline order={o} />
      </section>
    </div>
  );
}

export function BuyerOrder() {
  return <OrderDetailPage side="buyer" />;
}

export function SalesOrder() {
  return <OrderDetailPage side="supplier" />;
}
