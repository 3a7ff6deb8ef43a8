import { useState, type FormEvent } from "react";
import { api, ApiError, call } from "../api/client";
import { FormAlert, Notice, SubmitButton, TextField } from "../components/forms";
import { useI18n } from "../i18n/context";
import { errorMessage, formErrors } from "../lib/errors";
import { validateCode, validatePassword } from "../lib/validation";
import { useSession } from "../session/context";

export function Profile() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!me) return null;
  return (
    <div className="page">
      <h1>{t("profile.title")}</h1>
      <section className="card">
        <h2>{t("profile.account")}</h2>
        <dl className="meta meta--wide">
          <dt>{t("field.name")}</dt>
          <dd>{me.name}</dd>
          <dt>{t("field.email")}</dt>
          <dd>{me.email}</dd>
          <dt>{t("profile.emailVerified")}</dt>
          <dd>{me.email_verified ? t("app.yes") : t("app.no")}</dd>
        </dl>
      </section>
      <TwoFactor enabled={me.totp_enabled} />
      <ChangePassword />
    </div>
  );
}

function TwoFactor({ enabled }: { enabled: boolean }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauth_uri: string } | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>();
  const [passwordError, setPasswordError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setCodeError(undefined);
    setPasswordError(undefined);
    setFormError(null);
    setNotice(null);
  };

  const enrol = async () => {
    reset();
    setBusy(true);
    try {
      setEnrolment(await call(api.POST("/api/v1/me/2fa/enrol")));
      setCode("");
    } catch (error) {
      setFormError(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    const problem = validateCode(code);
    if (problem) {
      setCodeError(t(problem));
      return;
    }
    setBusy(true);
    try {
      const answer = await call(api.POST("/api/v1/me/2fa/verify", { body: { code: code.trim() } }));
      setRecovery(answer.recovery_codes);
      setEnrolment(null);
      setCode("");
      await refresh();
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      const wrongCode = error instanceof ApiError && (error.status === 422 || error.code === "auth.invalid_credentials");
      setCodeError(fields.code ?? (wrongCode ? t("error.invalidCode") : undefined));
      if (!fields.code && !wrongCode) setFormError(form);
    } finally {
      setBusy(false);
    }
  };

  const disable = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    if (!code.trim() && !password) {
      setCodeError(t("validation.required"));
      return;
    }
    setBusy(true);
    try {
      const body = code.trim() ? { code: code.trim() } : { password };
      await call(api.POST("/api/v1/me/2fa/disable", { body }));
      setCode("");
      setPassword("");
      setNotice(t("profile.disabled"));
      await refresh();
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setCodeError(fields.code);
      setPasswordError(fields.password);
      if (!fields.code && !fields.password) setFormError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <h2>{t("profile.twoFactor")}</h2>
      <Notice message={notice} />
      <FormAlert message={formError} />
      {recovery && (
        <div className="secret-box" role="region" aria-labelledby="recovery-title">
          <h3 id="recovery-title">{t("profile.recoveryTitle")}</h3>
          <p>{t("profile.recoveryText")}</p>
          <ul className="codes" data-testid="recovery-codes">
            {recovery.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button type="button" className="button button--primary" onClick={() => setRecovery(null)}>
            {t("profile.recoveryDone")}
          </button>
        </div>
      )}
      {enabled ? (
        <>
          <p>{t("profile.twoFactorOn")}</p>
          <form onSubmit={disable} noValidate>
            <TextField
              label={t("profile.disableCode")}
              name="disableCode"
              value={code}
              onValue={setCode}
              error={codeError}
              autoComplete="one-time-code"
            />
            <TextField
              label={t("profile.disablePassword")}
              name="disablePassword"
              type="password"
              value={password}
              onValue={setPassword}
              error={passwordError}
              autoComplete="current-password"
            />
            <div className="form-actions">
              <SubmitButton busy={busy}>{t("profile.disable")}</SubmitButton>
            </div>
          </form>
        </>
      ) : enrolment ? (
        <form onSubmit={confirm} noValidate>
          <p>{t("profile.enrolText")}</p>
          <dl className="meta meta--wide">
            <dt>{t("profile.otpauthUri")}</dt>
            <dd>
              <code className="secret" data-testid="otpauth-uri">
                {enrolment.otpauth_uri}
              </code>
            </dd>
            <dt>{t("profile.secret")}</dt>
            <dd>
              <code data-testid="totp-secret">{enrolment.secret}</code>
            </dd>
          </dl>
          <TextField
            label={t("field.code")}
            name="code"
            value={code}
            onValue={setCode}
            error={codeError}
            autoComplete="one-time-code"
            inputMode="numeric"
            required
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t("profile.enable")}</SubmitButton>
            <button type="button" className="button button--link" onClick={() => setEnrolment(null)}>
              {t("app.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p>{t("profile.twoFactorOff")}</p>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void enrol()}>
            {t("profile.enrol")}
          </button>
        </>
      )}
    </section>
  );
}

function ChangePassword() {
  const { t } = useI18n();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<{ current_password?: string; new_password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: { current_password?: string; new_password?: string } = {};
    if (!current) found.current_password = t("validation.required");
    const problem = validatePassword(next);
    if (problem) found.new_password = t(problem);
    setErrors(found);
    setFormError(null);
    setNotice(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await call(api.POST("/api/v1/me/password", { body: { current_password: current, new_password: next } }));
      setCurrent("");
      setNext("");
      setNotice(t("profile.passwordChanged"));
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setErrors({ current_password: fields.current_password, new_password: fields.new_password });
      setFormError(fields.current_password || fields.new_password ? null : form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <h2>{t("profile.changePassword")}</h2>
      <Notice message={notice} />
      <form onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        <TextField
          label={t("profile.currentPassword")}
          name="current_password"
          type="password"
          value={current}
          onValue={setCurrent}
          error={errors.current_password}
          autoComplete="current-password"
          required
        />
        <TextField
          label={t("profile.newPassword")}
          name="new_password"
          type="password"
          value={next}
          onValue={setNext}
          error={errors.new_password}
          hint={t("field.passwordHint")}
          autoComplete="new-password"
          required
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t("profile.changePassword")}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
