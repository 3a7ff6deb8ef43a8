import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { ApiError } from "../api/client";
import { useLogin, useLoginCode } from "../app/account/api/session";
import { FormAlert } from "../components/forms";
import { Button, TextInput } from "../components/kit/fields";
import { useI18n } from "../i18n/context";
import { errorMessage } from "../lib/errors";
import { applyServerErrors, ruledText } from "../lib/forms";
import { afterSignIn } from "../lib/nav";
import { validateCode, validateEmail } from "../lib/validation";
import { useSession } from "../session/context";

/** E-mail and password, then (when the account has two-factor sign-in) the authentication code. */
export function SignIn() {
  const { t } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<"password" | "mfa">("password");
  const [expired, setExpired] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  if (me && !working) return <Navigate to={afterSignIn(params)} replace />;

  const signedIn = () => void navigate(afterSignIn(params), { replace: true });
  const invitation = params.get("invitation");

  if (step === "mfa") {
    return (
      <div className="panel panel--narrow">
        <h1>{t("signin.mfaTitle")}</h1>
        <p>{t("signin.mfaText")}</p>
        <CodeForm
          onWorking={setWorking}
          onSignedIn={signedIn}
          onBack={(error) => {
            setExpired(error);
            setStep("password");
          }}
        />
      </div>
    );
  }

  return (
    <div className="panel panel--narrow">
      <h1>{t("signin.title")}</h1>
      {invitation && <p className="alert alert--info">{t("signin.invitationNote")}</p>}
      <PasswordForm
        notice={expired}
        onWorking={setWorking}
        onSignedIn={signedIn}
        onCode={() => {
          setExpired(null);
          setStep("mfa");
        }}
      />
      <p className="muted">
        {t("signin.noAccount")}{" "}
        <Link to={invitation ? `/signup?invitation=${encodeURIComponent(invitation)}` : "/signup"}>{t("signin.createAccount")}</Link>
      </p>
    </div>
  );
}

interface StepProps {
  /** True while a call is under way or the page is leaving: the session's change must not redirect midway. */
  onWorking: (working: boolean) => void;
  onSignedIn: () => void;
}

function PasswordForm({ notice, onWorking, onSignedIn, onCode }: StepProps & { notice: string | null; onCode: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ email: ruledText(t, validateEmail).transform((v) => v.trim()), password: z.string().min(1, t("validation.required")) }), [t]);
  const form = useForm<{ email: string; password: string }>({ defaultValues: { email: "", password: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const login = useLogin();
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ email, password }) => {
    onWorking(true);
    try {
      const answer = await login.mutateAsync({ email, password, mode: "cookie" });
      if (answer.mfa_required) {
        onWorking(false);
        onCode();
        return;
      }
      onSignedIn();
    } catch (error) {
      applyServerErrors(form, t, error);
      onWorking(false);
    }
  });

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <FormAlert message={errors.root?.server?.message ?? notice} />
      <TextInput control={form.control} name="email" type="email" label={t("field.email")} autoComplete="username" required autoFocus />
      <TextInput control={form.control} name="password" type="password" label={t("field.password")} autoComplete="current-password" required />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("signin.submitting")}>
          {t("signin.submit")}
        </Button>
        <Link to="/forgot-password">{t("signin.forgot")}</Link>
      </div>
    </form>
  );
}

/** A wrong code is said at the field; an expired first step sends the user back to it. */
function CodeForm({ onWorking, onSignedIn, onBack }: StepProps & { onBack: (error: string | null) => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ code: ruledText(t, validateCode).transform((v) => v.trim()) }), [t]);
  const form = useForm<{ code: string }>({ defaultValues: { code: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const verify = useLoginCode();
  const { errors, isSubmitting } = form.formState;
  const { setFocus } = form;
  useEffect(() => setFocus("code"), [setFocus]);

  const submit = form.handleSubmit(async ({ code }) => {
    onWorking(true);
    try {
      await verify.mutateAsync(code);
      onSignedIn();
      return;
    } catch (error) {
      if (error instanceof ApiError && (error.code === "auth.invalid_credentials" || error.status === 422)) {
        form.setError("code", { type: "server", message: error.fieldErrors.code ?? t("error.invalidCode") });
      } else if (error instanceof ApiError && error.code === "auth.not_authenticated") {
        onBack(errorMessage(t, error));
      } else {
        applyServerErrors(form, t, error);
      }
    }
    onWorking(false);
  });

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="code" label={t("field.code")} hint={t("field.codeHint")} autoComplete="one-time-code" inputMode="text" required />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("signin.submitting")}>
          {t("signin.verify")}
        </Button>
        <Button tone="link" onPress={() => onBack(null)}>
          {t("signin.back")}
        </Button>
      </div>
    </form>
  );
}
