import { useState } from "react";
import { FormAlert } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { EXPORT_RUNNING, useExportJob, useStartExport, type ExportJob } from "../api/exports";

export { EXPORT_POLL_MS } from "../api/exports";
type Kind = ExportJob["kind"];

/** Export buttons: each queues a job (the web process never writes the file itself), then shows its progress and the download. */
export function ExportPanel({ slug, kind }: { slug: string; kind: Kind }) {
  const { t } = useI18n();
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = useStartExport(slug);
  const job = useExportJob(slug, jobId).data;
  const running = job ? EXPORT_RUNNING.has(job.status) : false;

  const begin = async (format: ExportJob["format"]) => {
    setError(null);
    try {
      setJobId((await start.mutateAsync({ kind, format })).id);
    } catch (e) {
      setError(errorMessage(t, e));
    }
  };

  return (
    <section className="card" aria-labelledby="exports-title">
      <h2 id="exports-title">{t("exports.title")}</h2>
      <p className="muted">{t("exports.intro")}</p>
      <FormAlert message={error} />
      <div className="form-actions">
        {(["csv", "xlsx"] as const).map((format) => (
          <Button key={format} isDisabled={start.isPending || running} onPress={() => void begin(format)}>
            {t("exports.start", { format: format.toUpperCase() })}
          </Button>
        ))}
      </div>
      {job && <ExportStatus slug={slug} job={job} running={running} />}
    </section>
  );
}

function ExportStatus({ slug, job, running }: { slug: string; job: ExportJob; running: boolean }) {
  const { t } = useI18n();
  const file = `${job.kind}.${job.format}`;
  return (
    <div aria-live="polite" aria-busy={running || undefined}>
      <p>
        {t("exports.job", { kind: t(`importKind.${job.kind}`), format: job.format.toUpperCase() })}:{" "}
        <span className={`badge badge--${job.status}`}>{t(`exports.status.${job.status}`)}</span>
        {job.total_rows > 0 && <> · {t("exports.rowCount", { count: job.total_rows })}</>}
      </p>
      {running && <progress className="progress" aria-label={t("exports.progress")} />}
      {job.status === "done" && (
        <p>
          <a className="button" href={`/api/v1/suppliers/${encodeURIComponent(slug)}/exports/${job.id}/file`} download={file}>
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
  );
}
