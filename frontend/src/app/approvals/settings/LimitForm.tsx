import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { FormAlert } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors } from "../../../lib/forms";
import { useSetLimits, type CurrencyLimit } from "../api/approvals";
import { limitRows, limitsSchema, type LimitValues } from "./limits";

/** One member's spending limits, a row per currency; an empty amount is no limit. */
export function LimitForm({ orgId, userId, name, limits, onSaved, onCancel }: { orgId: string; userId: string; name: string; limits: CurrencyLimit[]; onSaved: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const schema = useMemo(() => limitsSchema(t, locale), [t, locale]);
  const form = useForm<LimitValues, unknown, ReturnType<typeof schema.parse>>({
    defaultValues: { limits: limits.length ? limitRows(locale, limits) : [{ currency: "EUR", per_order: "", per_month: "" }] },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const rows = useFieldArray({ control: form.control, name: "limits" });
  const save = useSetLimits(orgId);
  const submit = form.handleSubmit(async (values) => {
    try {
      await save.mutateAsync({ userId, limits: values.limits });
      onSaved();
    } catch (error) {
      applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label={t("approvalSettings.limitsOf", { name })}>
      <FormAlert message={form.formState.errors.root?.server?.message} />
      <p className="muted">{t("approvalSettings.limitsIntro")}</p>
      {rows.fields.map((row, index) => (
        <fieldset key={row.id} className="form-grid">
          <legend className="visually-hidden">{t("approvalSettings.currency")}</legend>
          <TextInput control={form.control} name={`limits.${index}.currency`} label={t("approvalSettings.currency")} required maxLength={3} transform={(v) => v.toUpperCase()} autoCapitalize="characters" />
          <TextInput control={form.control} name={`limits.${index}.per_order`} label={t("approvalSettings.perOrder")} inputMode="decimal" />
          <TextInput control={form.control} name={`limits.${index}.per_month`} label={t("approvalSettings.perMonth")} inputMode="decimal" />
          <Button tone="link" onPress={() => rows.remove(index)}>
            {t("approvalSettings.removeCurrency")}
          </Button>
        </fieldset>
      ))}
      <Button onPress={() => rows.append({ currency: "", per_order: "", per_month: "" })}>{t("approvalSettings.addCurrency")}</Button>
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={form.formState.isSubmitting} busyLabel={t("app.saving")}>
          {t("approvalSettings.saveLimits")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}
