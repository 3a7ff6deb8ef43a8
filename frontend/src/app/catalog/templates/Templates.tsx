import { useState } from "react";
import type { Schemas } from "../../../api/client";
import { useI18n } from "../../../i18n/context";
import { CategoryPicker } from "../products/CategoryPicker";

type Kind = Schemas["ImportOut"]["kind"];

/** The template URL of a kind and format; with a category (products), its attribute columns are included. */
export function templateUrl(slug: string, kind: Kind, format: "csv" | "xlsx", category: string): string {
  const query = new URLSearchParams({ format });
  if (kind === "products" && category) query.set("category", category);
  return `/api/v1/suppliers/${encodeURIComponent(slug)}/imports/templates/${kind}?${query.toString()}`;
}

/** Download an empty file of the chosen kind (products: with the category's attribute columns). */
export function Templates({ slug, kind }: { slug: string; kind: Kind }) {
  const { t } = useI18n();
  const [category, setCategory] = useState("");
  return (
    <section className="card" aria-labelledby="templates-title">
      <h2 id="templates-title">{t("imports.templates")}</h2>
      <p className="muted">{t("imports.templatesIntro")}</p>
      {kind === "products" && <CategoryPicker value={category} onValue={setCategory} />}
      <div className="form-actions">
        <a className="button" href={templateUrl(slug, kind, "csv", category)} download>
          {t("imports.templateCsv")}
        </a>
        <a className="button" href={templateUrl(slug, kind, "xlsx", category)} download>
          {t("imports.templateXlsx")}
        </a>
      </div>
    </section>
  );
}
