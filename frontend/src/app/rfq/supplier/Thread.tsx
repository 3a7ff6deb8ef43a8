import { FormAlert } from "../../../components/forms";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { MessageThread } from "../shared/MessageThread";
import { fileUrl, useMessages, useQuoteSteps } from "./api/rfqs";

/** The message thread of this RFQ × this supplier (both parties only), with attachments. */
export function Thread({ slug, rfqId, closedReason }: { slug: string; rfqId: string; closedReason?: string | undefined }) {
  const { t } = useI18n();
  const messages = useMessages(slug, rfqId);
  const { message } = useQuoteSteps(slug, rfqId);
  return (
    <section className="card" aria-labelledby="rfq-thread-title">
      <h2 id="rfq-thread-title">{t("rfqSupplier.thread")}</h2>
      {messages.error ? <FormAlert message={errorMessage(t, messages.error)} /> : null}
      <MessageThread
        messages={messages.data ?? []}
        side="supplier"
        onSend={(sent) => message.mutateAsync(sent).then(() => messages.refetch())}
        fileHref={(fileId) => fileUrl(slug, rfqId, fileId)}
        closedReason={closedReason}
        label={t("rfqSupplier.thread")}
      />
    </section>
  );
}
