import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { FormAlert } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors } from "../../../lib/forms";
import { useCategoryChoices, useSaveRule, type ApprovalRule } from "../api/approvals";
import { CONDITIONS, MAX_LEVELS, ROLES, ruleSchema, ruleValues, type RuleValues } from "./rules";

/** A new approval rule, or an existing one replaced: its condition and 1 to 3 levels of roles. */
export function RuleForm({ orgId, rule, onSaved, onCancel }: { orgId: string; rule: ApprovalRule | null; onSaved: (saved: ApprovalRule) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const schema = useMemo(() => ruleSchema(t, locale), [t, locale]);
  const form = useForm<RuleValues, unknown, ReturnType<typeof schema.parse>>({ defaultValues: ruleValues(locale, rule), resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const levels = useFieldArray({ control: form.control, name: "levels" });
  const condition = useWatch({ control: form.control, name: "condition" });
  const categories = useCategoryChoices();
  const save = useSaveRule(orgId);
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (body) => {
    try {
      onSaved(await save.mutateAsync({ id: rule?.id ?? null, body }));
    } catch (error) {
      applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label={rule ? t("approvalSettings.editRuleOf", { name: rule.name }) : t("approvalSettings.addRule")}>
      <FormAlert message={errors.root?.server?.message} />
      <div className="form-grid">
        <TextInput control={form.control} name="name" label={t("approvalSettings.ruleName")} required maxLength={200} />
        <SelectInput control={form.control} name="condition" label={t("approvalSettings.condition")} options={CONDITIONS.map((c) => ({ value: c, label: t(`approvalSettings.condition.${c}`) }))} />
        {condition === "total_above" && (
          <>
            <TextInput control={form.control} name="amount" label={t("approvalSettings.amount")} required inputMode="decimal" />
            <TextInput control={form.control} name="currency" label={t("approvalSettings.currency")} required maxLength={3} transform={(v) => v.toUpperCase()} autoCapitalize="characters" />
          </>
        )}
        {condition === "supplier" && <TextInput control={form.control} name="supplier_slug" label={t("approvalSettings.supplier")} hint={t("approvalSettings.supplierHint")} required maxLength={63} transform={(v) => v.toLowerCase()} />}
        {condition === "category" && <SelectInput control={form.control} name="category_id" label={t("approvalSettings.category")} options={[{ value: "", label: t("approvalSettings.chooseCategory") }, ...(categories.data ?? []).map((c) => ({ value: c.id, label: c.label }))]} />}
      </div>
      <fieldset className="field">
        <legend>{t("approvalSettings.levels")}</legend>
        {levels.fields.map((level, index) => (
          <fieldset key={level.id} className="field" aria-invalid={Boolean(errors.levels?.[index]?.roles)}>
            <legend>{t("approvalSettings.levelN", { level: index + 1 })}</legend>
            {ROLES.map((role) => (
              <label key={role}>
                <input type="checkbox" value={role} {...form.register(`levels.${index}.roles`)} /> {t(`approvalSettings.role.${role}`)}{" "}
              </label>
            ))}
            {levels.fields.length > 1 && (
              <Button tone="link" onPress={() => levels.remove(index)}>
                {t("approvalSettings.removeLevel")}
              </Button>
            )}
            {errors.levels?.[index]?.roles?.message && (
              <p className="field__error" role="alert">
                {errors.levels[index].roles.message}
              </p>
            )}
          </fieldset>
        ))}
        {levels.fields.length < MAX_LEVELS && <Button onPress={() => levels.append({ roles: ["admin"] })}>{t("approvalSettings.addLevel")}</Button>}
      </fieldset>
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {t("approvalSettings.saveRule")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}
