import { useMemo } from "react";
import { Notice } from "../../../components/forms";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { RUNNING, type Job } from "../api/imports";

type RowError = Job["errors"][number];
const errorColumn = columnHelper<RowError & { index: number }>();

/** Percentage of the current phase: validating counts checked rows, applying applied rows. */
export function phasePercent(job: Pick<Job, "status" | "total_rows" | "processed_rows">): number | null {
  if (job.status === "queued" || !job.total_rows) return null;
  return Math.min(100, Math.floor((job.processed_rows * 100) / job.total_rows));
}

/** The watched import: its phase and progress, the summary when done, the errors by row and column when it failed. */
export function JobStatus({ job, base }: { job: Job; base: string }) {
  const { t, number } = useI18n();
  const running = RUNNING.has(job.status);
  const summary = job.summary as Record<string, number | undefined>;
  return (
    <section className="card" aria-labelledby="job-title" aria-busy={running || undefined}>
      <h2 id="job-title">{t("imports.job", { file: job.filename })}</h2>
      <p>
        <span className={`badge badge--${job.status}`}>{t(`importStatus.${job.status}`)}</span>
      </p>
      {running && <JobProgress job={job} />}
      {job.number_format && <p className="muted">{t("imports.readAs", { format: t(`imports.readAs.${job.number_format}`) })}</p>}
      {job.status === "done" && (
        <Notice
          message={t("imports.doneSummary", {
            created: number(summary.created ?? 0),
            updated: number(summary.updated ?? 0),
            unchanged: number(summary.unchanged ?? 0),
          })}
        />
      )}
      <UploadedFile job={job} base={base} />
      {job.status === "failed" && (
        <>
          <p role="alert" className="alert alert--error">
            {t("imports.failed", { count: job.error_count })}
          </p>
          <ErrorsTable errors={job.errors} />
          {job.error_count > job.errors.length && <p className="muted">{t("imports.moreErrors", { count: job.error_count - job.errors.length })}</p>}
          <p>
            <a href={`${base}/imports/${job.id}/errors`} download>
              {t("imports.downloadErrors")}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

/** The error report's first rows; row, column and message sort. */
function ErrorsTable({ errors }: { errors: RowError[] }) {
  const { t } = useI18n();
  const rows = useMemo(() => errors.map((e, index) => ({ ...e, index })), [errors]);
  const columns = useMemo(
    () =>
      errorColumn.columns([
        errorColumn.accessor((e) => e.row ?? 0, { id: "row", header: t("imports.row"), sortFn: "basic", cell: (c) => c.row.original.row ?? "—" }),
        errorColumn.accessor((e) => e.column ?? "", { id: "column", header: t("imports.column"), sortFn: "alphanumeric", cell: (c) => c.row.original.column ?? "—" }),
        errorColumn.accessor("message", { header: t("imports.message"), sortFn: "alphanumeric" }),
      ]),
    [t],
  );
  const table = useDataTable(columns, rows, (e) => String(e.index));
  return <DataTable table={table} caption={t("imports.errorReport")} />;
}

function JobProgress({ job }: { job: Job }) {
  const { t, number } = useI18n();
  const percent = phasePercent(job);
  const counts = { done: number(job.processed_rows), count: job.total_rows };
  return (
    <>
      <progress
        className="progress"
        max={100}
        value={percent ?? undefined}
        aria-label={t("imports.progress")}
        aria-valuetext={percent === null ? undefined : t("imports.percent", { percent: number(percent) })}
      />
      <p aria-live="polite">
        {job.status === "queued"
          ? t("imports.waiting")
          : t(job.status === "applying" ? "imports.applied" : "imports.processed", counts) + " · " + t("imports.percent", { percent: number(percent ?? 0) })}
      </p>
    </>
  );
}

function UploadedFile({ job, base }: { job: Job; base: string }) {
  const { t, dateTime } = useI18n();
  if (job.file_purged_at) return <p className="muted">{t("imports.filePurged", { date: dateTime(job.file_purged_at) })}</p>;
  return (
    <p>
      <a href={`${base}/imports/${job.id}/file`} download={job.filename}>
        {t("imports.downloadFile")}
      </a>
    </p>
  );
}
