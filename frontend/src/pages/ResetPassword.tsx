import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useSearchParams } from "react-router";
import { z } from "zod";
import { ApiError } from "../api/client";
import { useResetPassword } from "../app/account/api/session";
import { FormAlert, Notice } from "../components/forms";
import { Button, TextInput } from "../components/kit/fields";
import { useI18n } from "../i18n/context";
import { applyServerErrors, ruledText } from "../lib/forms";
import { validatePassword } from "../lib/validation";

export function ResetPassword() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [done, setDone] = useState(false);
  const schema = useMemo(() => z.object({ password: ruledText(t, validatePassword) }), [t]);
  const form = useForm<{ password: string }>({ defaultValues: { password: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const reset = useResetPassword();
  const { errors, isSubmitting, submitCount } = form.formState;

  const submit = form.handleSubmit(async ({ password }) => {
    try {
      await reset.mutateAsync({ token, password });
      setDone(true);
    } catch (error) {
      // the link's token is no field of the form: a bad one is said in the alert
      if (error instanceof ApiError && error.fieldErrors.token) form.setError("root.server", { type: "server", message: t("error.invalidToken") });
      else applyServerErrors(form, t, error);
    }
  });
  const alert = errors.root?.server?.message ?? (!token && submitCount === 0 ? t("verify.missing") : undefined);

  return (
    <div className="panel panel--narrow">
      <h1>{t("reset.title")}</h1>
      <Notice message={done ? t("reset.done") : null} />
      {done ? (
        <Link className="button button--primary" to="/signin">
          {t("signin.submit")}
        </Link>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <FormAlert message={alert} />
          <TextInput control={form.control} name="password" type="password" label={t("reset.newPassword")} hint={t("field.passwordHint")} autoComplete="new-password" required />
          <div className="form-actions">
            <Button type="submit" tone="primary" busy={isSubmitting}>
              {t("reset.submit")}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
