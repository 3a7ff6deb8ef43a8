import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api, call } from "../api/client";
import { FormAlert, SelectField, SubmitButton, TextField } from "../components/forms";
import { KindChoice } from "../components/KindChoice";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useI18n } from "../i18n/context";
import { formErrors } from "../lib/errors";
import { loadPendingOrg, savePendingOrg, type PendingOrg } from "../lib/storage";
import { slugify, validateRequired, validateSlug } from "../lib/validation";
import { useSession } from "../session/context";

const CURRENCIES = ["EUR", "RON", "USD", "GBP", "PLN", "HUF", "BGN"] as const;

/** A signed-in user without an organisation creates one (POST /api/v1/orgs), prefilled from sign-up. */
export function Onboarding() {
  const { t, locale, currency: money } = useI18n();
  const { me, refresh, signOut } = useSession();
  const navigate = useNavigate();
  const [pending] = useState(() => loadPendingOrg());
  const [kind, setKind] = useState<PendingOrg["kind"]>(pending?.kind ?? "supplier");
  const [name, setName] = useState(pending?.name ?? "");
  const [slug, setSlug] = useState(pending?.slug ?? "");
  const [currency, setCurrency] = useState(locale === "ro" ? "RON" : "EUR");
  const [slugEdited, setSlugEdited] = useState(Boolean(pending?.slug));
  const [errors, setErrors] = useState<Partial<Record<"name" | "slug", string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<"name" | "slug", string>> = {};
    const nameProblem = validateRequired(name);
    if (nameProblem) found.name = t(nameProblem);
    const slugProblem = kind === "supplier" ? validateSlug(slug) : null;
    if (slugProblem) found.slug = t(slugProblem);
    setErrors(found);
    setFormError(Object.keys(found).length ? t("validation.fixErrors") : null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const org = await call(
        api.POST("/api/v1/orgs", { body: { kind, name: name.trim(), slug: kind === "supplier" ? slug : null, default_currency: currency } }),
      );
      await call(api.POST("/api/v1/orgs/active", { body: { org_id: org.id } }));
      savePendingOrg(null);
      await refresh();
      void navigate("/app", { replace: true });
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setErrors({ name: fields.name, slug: fields.slug });
      setFormError(form);
      setBusy(false);
    }
  };

  return (
    <div className="public">
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            H
          </span>
          {t("app.name")}
        </Link>
        <div className="topbar__actions">
          <LanguageSwitch />
          <button
            type="button"
            className="button"
            onClick={() => {
              void signOut().finally(() => void navigate("/signin", { replace: true }));
            }}
          >
            {t("app.signOut")}
          </button>
        </div>
      </header>
      <main id="main" className="public__main">
        <div className="panel panel--narrow">
          <h1>{t("onboarding.title")}</h1>
          <p>{t("onboarding.text")}</p>
          {me && !me.email_verified && (
            <p className="alert alert--info" role="status">
              {t("onboarding.unverified")}
            </p>
          )}
          <form onSubmit={onSubmit} noValidate>
            <FormAlert message={formError} />
            <KindChoice value={kind} onChange={setKind} />
            <TextField
              label={t("field.companyName")}
              name="companyName"
              value={name}
              onValue={(value) => {
                setName(value);
                if (!slugEdited) setSlug(slugify(value));
              }}
              error={errors.name}
              autoComplete="organization"
              required
            />
            {kind === "supplier" && (
              <>
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
                <p className="muted">{t("onboarding.supplierNote")}</p>
              </>
            )}
            <SelectField
              label={t("onboarding.currency")}
              value={currency}
              onValue={setCurrency}
              options={CURRENCIES.map((code) => ({ value: code, label: `${code} (${money(1234.5, code)})` }))}
            />
            <div className="form-actions">
              <SubmitButton busy={busy}>{t("onboarding.submit")}</SubmitButton>
            </div>
          </form>
        </div>
      </main>
    </div>
  );
}
