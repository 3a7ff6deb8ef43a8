import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormAlert, Notice } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, ruledText } from "../../../lib/forms";
import { validatePassword } from "../../../lib/validation";
import { useChangePassword } from "../api/session";

interface Draft {
  current_password: string;
  new_password: string;
}

export function ChangePassword() {
  const { t } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const schema = useMemo(() => z.object({ current_password: z.string().min(1, t("validation.required")), new_password: ruledText(t, validatePassword) }), [t]);
  const form = useForm<Draft, unknown, Draft>({ defaultValues: { current_password: "", new_password: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const change = useChangePassword();
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (draft) => {
    setNotice(null);
    try {
      await change.mutateAsync(draft);
      form.reset();
      setNotice(t("profile.passwordChanged"));
    } catch (error) {
      applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <section className="card">
      <h2>{t("profile.changePassword")}</h2>
      <Notice message={notice} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert message={errors.root?.server?.message} />
        <TextInput control={form.control} name="current_password" type="password" label={t("profile.currentPassword")} autoComplete="current-password" required />
        <TextInput control={form.control} name="new_password" type="password" label={t("profile.newPassword")} hint={t("field.passwordHint")} autoComplete="new-password" required />
        <div className="form-actions">
          <Button type="submit" tone="primary" busy={isSubmitting}>
            {t("profile.changePassword")}
          </Button>
        </div>
      </form>
    </section>
  );
}
