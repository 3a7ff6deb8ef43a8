import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { FormAlert, Notice } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { applyServerErrors, ruledText } from "../../../lib/forms";
import { validateCode } from "../../../lib/validation";
import { useDisableTotp, useEnrolTotp, useVerifyTotp } from "../api/session";
import "../account.css";

type Enrolment = { secret: string; otpauth_uri: string };

/** Two-factor sign-in: enrol (secret, then a code confirms it and answers recovery codes) or turn it off. */
export function TwoFactor({ enabled }: { enabled: boolean }) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const enrol = useEnrolTotp();

  const start = async () => {
    setNotice(null);
    setFormError(null);
    try {
      setEnrolment(await enrol.mutateAsync());
    } catch (error) {
      setFormError(errorMessage(t, error));
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
          <Button tone="primary" onPress={() => setRecovery(null)}>
            {t("profile.recoveryDone")}
          </Button>
        </div>
      )}
      {enabled ? (
        <>
          <p>{t("profile.twoFactorOn")}</p>
          <DisableForm
            onDisabled={() => {
              setFormError(null);
              setNotice(t("profile.disabled"));
            }}
          />
        </>
      ) : enrolment ? (
        <ConfirmForm
          enrolment={enrolment}
          onCancel={() => setEnrolment(null)}
          onConfirmed={(codes) => {
            setFormError(null);
            setRecovery(codes);
            setEnrolment(null);
          }}
        />
      ) : (
        <>
          <p>{t("profile.twoFactorOff")}</p>
          <Button tone="primary" busy={enrol.isPending} onPress={() => void start()}>
            {t("profile.enrol")}
          </Button>
        </>
      )}
    </section>
  );
}

/** The first code from the authenticator app turns two-factor on; a wrong one is said at the field. */
function ConfirmForm({ enrolment, onCancel, onConfirmed }: { enrolment: Enrolment; onCancel: () => void; onConfirmed: (recovery: string[]) => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ code: ruledText(t, validateCode).transform((v) => v.trim()) }), [t]);
  const form = useForm<{ code: string }, unknown, { code: string }>({ defaultValues: { code: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const verify = useVerifyTotp();
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ code }) => {
    try {
      const answer = await verify.mutateAsync(code);
      onConfirmed(answer.recovery_codes);
    } catch (error) {
      const wrongCode = error instanceof ApiError && (error.status === 422 || error.code === "auth.invalid_credentials");
      if (wrongCode && !error.fieldErrors.code) form.setError("code", { type: "server", message: t("error.invalidCode") });
      else applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>{t("profile.enrolText")}</p>
      <FormAlert message={errors.root?.server?.message} />
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
      <TextInput control={form.control} name="code" label={t("field.code")} autoComplete="one-time-code" inputMode="numeric" required />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting}>
          {t("profile.enable")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}

/** A current code or the password turns two-factor off. */
function DisableForm({ onDisabled }: { onDisabled: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      z.object({ code: z.string(), password: z.string() }).superRefine((draft, ctx) => {
        if (!draft.code.trim() && !draft.password) ctx.addIssue({ code: "custom", path: ["code"], message: t("validation.required") });
      }),
    [t],
  );
  const form = useForm<{ code: string; password: string }>({ defaultValues: { code: "", password: "" }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const disable = useDisableTotp();
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ code, password }) => {
    try {
      await disable.mutateAsync(code.trim() ? { code: code.trim() } : { password });
      form.reset();
      onDisabled();
    } catch (error) {
      applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="code" label={t("profile.disableCode")} autoComplete="one-time-code" />
      <TextInput control={form.control} name="password" type="password" label={t("profile.disablePassword")} autoComplete="current-password" />
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting}>
          {t("profile.disable")}
        </Button>
      </div>
    </form>
  );
}
