import { useState } from "react";
import { FormAlert } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { fileUrl, useMessages, useQuoteSteps } from "./api/rfqs";

/** The message thread of this RFQ × this supplier: both parties only. */
export function Thread({ slug, rfqId }: { slug: string; rfqId: string }) {
  const { t, dateTime } = useI18n();
  const messages = useMessages(slug, rfqId);
  const { message } = useQuoteSteps(slug, rfqId);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setError(null);
    try {
      await message.mutateAsync(body.trim());
      setBody("");
      void messages.refetch();
    } catch (cause) {
      setError(errorMessage(t, cause));
    }
  };
  return (
    <section className="card rfq-thread" aria-labelledby="rfq-thread-title">
      <h2 id="rfq-thread-title">{t("rfqSupplier.thread")}</h2>
      {messages.error ? <FormAlert message={errorMessage(t, messages.error)} /> : null}
      <ol className="rfq-thread__messages">
        {(messages.data ?? []).map((m) => (
          <li key={m.id} className={`rfq-message rfq-message--${m.side}`}>
            <p className="muted">
              {m.author_name} · {dateTime(m.created_at)}
            </p>
            <p>{m.body}</p>
            {(m.files ?? []).map((file) => (
              <a key={file.id} href={fileUrl(slug, rfqId, file.id)}>
                {file.filename}
              </a>
            ))}
          </li>
        ))}
      </ol>
      {messages.data?.length === 0 && <p className="muted">{t("rfqSupplier.noMessages")}</p>}
      <FormAlert message={error} />
      <div className="field">
        <label htmlFor="rfq-message">{t("rfqSupplier.newMessage")}</label>
        <textarea id="rfq-message" rows={3} maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      <Button tone="primary" isDisabled={!body.trim()} busy={message.isPending} onPress={() => void send()}>
        {t("rfqSupplier.sendMessage")}
      </Button>
    </section>
  );
}
