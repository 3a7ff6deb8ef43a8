import { useMemo, useState } from "react";
import { Link } from "react-router";
import { loadState } from "../../../api/query";
import { SelectField } from "../../../components/forms";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { useOrg } from "../../orgContext";
import { useInbox, type InboxQuery } from "./api/rfqs";
import { QUOTE_STATUSES, type InboxItem, type QuoteStatus } from "./api/types";
import { Countdown } from "../shared/Countdown";
import { QuoteStatusBadge, quoteStatusKey, RfqStatusBadge } from "../shared/StatusBadge";
import "./rfqSupplier.css";

export const INBOX_PATH = "/app/quote-requests";

const column = columnHelper<InboxItem>();

/** The supplier's RFQ invitations: buyer, number and title, deadline, lines, its quote status; filter by status, pages by cursor. */
export function RfqInbox() {
  const { t, number } = useI18n();
  const { active } = useOrg();
  const slug = active.slug ?? "";
  const [status, setStatus] = useState<QuoteStatus | "">("");
  const [cursors, setCursors] = useState<string[]>([]);
  const query: InboxQuery = { status, cursor: cursors.at(-1) };
  const page = useInbox(slug, query);

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("number", {
          header: t("rfqSupplier.number"),
          cell: (c) => (
            <Link to={`${INBOX_PATH}/${c.row.original.rfq_id}`} className={c.row.original.seen_at ? undefined : "rfq-unseen"}>
              {c.getValue()}
            </Link>
          ),
        }),
        column.accessor("title", { header: t("rfqSupplier.titleColumn") }),
        column.accessor((row) => row.buyer_name ?? "", { id: "buyer", header: t("rfqSupplier.buyer") }),
        column.accessor("deadline", { header: t("rfqSupplier.deadline"), cell: (c) => (c.row.original.rfq_status === "open" ? <Countdown deadline={c.getValue()} /> : <RfqStatusBadge status={c.row.original.rfq_status} />) }),
        column.accessor("line_count", { header: t("rfqSupplier.lineCount"), meta: { className: "numeric" }, cell: (c) => number(c.getValue()) }),
        column.accessor("quote_status", { header: t("rfqSupplier.quoteStatus"), cell: (c) => <QuoteStatusBadge status={c.getValue()} /> }),
      ]),
    [t, number],
  );
  const table = useDataTable(columns, page.data?.items ?? [], (row) => row.rfq_id);
  const restart = () => setCursors([]);

  return (
    <div className="page">
      <h1>{t("rfqSupplier.inboxTitle")}</h1>
      <p className="muted">{t("rfqSupplier.inboxIntro")}</p>
      <section className="card rfq-filters">
        <SelectField
          label={t("rfqSupplier.statusFilter")}
          value={status}
          onValue={(value) => {
            setStatus(QUOTE_STATUSES.find((s) => s === value) ?? "");
            restart();
          }}
          options={[{ value: "", label: t("rfqSupplier.allStatuses") }, ...QUOTE_STATUSES.map((s) => ({ value: s, label: t(quoteStatusKey(s)) }))]}
        />
      </section>
      <section className="card">
        <ListState data={page.data?.items} {...loadState(page)} empty={t("rfqSupplier.inboxEmpty")}>
          {() => <DataTable table={table} caption={t("rfqSupplier.inboxTitle")} />}
        </ListState>
        <div className="rfq-actions">
          {cursors.length > 0 && <Button onPress={() => setCursors(cursors.slice(0, -1))}>{t("orders.previous")}</Button>}
          {page.data?.next_cursor && <Button onPress={() => setCursors([...cursors, page.data.next_cursor ?? ""])}>{t("orders.next")}</Button>}
        </div>
      </section>
    </div>
  );
}
