import { useState } from "react";
import { FormAlert } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";

/** Decline or withdraw: a reason (required), then the step. */
export function ReasonForm({ label, action, onDone, onCancel, run }: { label: string; action: string; onDone: () => void; onCancel: () => void; run: (reason: string) => Promise<unknown> }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!reason.trim()) {
      setError(t("validation.required"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await run(reason.trim());
      onDone();
    } catch (cause) {
      setError(errorMessage(t, cause));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card rfq-reason">
      <div className={`field${error ? " field--invalid" : ""}`}>
        <label htmlFor="rfq-reason">{label}</label>
        <textarea id="rfq-reason" rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={error ? true : undefined} />
      </div>
      <FormAlert message={error} />
      <div className="rfq-actions">
        <Button tone="danger" busy={busy} onPress={() => void submit()}>
          {action}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </div>
  );
}
