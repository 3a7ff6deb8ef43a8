import type { ReactNode } from "react";
import { useController, type Control } from "react-hook-form";
import { TextInput } from "../../../components/kit/fields";
import { KindChoice } from "../../../components/KindChoice";
import type { I18n } from "../../../i18n/context";
import { useI18n } from "../../../i18n/context";
import type { PendingOrg } from "../../../lib/storage";
import { validateRequired, validateSlug } from "../../../lib/validation";

/** The company a new account or an onboarding user creates. */
export interface CompanyDraft {
  kind: PendingOrg["kind"];
  companyName: string;
  slug: string;
}

/** Company name required; the supplier address (slug) only for suppliers. */
export function companyRules(t: I18n["t"], draft: CompanyDraft): Partial<Record<keyof CompanyDraft, string>> {
  const found: Partial<Record<keyof CompanyDraft, string>> = {};
  const name = validateRequired(draft.companyName);
  if (name) found.companyName = t(name);
  const slug = draft.kind === "supplier" ? validateSlug(draft.slug) : null;
  if (slug) found.slug = t(slug);
  return found;
}

/** Kind (supplier / buyer), `children` (the person's fields on sign-up), company name and, for a supplier, its address. */
export function CompanyFields<T extends CompanyDraft>({ control: wider, kind, note, children }: { control: Control<T>; kind: CompanyDraft["kind"]; note?: string | undefined; children?: ReactNode }) {
  const { t } = useI18n();
  const control = wider as unknown as Control<CompanyDraft>; // the company's fields of a wider form
  const { field } = useController({ control, name: "kind" });
  return (
    <>
      <KindChoice value={field.value} onChange={field.onChange} />
      {children}
      <TextInput control={control} name="companyName" label={t("field.companyName")} autoComplete="organization" required />
      {kind === "supplier" && (
        <>
          <TextInput
            control={control}
            name="slug"
            label={t("field.slug")}
            hint={t("field.slugHint")}
            transform={(value) => value.toLowerCase()}
            autoCapitalize="none"
            spellCheck={false}
            required
          />
          {note && <p className="muted">{note}</p>}
        </>
      )}
    </>
  );
}
