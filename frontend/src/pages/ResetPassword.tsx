import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { api, call } from "../api/client";
import { FormAlert, Notice, SubmitButton, TextField } from "../components/forms";
import { useI18n } from "../i18n/context";
import { formErrors } from "../lib/errors";
import { validatePassword } from "../lib/validation";

export function ResetPassword() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(token ? null : t("verify.missing"));
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = validatePassword(password);
    setError(problem ? t(problem) : undefined);
    setFormError(null);
    if (problem) return;
    setBusy(true);
    try {
      await call(api.POST("/api/v1/auth/password/reset", { body: { token, password } }));
      setDone(true);
    } catch (failure) {
      const { fields, form } = formErrors(t, failure);
      setError(fields.password);
      setFormError(fields.token ? t("error.invalidToken") : form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel panel--narrow">
      <h1>{t("reset.title")}</h1>
      <Notice message={done ? t("reset.done") : null} />
      {done ? (
        <Link className="button button--primary" to="/signin">
          {t("signin.submit")}
        </Link>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <FormAlert message={formError} />
          <TextField
            label={t("reset.newPassword")}
            name="password"
            type="password"
            value={password}
            onValue={setPassword}
            error={error}
            hint={t("field.passwordHint")}
            autoComplete="new-password"
            required
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t("reset.submit")}</SubmitButton>
          </div>
        </form>
      )}
    </div>
  );
}
