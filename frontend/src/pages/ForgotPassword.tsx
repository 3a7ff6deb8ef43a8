import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router";
import { z } from "zod";
import { useForgotPassword } from "../app/account/api/session";
import { FormAlert, Notice } from "../components/forms";
import { Button, TextInput } from "../components/kit/fields";
import { useI18n } from "../i18n/context";
import { applyServerErrors, ruledText } from "../lib/forms";
import { validateEmail } from "../lib/validation";

export function ForgotPassword() {
  const { t } = useI18n();
  const [sent, setSent] = useState(false);
  const schema = useMemo(() => z.object({ email: ruledText(t, validateEmail).transform((v) => v.trim()) }), [t]);
  const form = useForm<{ email: string }>({ defaultValues: { email: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const forgot = useForgotPassword();
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ email }) => {
    try {
      await forgot.mutateAsync(email);
      setSent(true);
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  });

  return (
    <div className="panel panel--narrow">
      <h1>{t("forgot.title")}</h1>
      <Notice message={sent ? t("forgot.sent") : null} />
      {!sent && (
        <>
          <p>{t("forgot.text")}</p>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <FormAlert message={errors.root?.server?.message} />
            <TextInput control={form.control} name="email" type="email" label={t("field.email")} autoComplete="email" required />
            <div className="form-actions">
              <Button type="submit" tone="primary" busy={isSubmitting}>
                {t("forgot.submit")}
              </Button>
            </div>
          </form>
        </>
      )}
      <p>
        <Link to="/signin">{t("forgot.back")}</Link>
      </p>
    </div>
  );
}
