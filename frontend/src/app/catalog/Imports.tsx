import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api, ApiError, call, postMultipart, type Schemas } from "../../api/client";
import { FormAlert, Notice, SelectField, SubmitButton } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { SupplierOnly } from "../supplier/supplier";

type Job = Schemas["ImportOut"];
type Kind = Job["kind"];
const KINDS: readonly Kind[] = ["products", "inventory", "prices"];
const RUNNING: ReadonlySet<Job["status"]> = new Set(["queued", "validating", "applying"]);
export const POLL_MS = 1000;

export function uploadImport(slug: string, kind: Kind, file: File): Promise<Job> {
  const form = new FormData();
  form.append("file", file);
  return postMultipart<Job>(`/api/v1/suppliers/${encodeURIComponent(slug)}/imports?kind=${kind}`, form);
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
  const inputRef = useRef<HTMLInputElement>(null);
  const history = useResource(() => call(api.GET("/api/v1/suppliers/{tenant}/imports", { params: { path: { tenant: slug }, query: { limit: 20 } } })), `imports:${slug}`);
  const reloadHistory = history.reload;

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
      setJob(await uploadImport(slug, kind, file));
      reloadHistory();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      if (fields.file) setFileError(fields.file);
      else setFormError(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  const base = `/api/v1/suppliers/${encodeURIComponent(slug)}`;
  return (
    <div className="page">
      <h1>{t("imports.title")}</h1>
      <p className="muted">{t("imports.intro")}</p>
      <form className="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="upload-title">
        <h2 id="upload-title">{t("imports.upload")}</h2>
        <FormAlert message={formError} />
        <SelectField label={t("imports.kind")} value={kind} onValue={(v) => setKind(v as Kind)} options={KINDS.map((k) => ({ value: k, label: t(`importKind.${k}`) }))} />
        <div className={`field${fileError ? " field--invalid" : ""}`}>
          <label htmlFor={fileId}>{t("imports.file")}</label>
          <input
            ref={inputRef}
            id={fileId}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
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
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel={t("imports.uploading")}>
            {t("imports.start")}
          </SubmitButton>
          <a className="button" href={`${base}/exports/${kind}?format=csv`} download>
            {t("imports.exportCsv")}
          </a>
          <a className="button" href={`${base}/exports/${kind}?format=xlsx`} download>
            {t("imports.exportXlsx")}
          </a>
        </div>
      </form>
      {job && <JobStatus job={job} base={base} />}
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
                  {items.map((j) => (
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
                      <td>{number(j.total_rows)}</td>
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
