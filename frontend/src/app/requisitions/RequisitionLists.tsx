import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Notice, SelectField, TextField } from "../../components/forms";
import { columnHelper, DataTable, useDataTable } from "../../components/kit/DataTable";
import { Button } from "../../components/kit/fields";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { formatDateTime } from "../../i18n/format";
import { useCan } from "../../session/permissions";
import { useOrg } from "../orgContext";
import { useRequisitionLists, type RequisitionList, type Scope } from "./api/lists";
import { listsOfPages } from "./listLogic";
import { NewListForm } from "./NewListForm";

const column = columnHelper<RequisitionList>();

/** The company's requisition lists the member sees (its own and the shared ones), and a new one. */
export function RequisitionLists() {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const canWrite = useCan()("requisitions.write");
  const navigate = useNavigate();
  const [scope, setScope] = useState<Scope>("all");
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const pages = useRequisitionLists(active.id, scope, q.trim());
  const lists = pages.data ? listsOfPages(pages.data.pages) : undefined;

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", {
          header: t("requisitions.name"),
          sortFn: "alphanumeric",
          cell: (c) => <Link to={`/app/requisition-lists/${c.row.original.id}`}>{c.getValue()}</Link>,
        }),
        column.accessor((l) => t(l.visibility === "shared" ? "requisitions.shared" : "requisitions.private"), { id: "visibility", header: t("requisitions.visibility") }),
        column.accessor((l) => l.owner_name ?? "", { id: "owner", header: t("requisitions.owner"), sortFn: "alphanumeric" }),
        column.accessor("line_count", { header: t("requisitions.lineCount"), sortFn: "basic", meta: { className: "num" } }),
        column.accessor("updated_at", { header: t("requisitions.updated"), sortFn: "basic", cell: (c) => formatDateTime(locale, c.getValue()) }),
      ]),
    [t, locale],
  );
  const table = useDataTable(columns, lists ?? [], (l) => l.id);

  return (
    <div className="page">
      <h1>{t("requisitions.title")}</h1>
      <p className="muted">{t("requisitions.intro")}</p>
      <Notice message={notice} />
      {canWrite && !creating && (
        <Button tone="primary" onPress={() => setCreating(true)}>
          {t("requisitions.create")}
        </Button>
      )}
      {canWrite && creating && (
        <section className="card">
          <h2>{t("requisitions.create")}</h2>
          <NewListForm
            orgId={active.id}
            onCreated={(created) => {
              setCreating(false);
              setNotice(t("requisitions.created", { name: created.name }));
              void navigate(`/app/requisition-lists/${created.id}`);
            }}
          />
        </section>
      )}
      <section className="card">
        <div className="form-grid">
          <SelectField
            label={t("requisitions.show")}
            value={scope}
            onValue={(value) => setScope(value as Scope)}
            options={[
              { value: "all", label: t("requisitions.scope.all") },
              { value: "mine", label: t("requisitions.scope.mine") },
              { value: "shared", label: t("requisitions.scope.shared") },
            ]}
          />
          <TextField label={t("requisitions.search")} type="search" value={q} onValue={setQ} maxLength={200} />
        </div>
        <ListState data={lists} loading={pages.isPending} error={pages.error} onRetry={() => void pages.refetch()} empty={t("requisitions.empty")}>
          {() => <DataTable table={table} caption={t("requisitions.title")} />}
        </ListState>
        {pages.hasNextPage && (
          <Button busy={pages.isFetchingNextPage} onPress={() => void pages.fetchNextPage()}>
            {t("requisitions.more")}
          </Button>
        )}
      </section>
    </div>
  );
}
