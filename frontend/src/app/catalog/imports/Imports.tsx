import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { loadState } from "../../../api/query";
import { FormAlert } from "../../../components/forms";
import { Button, SelectInput } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { Permitted } from "../../../session/Permitted";
import { SupplierOnly } from "../../supplier/supplier";
import { useCheckHeaders, useImportJob, useImports, useStartImport, useWatchImport, type HeaderCheck, type Job, type Kind, type NumberFormat } from "../api/imports";
import "../catalog.css";
import { ExportPanel } from "../exports/Exports";
import { FileInput } from "../FileInput";
import { Templates } from "../templates/Templates";
import { ColumnMapping } from "./ColumnMapping";
import { ImportsTable } from "./ImportsTable";
import { JobStatus } from "./JobStatus";

export { checkHeaders, POLL_MS, uploadImport } from "../api/imports";
export { phasePercent } from "./JobStatus";
const KINDS: readonly Kind[] = ["products", "inventory", "prices"];
const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The recent-imports row of a job: the live copy of the job being watched wins over the listed one. */
export function withLive(items: readonly Job[], live: Job | null | undefined): Job[] {
  return items.map((j) => (live && j.id === live.id ? live : j));
}

export function Imports() {
  return <SupplierOnly>{(slug) => <ImportsPage slug={slug} />}</SupplierOnly>;
}

interface UploadDraft {
  kind: Kind;
  file: File | null;
  numberFormat: NumberFormat | "";
}

function ImportsPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      z.object({
        kind: z.enum(["products", "inventory", "prices"]),
        file: z
          .custom<File | null>()
          .refine((file) => file !== null, t("imports.chooseFile"))
          .refine((file) => !file || /\.(csv|xlsx)$/i.test(file.name), t("imports.badType")),
        numberFormat: z.enum(["", "comma", "point"]),
      }),
    [t],
  );
  const form = useForm<UploadDraft>({
    defaultValues: { kind: "products", file: null, numberFormat: "" },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const [check, setCheck] = useState<HeaderCheck | null>(null);
  const [watchedId, setWatchedId] = useState<string | null>(null);
  const watch = useWatchImport(slug);
  const job = useImportJob(slug, watchedId);
  const history = useImports(slug, watchedId);
  const headers = useCheckHeaders(slug);
  const start = useStartImport(slug);
  const kind = useWatch({ control: form.control, name: "kind" });
  const file = useWatch({ control: form.control, name: "file" });
  const { errors, isSubmitting } = form.formState;

  const showError = (error: unknown) => {
    const field = error instanceof ApiError ? error.fieldErrors.file : undefined;
    if (field) form.setError("file", { type: "server", message: field });
    else form.setError("root.server", { message: errorMessage(t, error) });
  };

  const upload = async (draft: UploadDraft, mapping?: Record<string, string>) => {
    if (!draft.file) return;
    const started = await start.mutateAsync({ kind: draft.kind, file: draft.file, numberFormat: draft.numberFormat, mapping });
    setWatchedId(started.id);
    setCheck(null);
  };

  const submit = form.handleSubmit(async (draft) => {
    if (!draft.file) return;
    try {
      const header = await headers.mutateAsync({ kind: draft.kind, file: draft.file });
      // columns Hansa does not know, or a required one missing: the mapping step first
      if (header.unknown.length > 0 || header.missing.length > 0) setCheck(header);
      else await upload(draft);
    } catch (error) {
      showError(error);
    }
  });

  const applyMapping = async (mapping: Record<string, string>) => {
    try {
      await upload(form.getValues(), mapping);
    } catch (error) {
      showError(error);
    }
  };

  const showJob = useCallback(
    (chosen: Job) => {
      watch(chosen);
      setWatchedId(chosen.id);
    },
    [watch],
  );

  const base = `/api/v1/suppliers/${encodeURIComponent(slug)}`;
  return (
    <div className="page">
      <h1>{t("imports.title")}</h1>
      <p className="muted">{t("imports.intro")}</p>
      <form className="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="upload-title">
        <h2 id="upload-title">{t("imports.upload")}</h2>
        <FormAlert message={errors.root?.server?.message} />
        <SelectInput control={form.control} name="kind" label={t("imports.kind")} options={KINDS.map((k) => ({ value: k, label: t(`importKind.${k}`) }))} />
        <FileInput control={form.control} name="file" label={t("imports.file")} hint={t("imports.fileHint")} accept={ACCEPT} onFile={() => setCheck(null)} />
        <SelectInput
          control={form.control}
          name="numberFormat"
          label={t("imports.numberFormat")}
          options={[
            { value: "", label: t("imports.numberFormat.auto") },
            { value: "comma", label: t("imports.numberFormat.comma") },
            { value: "point", label: t("imports.numberFormat.point") },
          ]}
        />
        <p className="field__hint">{t("imports.numberFormatHint")}</p>
        <div className="form-actions">
          <Permitted action="imports.run">
            <Button type="submit" tone="primary" busy={isSubmitting || start.isPending} busyLabel={t("imports.checking")}>
              {t("imports.start")}
            </Button>
          </Permitted>
        </div>
      </form>
      {check && file && check.kind === kind && (
        <ColumnMapping key={`${check.kind}:${file.name}`} check={check} filename={file.name} busy={start.isPending} onApply={(m) => void applyMapping(m)} onCancel={() => setCheck(null)} />
      )}
      {job.data && <JobStatus job={job.data} base={base} />}
      <Templates slug={slug} kind={kind} />
      <ExportPanel slug={slug} kind={kind} />
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t("imports.history")}</h2>
        <ListState data={history.data?.items} {...loadState(history)} empty={t("imports.empty")}>
          {(items) => <ImportsTable jobs={withLive(items, job.data)} onShow={showJob} />}
        </ListState>
      </section>
    </div>
  );
}
