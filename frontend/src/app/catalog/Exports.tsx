import { useEffect, useState } from "react";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert } from "../../components/forms";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";

type ExportJob = Schemas["ExportOut"];
type Kind = ExportJob["kind"];
type Format = ExportJob["format"];
const RUNNING: ReadonlySet<ExportJob["status"]> = new Set(["queued", "running"]);
export const EXPORT_POLL_MS = 1000;

/** Export buttons: each queues a job (the web process never writes the file itself), then shows its progress and the download. */
export function ExportPanel({ slug, kind }: { slug: string; kind: Kind }) {
  const { t, number } = useI18n();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/suppliers/${encodeURIComponent(slug)}`;

  const jobId = job?.id;
  const running = job ? RUNNING.has(job.status) : false;
  useEffect(() => {
    if (!jobId || !running) return;
    let live = true;
    const timer = setInterval(() => {
      call(api.GET("/api/v1/suppliers/{tenant}/exports/{export_id}", { params: { path: { tenant: slug, export_id: jobId } } }))
        .then((next) => {
          if (live) setJob(next);
        })
        .catch(() => undefined);
    }, EXPORT_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [jobId, running, slug]);

  const start = async (format: Format) => {
    setError(null);
    setBusy(true);
    try {
      setJob(await call(api.POST("/api/v1/suppliers/{tenant}/exports", { params: { path: { tenant: slug }, query: { kind, format } } })));
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  const file = job ? `${job.kind}.${job.format}` : "";
  return (
    <section className="card" aria-labelledby="exports-title">
      <h2 id="exports-title">{t("exports.title")}</h2>
      <p className="muted">{t("exports.intro")}</p>
      <FormAlert message={error} />
      <div className="form-actions">
        {(["csv", "xlsx"] as const).map((format) => (
          <button key={format} type="button" className="button" disabled={busy || running} onClick={() => void start(format)}>
            {t("exports.start", { format: format.toUpperCase() })}
          </button>
        ))}
      </div>
      {job && (
        <div aria-live="polite" aria-busy={running || undefined}>
          <p>
            {t("exports.job", { kind: t(`importKind.${job.kind}`), format: job.format.toUpperCase() })}:{" "}
            <span className={`badge badge--${job.status}`}>{t(`exports.status.${job.status}`)}</span>
            {job.total_rows > 0 && <> · {t("exports.rows", { n: number(job.total_rows) })}</>}
          </p>
          {running && <progress className="progress" aria-label={t("exports.progress")} />}
          {job.status === "done" && (
            <p>
              <a className="button" href={`${base}/exports/${job.id}/file`} download={file}>
                {t("exports.download", { file })}
              </a>
            </p>
          )}
          {job.status === "failed" && (
            <p role="alert" className="alert alert--error">
              {t("exports.failed", { reason: job.error ?? "" })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
