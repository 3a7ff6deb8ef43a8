import { useId, useState } from "react";
import { FormAlert, SelectField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { useOrg } from "../../orgContext";
import { FileLink } from "../shared/files";
import { RFQ_FILE_ACCEPT } from "../shared/MessageThread";
import { rfqFile, rfqFileHref, useDeleteRfqFile, useUploadRfqFile } from "./api/rfqs";
import type { Rfq } from "./api/types";

/** The request's drawings and specifications: for the whole RFQ or one line; uploaded to a draft. */
export function RfqFiles({ rfq, editable }: { rfq: Rfq; editable: boolean }) {
  const { t } = useI18n();
  const { active } = useOrg();
  const upload = useUploadRfqFile(active.id, rfq.id);
  const remove = useDeleteRfqFile(active.id, rfq.id);
  const inputId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [lineId, setLineId] = useState("");
  const [pickerKey, setPickerKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const requestFiles = rfq.files.filter((f) => f.purpose === "request").map(rfqFile);
  const lineName = (id: string | null | undefined) => {
    const line = rfq.lines.find((l) => l.id === id);
    return line ? t("rfq.forLine", { n: line.position, description: line.description }) : t("rfq.forRfq");
  };

  const send = async () => {
    setError(null);
    try {
      for (const file of files) await upload.mutateAsync({ file, lineId: lineId || null });
      setFiles([]);
      setPickerKey((k) => k + 1);
    } catch (failure) {
      setError(errorMessage(t, failure));
    }
  };

  return (
    <section className="card" aria-label={t("rfq.files")}>
      <h2>{t("rfq.files")}</h2>
      {requestFiles.length === 0 ? (
        <p className="muted">{t("rfq.noFiles")}</p>
      ) : (
        <ul className="rfq-files">
          {requestFiles.map((file) => (
            <li key={file.id}>
              <FileLink file={file} href={rfqFileHref(active.id, rfq.id, file.id)} /> <span className="muted">· {lineName(file.line_id)}</span>
              {editable && (
                <Button tone="link" aria-label={t("rfq.removeFile", { name: file.name })} onPress={() => remove.mutate(file.id)}>
                  {t("rfq.remove")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <div className="form-grid">
          <FormAlert message={error} />
          <div className="field">
            <label htmlFor={inputId}>{t("rfq.attachDrawings")}</label>
            <input key={pickerKey} id={inputId} type="file" multiple accept={RFQ_FILE_ACCEPT} onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
            <p className="field__hint">{t("rfq.fileHint")}</p>
          </div>
          <SelectField
            label={t("rfq.fileFor")}
            value={lineId}
            onValue={setLineId}
            options={[{ value: "", label: t("rfq.forRfq") }, ...rfq.lines.map((l) => ({ value: l.id, label: t("rfq.forLine", { n: l.position, description: l.description }) }))]}
          />
          <div className="rfq-actions">
            <Button isDisabled={files.length === 0} busy={upload.isPending} busyLabel={t("rfq.uploading")} onPress={() => void send()}>
              {t("rfq.upload")}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
