import { useId } from "react";
import { useI18n } from "../../../i18n/context";
import { useTaxonomies } from "../api/categories";

interface Props {
  value: string;
  onValue: (id: string) => void;
  onBlur?: () => void;
  error?: string | undefined;
}

/** A category from the marketplaces' taxonomies, grouped by marketplace and indented by depth. */
export function CategoryPicker({ value, onValue, onBlur, error }: Props) {
  const { t } = useI18n();
  const id = useId();
  const taxonomies = useTaxonomies();
  const known = taxonomies.data?.some((x) => x.categories.some((c) => c.id === value)) ?? false;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{t("catalog.category")}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
        aria-busy={taxonomies.isFetching || undefined}
      >
        <option value="">{t("catalog.noCategory")}</option>
        {value && !known && <option value={value}>{taxonomies.isFetching ? t("app.loading") : t("catalog.unknownCategory")}</option>}
        {taxonomies.data?.map(({ marketplace, categories }) => (
          <optgroup key={marketplace.id} label={marketplace.name}>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {"\u00a0\u00a0".repeat(c.depth) + c.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {taxonomies.isError && !taxonomies.isFetching && (
        <p className="field__hint">
          {t("catalog.categoriesFailed")}{" "}
          <button type="button" className="button button--link" onClick={() => void taxonomies.refetch()}>
            {t("app.retry")}
          </button>
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
