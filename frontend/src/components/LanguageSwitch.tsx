import { useI18n } from "../i18n/context";
import { isLocale } from "../i18n/format";
import { SelectField } from "./forms";

const OPTIONS = [
  { value: "en", label: "English" },
  { value: "ro", label: "Română" },
] as const;

/** Language select; the choice is remembered in localStorage ("hansa.locale"). */
export function LanguageSwitch({ className }: { className?: string }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <SelectField
      className={className ?? "field--inline"}
      label={t("app.language")}
      value={locale}
      options={OPTIONS}
      onValue={(value) => {
        if (isLocale(value)) setLocale(value);
      }}
    />
  );
}
