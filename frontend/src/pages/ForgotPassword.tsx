import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { FormAlert, Notice, SubmitButton, TextField } from "../components/forms";
import { useI18n } from "../i18n/context";
import { formErrors } from "../lib/errors";
import { validateEmail } from "../lib/validation";

export function ForgotPassword() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = validateEmail(email);
    setError(problem ? t(problem) : undefined);
    setFormError(null);
    if (problem) return;
    setBusy(true);
    try {
      await call(api.POST("/api/v1/auth/password/forgot", { body: { email: email.trim() } }));
      setSent(true);
    } catch (failure) {
      const { fields, form } = formErrors(t, failure);
      setError(fields.email);
      setFormError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel panel--narrow">
      <h1>{t("forgot.title")}</h1>
      <Notice message={sent ? t("forgot.sent") : null} />
      {!sent && (
        <>
          <p>{t("forgot.text")}</p>
          <form onSubmit={onSubmit} noValidate>
            <FormAlert message={formError} />
            <TextField
              label={t("field.email")}
              name="email"
              type="email"
              value={email}
              onValue={setEmail}
              error={error}
              autoComplete="email"
              required
            />
            <div className="form-actions">
              <SubmitButton busy={busy}>{t("forgot.submit")}</SubmitButton>
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
