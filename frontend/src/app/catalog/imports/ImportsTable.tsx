import { useMemo } from "react";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { RUNNING, type Job } from "../api/imports";
import { phasePercent } from "./JobStatus";

const column = columnHelper<Job>();

/** The recent imports; a file name opens its job. File, kind, status, rows, errors and time sort. */
export function ImportsTable({ jobs, onShow }: { jobs: Job[]; onShow: (job: Job) => void }) {
  const { t, number, dateTime } = useI18n();
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("filename", {
          header: t("imports.file"),
          sortFn: "alphanumeric",
          cell: (c) => (
            <Button tone="link" onPress={() => onShow(c.row.original)}>
              {c.getValue()}
            </Button>
          ),
        }),
        column.accessor("kind", { header: t("imports.kind"), sortFn: "alphanumeric", cell: (c) => t(`importKind.${c.getValue()}`) }),
        column.accessor("status", { header: t("imports.status"), sortFn: "alphanumeric", cell: (c) => <span className={`badge badge--${c.getValue()}`}>{t(`importStatus.${c.getValue()}`)}</span> }),
        column.accessor("total_rows", { header: t("imports.rows"), sortFn: "basic", cell: (c) => <RowsCell job={c.row.original} /> }),
        column.accessor("error_count", { header: t("imports.errors"), sortFn: "basic", cell: (c) => number(c.getValue()) }),
        column.accessor("created_at", { header: t("imports.started"), sortFn: "basic", cell: (c) => dateTime(c.getValue()) }),
      ]),
    [t, number, dateTime, onShow],
  );
  const table = useDataTable(columns, jobs, (job) => job.id);
  return <DataTable table={table} caption={t("imports.history")} />;
}

/** The rows column of the recent imports: a running job's phase progress, a finished job's row count. */
function RowsCell({ job }: { job: Job }) {
  const { t, number } = useI18n();
  const percent = phasePercent(job);
  if (job.status === "queued") return <>—</>;
  if (!RUNNING.has(job.status) || percent === null) return <>{number(job.total_rows)}</>;
  return <>{t("imports.rowsProgress", { done: number(job.processed_rows), total: number(job.total_rows), percent: number(percent) })}</>;
}
