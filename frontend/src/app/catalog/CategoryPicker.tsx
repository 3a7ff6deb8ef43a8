import { api, call, type Schemas } from "../../api/client";
import { useI18n } from "../../i18n/context";
import { useResource } from "../../lib/useResource";
import { useId } from "react";

type Category = Schemas["CategoryOut"];
type Marketplace = Schemas["MarketplaceOut"];

/** Every active vertical marketplace with its categories (the public taxonomy API). */
async function loadTaxonomies(): Promise<{ marketplace: Marketplace; categories: Category[] }[]> {
  const markets = await call(api.GET("/api/v1/marketplaces"));
  const verticals = markets.filter((m) => m.kind === "vertical" && m.status === "active");
  return Promise.all(
    verticals.map(async (marketplace) => {
      const tree = await call(api.GET("/api/v1/marketplaces/{slug}/categories", { params: { path: { slug: marketplace.slug } } }));
      return { marketplace, categories: tree.categories };
    }),
  );
}

interface Props {
  value: string;
  onValue: (id: string) => void;
  error?: string | undefined;
}

/** A category from the marketplaces' taxonomies, grouped by marketplace and indented by depth. */
export function CategoryPicker({ value, onValue, error }: Props) {
  const { t } = useI18n();
  const id = useId();
  const taxonomies = useResource(loadTaxonomies, "taxonomies");
  const known = taxonomies.data?.some((x) => x.categories.some((c) => c.id === value)) ?? false;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{t("catalog.category")}</label>
      <select id={id} value={value} onChange={(e) => onValue(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={errorId} aria-busy={taxonomies.loading || undefined}>
        <option value="">{t("catalog.noCategory")}</option>
        {value && !known && <option value={value}>{taxonomies.loading ? t("app.loading") : t("catalog.unknownCategory")}</option>}
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
      {taxonomies.error !== undefined && (
        <p className="field__hint">
          {t("catalog.categoriesFailed")}{" "}
          <button type="button" className="button button--link" onClick={taxonomies.reload}>
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
