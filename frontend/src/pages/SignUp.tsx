import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, call } from "../api/client";
import { FormAlert, SubmitButton, TextField } from "../components/forms";
import { KindChoice } from "../components/KindChoice";
import { useI18n } from "../i18n/context";
import { formErrors } from "../lib/errors";
import { savePendingInvitation, savePendingOrg, type PendingOrg } from "../lib/storage";
import { slugify, validateEmail, validatePassword, validateRequired, validateSlug } from "../lib/validation";

type FieldName = "name" | "email" | "password" | "companyName" | "slug";

export function SignUp() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const invitation = params.get("invitation");
  const [kind, setKind] = useState<PendingOrg["kind"]>("supplier");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [companyName, setCompanyName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const validate = (): Partial<Record<FieldName, string>> => {
    const found: Partial<Record<FieldName, string>> = {};
    const check = (field: FieldName, key: ReturnType<typeof validateRequired>) => {
      if (key) found[field] = t(key);
    };
    check("name", validateRequired(name));
    check("email", validateEmail(email));
    check("password", validatePassword(password));
    if (!invitation) {
      check("companyName", validateRequired(companyName));
      if (kind === "supplier") check("slug", validateSlug(slug));
    }
    return found;
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setFormError(Object.keys(found).length ? t("validation.fixErrors") : null);
    if (Object.keys(found).length) {
      const first = (["name", "email", "password", "companyName", "slug"] as const).find((f) => found[f]);
      if (first) document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await call(api.POST("/api/v1/auth/signup", { body: { email: email.trim(), name: name.trim(), password, locale } }));
      if (invitation) {
        savePendingInvitation(invitation);
      } else {
        savePendingOrg({ kind, name: companyName.trim(), slug: kind === "supplier" ? slug : "" });
      }
      void navigate("/check-email", { state: { email: email.trim() } });
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setErrors(fields);
      setFormError(form);
      setBusy(false);
    }
  };

  return (
    <div className="panel panel--narrow">
      <h1>{t("signup.title")}</h1>
      {invitation && <p className="alert alert--info">{t("signup.invitationNote")}</p>}
      <form onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        {!invitation && <KindChoice value={kind} onChange={setKind} />}
        <TextField label={t("field.name")} name="name" value={name} onValue={setName} error={errors.name} autoComplete="name" required />
        <TextField
          label={t("field.email")}
          name="email"
          type="email"
          value={email}
          onValue={setEmail}
          error={errors.email}
          autoComplete="email"
          required
        />
        <TextField
          label={t("field.password")}
          name="password"
          type="password"
          value={password}
          onValue={setPassword}
          error={errors.password}
          hint={t("field.passwordHint")}
          autoComplete="new-password"
          required
        />
        {!invitation && (
          <>
            <TextField
              label={t("field.companyName")}
              name="companyName"
              value={companyName}
              onValue={(value) => {
                setCompanyName(value);
                if (!slugEdited) setSlug(slugify(value));
              }}
              error={errors.companyName}
              autoComplete="organization"
              required
            />
            {kind === "supplier" && (
              <TextField
                label={t("field.slug")}
                name="slug"
                value={slug}
                onValue={(value) => {
                  setSlugEdited(true);
                  setSlug(value.toLowerCase());
                }}
                error={errors.slug}
                hint={t("field.slugHint")}
                autoCapitalize="none"
                spellCheck={false}
                required
              />
            )}
          </>
        )}
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel={t("signup.submitting")}>
            {t("signup.submit")}
          </SubmitButton>
        </div>
      </form>
      <p className="muted">
        {t("signup.haveAccount")}{" "}
        <Link to={invitation ? `/signin?invitation=${encodeURIComponent(invitation)}` : "/signin"}>{t("signin.submit")}</Link>
      </p>
    </div>
  );
}
