import { useMemo, useState } from "react";
import { Link } from "react-router";
import { loadState } from "../../../api/query";
import { SelectField, TextField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { useCan } from "../../../session/permissions";
import { useOrg } from "../../orgContext";
import { Countdown } from "../shared/Countdown";
import { RfqStatusBadge, rfqStatusKey } from "../shared/StatusBadge";
import { RFQ_STATUSES, type RfqStatus } from "../shared/types";
import { useRfqs, type RfqQuery } from "./api/rfqs";
import type { RfqSummary } from "./api/types";
import "./buyer.css";

const column = columnHelper<RfqSummary>();

/** The company's requests for quotes: status filter, search by number or title, pages by cursor. */
export function RfqList() {
  const { t, date } = useI18n();
  const { active } = useOrg();
  const can = useCan();
  const [status, setStatus] = useState<RfqStatus | "">("");
  const [q, setQ] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const query: RfqQuery = { status, q: q.trim(), cursor: cursors.at(-1) };
  const page = useRfqs(active.id, query);
  const restart = () => setCursors([]);

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("number", { header: t("rfq.number"), cell: (c) => <Link to={`/app/rfqs/${c.row.original.id}`}>{c.getValue()}</Link> }),
        column.accessor("title", { header: t("rfq.titleField") }),
        column.accessor("status", { header: t("rfq.statusField"), cell: (c) => <RfqStatusBadge status={c.getValue()} /> }),
        column.accessor("deadline", {
          header: t("rfq.deadline"),
          cell: (c) => (c.row.original.status === "open" ? <Countdown deadline={c.getValue()} /> : date(c.getValue())),
        }),
        column.accessor("line_count", { header: t("rfq.lineCount"), meta: { className: "numeric" } }),
        column.accessor("invitation_count", { header: t("rfq.invitedShort"), meta: { className: "numeric" } }),
        column.accessor("created_at", { header: t("rfq.created"), cell: (c) => date(c.getValue()) }),
      ]),
    [t, date],
  );
  const table = useDataTable(columns, page.data?.items ?? [], (r) => r.id);

  return (
    <div className="page">
      <div className="rfq-page-head">
        <h1>{t("rfq.listTitle")}</h1>
        {can("rfq.create") && (
          <Link className="button button--primary" to="/app/rfqs/new">
            {t("rfq.new")}
          </Link>
        )}
      </div>
      <p className="muted">{t("rfq.listIntro")}</p>
      <section className="card rfq-filters">
        <TextField
          label={t("rfq.search")}
          hint={t("rfq.searchHint")}
          type="search"
          value={q}
          onValue={(value) => {
            setQ(value);
            restart();
          }}
        />
        <SelectField
          label={t("rfq.statusFilter")}
          value={status}
          onValue={(value) => {
            setStatus(RFQ_STATUSES.find((s) => s === value) ?? "");
            restart();
          }}
          options={[{ value: "", label: t("rfq.allStatuses") }, ...RFQ_STATUSES.map((s) => ({ value: s, label: t(rfqStatusKey(s)) }))]}
        />
      </section>
      <section className="card">
        <ListState data={page.data?.items} {...loadState(page)} empty={t("rfq.listEmpty")}>
          {() => <DataTable table={table} caption={t("rfq.listTitle")} />}
        </ListState>
        <div className="rfq-actions">
          {cursors.length > 0 && <Button onPress={() => setCursors(cursors.slice(0, -1))}>{t("rfq.previous")}</Button>}
          {page.data?.next_cursor && <Button onPress={() => setCursors([...cursors, page.data.next_cursor ?? ""])}>{t("rfq.next")}</Button>}
        </div>
      </section>
    </div>
  );
}
