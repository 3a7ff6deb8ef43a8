import { useMemo, useState } from "react";
import { Link } from "react-router";
import { loadState } from "../../api/query";
import { SelectField, TextField } from "../../components/forms";
import { Button } from "../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../components/kit/DataTable";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { formatDateTime } from "../../i18n/format";
import type { MessageKey } from "../../i18n/messages";
import { formatMoney } from "../../lib/money";
import { useOrg } from "../orgContext";
import { exportUrl, STATUSES, useOrders, type OrderQuery, type OrderStatus, type OrderSummary, type Side } from "./api/orders";
import "./orders.css";

export function stateKey(status: string): MessageKey {
  return `orders.state.${status}` as MessageKey;
}

const column = columnHelper<OrderSummary>();

/** The buyer's history across suppliers (`side` buyer) or the supplier's inbox: filters, search, pages by cursor. */
export function OrderList({ side }: { side: Side }) {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [q, setQ] = useState("");
  const [cursors, setCursors] = useState<string[]>([]); // the cursor of each page after the first
  const query: OrderQuery = { status, q: q.trim(), cursor: cursors.at(-1) };
  const page = useOrders({ side, id: side === "buyer" ? active.id : (active.slug ?? "") }, query);
  const base = side === "buyer" ? "/app/orders" : "/app/sales-orders";

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("number", { header: t("orders.number"), cell: (c) => <Link to={`${base}/${c.row.original.id}`}>{c.getValue()}</Link> }),
        side === "buyer"
          ? column.accessor((o) => o.supplier_name ?? "", { id: "party", header: t("orders.supplier") })
          : column.accessor((o) => o.buyer_name ?? "", { id: "party", header: t("orders.buyer") }),
        column.accessor("status", { header: t("orders.status"), cell: (c) => <span className={`order-status order-status--${c.getValue()}`}>{t(stateKey(c.getValue()))}</span> }),
        column.accessor("placed_at", { header: t("orders.placedAt"), cell: (c) => formatDateTime(locale, c.getValue()) }),
        column.accessor((o) => o.po_number ?? "", { id: "po", header: t("orders.po") }),
        column.accessor("total", { header: t("orders.total"), meta: { className: "numeric" }, cell: (c) => formatMoney(locale, c.getValue(), c.row.original.currency) }),
      ]),
    [t, locale, side, base],
  );
  const table = useDataTable(columns, page.data?.items ?? [], (o) => o.id);
  const restart = () => setCursors([]);

  return (
    <div className="page">
      <h1>{t(side === "buyer" ? "orders.title" : "orders.inboxTitle")}</h1>
      <p className="muted">{t(side === "buyer" ? "orders.intro" : "orders.inboxIntro")}</p>
      <section className="card order-filters">
        <TextField
          label={t("orders.search")}
          hint={t(side === "buyer" ? "orders.searchHint" : "orders.inboxSearchHint")}
          type="search"
          value={q}
          onValue={(value) => {
            setQ(value);
            restart();
          }}
        />
        <SelectField
          label={t("orders.statusFilter")}
          value={status}
          onValue={(value) => {
            setStatus(STATUSES.find((s) => s === value) ?? "");
            restart();
          }}
          options={[{ value: "", label: t("orders.allStatuses") }, ...STATUSES.map((s) => ({ value: s, label: t(stateKey(s)) }))]}
        />
        {side === "buyer" && (
          <a className="button" href={exportUrl(active.id, query)} download>
            {t("orders.export")}
          </a>
        )}
      </section>
      <section className="card">
        <ListState data={page.data?.items} {...loadState(page)} empty={t("orders.empty")}>
          {() => <DataTable table={table} caption={t(side === "buyer" ? "orders.title" : "orders.inboxTitle")} />}
        </ListState>
        <div className="order-pages">
          {cursors.length > 0 && <Button onPress={() => setCursors(cursors.slice(0, -1))}>{t("orders.previous")}</Button>}
          {page.data?.next_cursor && <Button onPress={() => setCursors([...cursors, page.data.next_cursor ?? ""])}>{t("orders.next")}</Button>}
        </div>
      </section>
    </div>
  );
}

export function BuyerOrders() {
  return <OrderList side="buyer" />;
}

export function SalesOrders() {
  return <OrderList side="supplier" />;
}
