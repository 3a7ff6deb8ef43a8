import { useState } from "react";
import { FormAlert } from "../../../../components/forms";
import { useI18n } from "../../../../i18n/context";
import { errorMessage } from "../../../../lib/errors";
import { fileUrl, useQuoteSteps } from "../api/rfqs";
import type { RfqFile } from "../api/types";

/** The next revision's attachments (uploads not yet attached; the buyer sees them once sent): the list and an upload. */
export function QuoteFiles({ slug, rfqId, files, onUploaded, disabled }: { slug: string; rfqId: string; files: RfqFile[]; onUploaded: (file: RfqFile) => void; disabled: boolean }) {
  const { t } = useI18n();
  const { upload } = useQuoteSteps(slug, rfqId);
  const [error, setError] = useState<string | null>(null);
  const all = files;
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      onUploaded(await upload.mutateAsync({ file, purpose: "quote" }));
    } catch (cause) {
      setError(errorMessage(t, cause));
    }
  };
  return (
    <fieldset className="rfq-files">
      <legend>{t("rfqSupplier.quoteAttachments")}</legend>
      {all.length === 0 ? (
        <p className="muted">{t("rfqSupplier.noAttachments")}</p>
      ) : (
        <ul>
          {all.map((file) => (
            <li key={file.id}>
              <a href={fileUrl(slug, rfqId, file.id)}>{file.filename}</a>
            </li>
          ))}
        </ul>
      )}
      <FormAlert message={error} />
      {!disabled && (
        <div className="field">
          <label htmlFor="rfq-quote-file">{t("rfqSupplier.attach")}</label>
          <input id="rfq-quote-file" type="file" accept=".pdf,.png,.jpg,.jpeg,.webp,.dwg,.xlsx,.csv,.docx" disabled={upload.isPending} onChange={(e) => void onFile(e.target.files?.[0])} />
          <p className="field__hint">{t("rfqSupplier.attachHint")}</p>
        </div>
      )}
    </fieldset>
  );
}
