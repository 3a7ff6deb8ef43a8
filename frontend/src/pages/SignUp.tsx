import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Link, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { useSignUp } from "../app/account/api/session";
import { CompanyFields, companyRules, type CompanyDraft } from "../app/account/onboarding/companyFields";
import { FormAlert } from "../components/forms";
import { Button, TextInput } from "../components/kit/fields";
import type { I18n } from "../i18n/context";
import { useI18n } from "../i18n/context";
import { applyServerErrors, checkedBy, useSlugFollows } from "../lib/forms";
import { savePendingInvitation, savePendingOrg } from "../lib/storage";
import { validateEmail, validatePassword, validateRequired } from "../lib/validation";

export interface SignUpDraft extends CompanyDraft {
  name: string;
  email: string;
  password: string;
}

/** Every field's complaint at once; the company's fields only when not joining by invitation. */
export function signUpRules(t: I18n["t"], invitation: boolean, draft: SignUpDraft): Partial<Record<keyof SignUpDraft, string>> {
  const found: Partial<Record<keyof SignUpDraft, string>> = invitation ? {} : companyRules(t, draft);
  const rules = { name: validateRequired(draft.name), email: validateEmail(draft.email), password: validatePassword(draft.password) };
  for (const [field, key] of Object.entries(rules)) if (key) found[field as keyof SignUpDraft] = t(key);
  return found;
}

/** A new account (and, without an invitation, the company onboarding will create after the e-mail is confirmed). */
export function SignUp() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const invitation = params.get("invitation");
  const schema = useMemo(
    () =>
      z
        .object({ kind: z.enum(["supplier", "buyer"]), name: z.string(), email: z.string(), password: z.string(), companyName: z.string(), slug: z.string() })
        .superRefine(checkedBy((draft: SignUpDraft) => signUpRules(t, Boolean(invitation), draft))),
    [t, invitation],
  );
  const form = useForm<SignUpDraft>({
    defaultValues: { kind: "supplier", name: "", email: "", password: "", companyName: "", slug: "" },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  useSlugFollows(form, "companyName", "slug", false);
  const signUp = useSignUp();
  const kind = useWatch({ control: form.control, name: "kind" });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(
    async (draft) => {
      const email = draft.email.trim();
      try {
        await signUp.mutateAsync({ email, name: draft.name.trim(), password: draft.password, locale });
        if (invitation) savePendingInvitation(invitation);
        else savePendingOrg({ kind: draft.kind, name: draft.companyName.trim(), slug: draft.kind === "supplier" ? draft.slug : "" });
        void navigate("/check-email", { state: { email } });
      } catch (error) {
        applyServerErrors(form, t, error);
      }
    },
    () => form.setError("root.server", { message: t("validation.fixErrors") }),
  );

  const personFields = (
    <>
      <TextInput control={form.control} name="name" label={t("field.name")} autoComplete="name" required />
      <TextInput control={form.control} name="email" type="email" label={t("field.email")} autoComplete="email" required />
      <TextInput control={form.control} name="password" type="password" label={t("field.password")} hint={t("field.passwordHint")} autoComplete="new-password" required />
    </>
  );

  return (
    <div className="panel panel--narrow">
      <h1>{t("signup.title")}</h1>
      {invitation && <p className="alert alert--info">{t("signup.invitationNote")}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert message={errors.root?.server?.message} />
        {invitation ? personFields : <CompanyFields control={form.control} kind={kind}>{personFields}</CompanyFields>}
        <div className="form-actions">
          <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("signup.submitting")}>
            {t("signup.submit")}
          </Button>
        </div>
      </form>
      <p className="muted">
        {t("signup.haveAccount")}{" "}
        <Link to={invitation ? `/signin?invitation=${encodeURIComponent(invitation)}` : "/signin"}>{t("signin.submit")}</Link>
      </p>
    </div>
  );
}
