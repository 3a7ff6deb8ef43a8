import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api, ApiError, call, postMultipart, type Schemas } from "../../api/client";
import { FormAlert, Notice, SelectField, SubmitButton } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { SupplierOnly } from "../supplier/supplier";
import { Permitted } from "../../session/Permitted";
import { ColumnMapping, type HeaderCheck } from "./ColumnMapping";
import { ExportPanel } from "./Exports";
import { Templates } from "./Templates";

type Job = Schemas["ImportOut"];
type Kind = Job["kind"];
const KINDS: readonly Kind[] = ["products", "inventory", "prices"];
const RUNNING: ReadonlySet<Job["status"]> = new Set(["queued", "validating", "applying"]);
export const POLL_MS = 1000;

type NumberFormat = NonNullable<Job["number_format"]>;

export function uploadImport(slug: string, kind: Kind, file: File, options: { numberFormat?: NumberFormat | ""; mapping?: Record<string, string> } = {}): Promise<Job> {
  const form = new FormData();
  form.append("file", file);
  if (options.mapping) form.append("mapping", JSON.stringify(options.mapping));
  const query = new URLSearchParams({ kind });
  if (options.numberFormat) query.set("number_format", options.numberFormat);
  return postMultipart<Job>(`/api/v1/suppliers/${encodeURIComponent(slug)}/imports?${query.toString()}`, form);
}

/** The file's header against the kind's columns and the saved mapping (nothing is stored). */
export function checkHeaders(slug: string, kind: Kind, file: File): Promise<HeaderCheck> {
  const form = new FormData();
  form.append("file", file);
  return postMultipart<HeaderCheck>(`/api/v1/suppliers/${encodeURIComponent(slug)}/imports/headers?kind=${kind}`, form);
}

/** The recent-imports row of a job: the live copy of the job being watched wins over the listed one. */
export function withLive(items: readonly Job[], live: Job | null): Job[] {
  return items.map((j) => (live && j.id === live.id ? live : j));
}

export function Imports() {
  return <SupplierOnly>{(slug) => <ImportsPage slug={slug} />}</SupplierOnly>;
}

function ImportsPage({ slug }: { slug: string }) {
  const { t, dateTime, number } = useI18n();
  const fileId = useId();
  const [kind, setKind] = useState<Kind>("products");
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [numberFormat, setNumberFormat] = useState<NumberFormat | "">("");
  const [check, setCheck] = useState<HeaderCheck | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const history = useResource(() => call(api.GET("/api/v1/suppliers/{tenant}/imports", { params: { path: { tenant: slug }, query: { limit: 20 } } })), `imports:${slug}`);
  const reloadHistory = history.reload;
  // another import still running in the list (another tab, another member): refresh the list while it runs
  const othersRunning = (history.data?.items ?? []).some((j) => RUNNING.has(j.status) && j.id !== job?.id);
  useEffect(() => {
    if (!othersRunning) return;
    const timer = setInterval(reloadHistory, 2 * POLL_MS);
    return () => clearInterval(timer);
  }, [othersRunning, reloadHistory]);

  // poll the job while it runs
  const jobId = job?.id;
  const running = job ? RUNNING.has(job.status) : false;
  useEffect(() => {
    if (!jobId || !running) return;
    let live = true;
    const timer = setInterval(() => {
      call(api.GET("/api/v1/suppliers/{tenant}/imports/{import_id}", { params: { path: { tenant: slug, import_id: jobId } } }))
        .then((next) => {
          if (!live) return;
          setJob(next);
          if (!RUNNING.has(next.status)) reloadHistory();
        })
        .catch(() => undefined);
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [jobId, running, slug, reloadHistory]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!file) {
      setFileError(t("imports.chooseFile"));
      return;
    }
    if (!/\.(csv|xlsx)$/i.test(file.name)) {
      setFileError(t("imports.badType"));
      return;
    }
    setFileError(undefined);
    setBusy(true);
    try {
      const header = await checkHeaders(slug, kind, file);
      // columns Hansa does not know, or a required one missing: the mapping step first
      if (header.unknown.length > 0 || header.missing.length > 0) setCheck(header);
      else await start(file);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const start = async (chosen: File, mapping?: Record<string, string>) => {
    setJob(await uploadImport(slug, kind, chosen, mapping ? { numberFormat, mapping } : { numberFormat }));
    setCheck(null);
    reloadHistory();
  };

  const applyMapping = async (mapping: Record<string, string>) => {
    if (!file) return;
    setBusy(true);
    try {
      await start(file, mapping);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const showError = (error: unknown) => {
    const fields = error instanceof ApiError ? error.fieldErrors : {};
    if (fields.file) setFileError(fields.file);
    else setFormError(errorMessage(t, error));
  };

  const base = `/api/v1/suppliers/${encodeURIComponent(slug)}`;
  return (
    <div className="page">
      <h1>{t("imports.title")}</h1>
      <p className="muted">{t("imports.intro")}</p>
      <form className="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="upload-title">
        <h2 id="upload-title">{t("imports.upload")}</h2>
        <FormAlert message={formError} />
        <SelectField
          label={t("imports.kind")}
          value={kind}
          onValue={(v) => {
            setKind(v as Kind);
            setCheck(null);
          }}
          options={KINDS.map((k) => ({ value: k, label: t(`importKind.${k}`) }))}
        />
        <div className={`field${fileError ? " field--invalid" : ""}`}>
          <label htmlFor={fileId}>{t("imports.file")}</label>
          <input
            ref={inputRef}
            id={fileId}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setCheck(null);
            }}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${fileId}-error` : `${fileId}-hint`}
          />
          {fileError ? (
            <p id={`${fileId}-error`} className="field__error">
              {fileError}
            </p>
          ) : (
            <p id={`${fileId}-hint`} className="field__hint">
              {t("imports.fileHint")}
            </p>
          )}
        </div>
        <SelectField
          label={t("imports.numberFormat")}
          value={numberFormat}
          onValue={(v) => setNumberFormat(v as NumberFormat | "")}
          options={[
            { value: "", label: t("imports.numberFormat.auto") },
            { value: "comma", label: t("imports.numberFormat.comma") },
            { value: "point", label: t("imports.numberFormat.point") },
          ]}
        />
        <p className="field__hint">{t("imports.numberFormatHint")}</p>
        <div className="form-actions">
          <Permitted action="imports.run">
            <SubmitButton busy={busy} busyLabel={t("imports.checking")}>
              {t("imports.start")}
            </SubmitButton>
          </Permitted>
        </div>
      </form>
      {check && file && <ColumnMapping key={`${check.kind}:${file.name}`} check={check} filename={file.name} busy={busy} onApply={(m) => void applyMapping(m)} onCancel={() => setCheck(null)} />}
      {job && <JobStatus job={job} base={base} />}
      <Templates slug={slug} kind={kind} />
      <ExportPanel slug={slug} kind={kind} />
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t("imports.history")}</h2>
        <ListState data={history.data?.items} loading={history.loading} error={history.error} onRetry={history.reload} empty={t("imports.empty")}>
          {(items) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("imports.file")}</th>
                    <th scope="col">{t("imports.kind")}</th>
                    <th scope="col">{t("imports.status")}</th>
                    <th scope="col">{t("imports.rows")}</th>
                    <th scope="col">{t("imports.errors")}</th>
                    <th scope="col">{t("imports.started")}</th>
                  </tr>
                </thead>
                <tbody>
                  {withLive(items, job).map((j) => (
                    <tr key={j.id}>
                      <td>
                        <button type="button" className="button button--link" onClick={() => setJob(j)}>
                          {j.filename}
                        </button>
                      </td>
                      <td>{t(`importKind.${j.kind}`)}</td>
                      <td>
                        <span className={`badge badge--${j.status}`}>{t(`importStatus.${j.status}`)}</span>
                      </td>
                      <td>
                        <RowsCell job={j} />
                      </td>
                      <td>{number(j.error_count)}</td>
                      <td>{dateTime(j.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ListState>
      </section>
    </div>
  );
}

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
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("imports.errorReport")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("imports.row")}</th>
                  <th scope="col">{t("imports.column")}</th>
                  <th scope="col">{t("imports.message")}</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.row ?? "—"}</td>
                    <td>{e.column ?? "—"}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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

/** Percentage of the current phase: validating counts checked rows, applying applied rows. */
export function phasePercent(job: Pick<Job, "status" | "total_rows" | "processed_rows">): number | null {
  if (job.status === "queued" || !job.total_rows) return null;
  return Math.min(100, Math.floor((job.processed_rows * 100) / job.total_rows));
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

/** The rows column of the recent imports: a running job's phase progress, a finished job's row count. */
function RowsCell({ job }: { job: Job }) {
  const { t, number } = useI18n();
  const percent = phasePercent(job);
  if (job.status === "queued") return <>—</>;
  if (!RUNNING.has(job.status) || percent === null) return <>{number(job.total_rows)}</>;
  return <>{t("imports.rowsProgress", { done: number(job.processed_rows), total: number(job.total_rows), percent: number(percent) })}</>;
}
