import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormAlert } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors } from "../../../lib/forms";
import { useReject, type PurchaseRequest } from "../api/approvals";

/** Rejecting a request needs a reason the requester reads. */
export function RejectForm({ orgId, request, onDone, onCancel }: { orgId: string; request: PurchaseRequest; onDone: (done: PurchaseRequest) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ reason: z.string().trim().min(1, t("approvals.reasonRequired")).max(1000) }), [t]);
  const form = useForm<{ reason: string }>({ defaultValues: { reason: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const reject = useReject(orgId);
  const name = request.requester_name ?? t("approvals.someone");
  const submit = form.handleSubmit(async ({ reason }) => {
    try {
      onDone(await reject.mutateAsync({ id: request.id, reason: reason.trim() }));
    } catch (error) {
      applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label={t("approvals.rejectOf", { name })}>
      <FormAlert message={form.formState.errors.root?.server?.message} />
      <TextInput control={form.control} name="reason" label={t("approvals.rejectReason")} required maxLength={1000} />
      <div className="form-actions">
        <Button type="submit" tone="danger" busy={form.formState.isSubmitting} busyLabel={t("app.saving")}>
          {t("approvals.confirmReject")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}
