import { useId, useState, type FormEvent } from "react";
import { FormAlert } from "../../../components/forms";
import { TextArea } from "../../../components/TextArea";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { FileLink } from "./files";
import type { RfqMessage } from "./types";

/** The file types the RFQ's files accept (docs/rfq.md: the documents' types). */
export const RFQ_FILE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.dwg,.xlsx,.csv,.docx,application/pdf,image/*";

interface Props {
  messages: readonly RfqMessage[];
  /** Which side the reader is on: their messages sit on the right. */
  side: "buyer" | "supplier";
  /** Sends a message (text and files); rejects with the API's error. */
  onSend: (message: { body: string; files: File[] }) => Promise<unknown>;
  /** The download address of a message's file. */
  fileHref: (fileId: string) => string;
  /** Why nothing can be sent now (the quote was declined…), else undefined. */
  closedReason?: string | undefined;
  label?: string;
}

/** The thread of one RFQ × supplier: its messages oldest first, then the composer with attachments. */
export function MessageThread({ messages, side, onSend, fileHref, closedReason, label }: Props) {
  const { t, dateTime } = useI18n();
  return (
    <section className="rfq-thread" aria-label={label ?? t("rfq.thread")}>
      {messages.length === 0 ? (
        <p className="muted">{t("rfq.threadEmpty")}</p>
      ) : (
        <ol className="rfq-thread__list">
          {messages.map((message) => (
            <li key={message.id} className={`rfq-thread__message rfq-thread__message--${message.side === side ? "mine" : "theirs"}`}>
              <p className="rfq-thread__meta">
                <strong>{message.author_name ?? t(message.side === "buyer" ? "rfq.sideBuyer" : "rfq.sideSupplier")}</strong> <time dateTime={message.created_at}>{dateTime(message.created_at)}</time>
              </p>
              <p className="rfq-thread__body">{message.body}</p>
              {(message.files ?? []).length > 0 && (
                <ul className="rfq-files">
                  {(message.files ?? []).map((file) => (
                    <li key={file.id}>
                      <FileLink file={file} href={fileHref(file.id)} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {closedReason ? <p className="muted">{closedReason}</p> : <Composer onSend={onSend} />}
    </section>
  );
}

function Composer({ onSend }: { onSend: Props["onSend"] }) {
  const { t } = useI18n();
  const fileInput = useId();
  const [body, setBody] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [pickerKey, setPickerKey] = useState(0); // a new key empties the native file input
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [bodyError, setBodyError] = useState<string | undefined>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setBodyError(t("rfq.messageRequired"));
      return;
    }
    setBodyError(undefined);
    setError(null);
    setBusy(true);
    try {
      await onSend({ body: body.trim(), files });
      setBody("");
      setFiles([]);
      setPickerKey((k) => k + 1);
    } catch (failure) {
      setError(errorMessage(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="rfq-thread__composer" noValidate onSubmit={(event) => void submit(event)} aria-label={t("rfq.newMessage")}>
      <FormAlert message={error} />
      <TextArea label={t("rfq.message")} value={body} onValue={setBody} error={bodyError} rows={3} maxLength={4000} />
      <div className="field">
        <label htmlFor={fileInput}>{t("rfq.attachFiles")}</label>
        <input key={pickerKey} id={fileInput} type="file" multiple accept={RFQ_FILE_ACCEPT} onChange={(event) => setFiles(Array.from(event.target.files ?? []))} />
        {files.length > 0 && (
          <ul className="rfq-files">
            {files.map((file) => (
              <li key={`${file.name}-${file.size}`}>{file.name}</li>
            ))}
          </ul>
        )}
      </div>
      <Button type="submit" tone="primary" busy={busy} busyLabel={t("rfq.sending")}>
        {t("rfq.send")}
      </Button>
    </form>
  );
}
