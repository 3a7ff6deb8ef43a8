import { useRef, useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { api, ApiError, call } from "../api/client";
import { FormAlert, SubmitButton, TextField } from "../components/forms";
import { useI18n } from "../i18n/context";
import { errorMessage, formErrors } from "../lib/errors";
import { afterSignIn } from "../lib/nav";
import { validateCode, validateEmail } from "../lib/validation";
import { useSession } from "../session/context";

type Errors = Partial<Record<"email" | "password" | "code", string>>;

export function SignIn() {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<"password" | "mfa">("password");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const [leaving, setLeaving] = useState(false);

  if (me && !busy && !leaving) return <Navigate to={afterSignIn(params)} replace />;

  const finish = async () => {
    setLeaving(true);
    await refresh();
    void navigate(afterSignIn(params), { replace: true });
  };

  const onPassword = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    const emailProblem = validateEmail(email);
    if (emailProblem) found.email = t(emailProblem);
    if (!password) found.password = t("validation.required");
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const answer = await call(api.POST("/api/v1/auth/login", { body: { email: email.trim(), password, mode: "cookie" } }));
      if (answer.mfa_required) {
        setStep("mfa");
        setBusy(false);
        setTimeout(() => codeRef.current?.focus(), 0);
        return;
      }
      await finish();
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setErrors(fields);
      setFormError(form);
      setBusy(false);
    }
  };

  const onCode = async (event: FormEvent) => {
    event.preventDefault();
    const problem = validateCode(code);
    setErrors(problem ? { code: t(problem) } : {});
    setFormError(null);
    if (problem) return;
    setBusy(true);
    try {
      await call(api.POST("/api/v1/auth/login/2fa", { body: { code: code.trim() } }));
      await finish();
    } catch (error) {
      if (error instanceof ApiError && (error.code === "auth.invalid_credentials" || error.status === 422)) {
        setErrors({ code: error.fieldErrors.code ?? t("error.invalidCode") });
        setFormError(null);
      } else if (error instanceof ApiError && error.code === "auth.not_authenticated") {
        setStep("password");
        setFormError(errorMessage(t, error));
      } else {
        const { fields, form } = formErrors(t, error);
        setErrors(fields);
        setFormError(form);
      }
      setBusy(false);
    }
  };

  const invitation = params.get("invitation");

  if (step === "mfa") {
    return (
      <div className="panel panel--narrow">
        <h1>{t("signin.mfaTitle")}</h1>
        <p>{t("signin.mfaText")}</p>
        <form onSubmit={onCode} noValidate>
          <FormAlert message={formError} />
          <TextField
            ref={codeRef}
            label={t("field.code")}
            name="code"
            value={code}
            onValue={setCode}
            error={errors.code}
            hint={t("field.codeHint")}
            autoComplete="one-time-code"
            inputMode="text"
            required
          />
          <div className="form-actions">
            <SubmitButton busy={busy} busyLabel={t("signin.submitting")}>
              {t("signin.verify")}
            </SubmitButton>
            <button
              type="button"
              className="button button--link"
              onClick={() => {
                setStep("password");
                setCode("");
                setErrors({});
                setFormError(null);
              }}
            >
              {t("signin.back")}
            </button>
          </div>
        </form>
      </div>
    );
  }

  return (
    <div className="panel panel--narrow">
      <h1>{t("signin.title")}</h1>
      {invitation && <p className="alert alert--info">{t("signin.invitationNote")}</p>}
      <form onSubmit={onPassword} noValidate>
        <FormAlert message={formError} />
        <TextField
          label={t("field.email")}
          name="email"
          type="email"
          value={email}
          onValue={setEmail}
          error={errors.email}
          autoComplete="username"
          required
          autoFocus
        />
        <TextField
          label={t("field.password")}
          name="password"
          type="password"
          value={password}
          onValue={setPassword}
          error={errors.password}
          autoComplete="current-password"
          required
        />
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel={t("signin.submitting")}>
            {t("signin.submit")}
          </SubmitButton>
          <Link to="/forgot-password">{t("signin.forgot")}</Link>
        </div>
      </form>
      <p className="muted">
        {t("signin.noAccount")}{" "}
        <Link to={invitation ? `/signup?invitation=${encodeURIComponent(invitation)}` : "/signup"}>{t("signin.createAccount")}</Link>
      </p>
    </div>
  );
}
