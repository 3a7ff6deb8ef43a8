import { useEffect, useMemo, useState } from "react";
import { SelectField, TextField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { TextArea } from "../../../components/TextArea";
import { useI18n } from "../../../i18n/context";
import { formatDecimalInput } from "../../../lib/decimal";
import { useMarketplaceTree } from "../../browse/api/browse";
import { useSearch } from "../../search/api/search";
import { Money } from "../shared/numbers";
import { emptyLine, type LineDraft } from "./wizard";

const DEBOUNCE_MS = 300;

/** Text that follows what is typed a moment after the last key. */
function useDebounced(text: string): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}

type Mode = "catalog" | "category" | "text";

/** "Add a line": from the marketplace's search (a supplier's SKU), a category with attributes, or free text. */
export function AddLine({ marketplace, onAdd, disabled }: { marketplace: string; onAdd: (line: LineDraft) => void; disabled: boolean }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>("catalog");
  const modes: { value: Mode; label: string }[] = [
    { value: "catalog", label: t("rfq.fromCatalog") },
    { value: "category", label: t("rfq.fromCategory") },
    { value: "text", label: t("rfq.freeText") },
  ];
  return (
    <section className="card rfq-add-line" aria-label={t("rfq.addLine")}>
      <h3>{t("rfq.addLine")}</h3>
      <div className="rfq-actions" role="radiogroup" aria-label={t("rfq.lineSource")}>
        {modes.map((m) => (
          <label key={m.value} className="checkbox">
            <input type="radio" name="rfq-line-source" checked={mode === m.value} onChange={() => setMode(m.value)} /> {m.label}
          </label>
        ))}
      </div>
      {disabled ? (
        <p className="muted">{t("rfq.pickMarketplaceFirst")}</p>
      ) : mode === "catalog" ? (
        <CatalogPicker marketplace={marketplace} onAdd={onAdd} />
      ) : mode === "category" ? (
        <CategoryPicker marketplace={marketplace} onAdd={onAdd} />
      ) : (
        <TextLine onAdd={onAdd} />
      )}
    </section>
  );
}

/** The marketplace's search as a line picker: each offer (a supplier's SKU) can become a line. */
function CatalogPicker({ marketplace, onAdd }: { marketplace: string; onAdd: (line: LineDraft) => void }) {
  const { t, locale } = useI18n();
  const [text, setText] = useState("");
  const q = useDebounced(text).trim();
  const results = useSearch(q.length >= 2 ? marketplace : "", { q, limit: 10 });
  const items = q.length >= 2 ? (results.data?.items ?? []) : [];
  return (
    <div>
      <TextField label={t("rfq.searchCatalog")} hint={t("rfq.searchCatalogHint")} type="search" value={text} onValue={setText} />
      {q.length >= 2 && results.isFetching && <p className="muted">{t("app.loading")}</p>}
      {q.length >= 2 && !results.isFetching && items.length === 0 && <p className="muted">{t("rfq.noResults")}</p>}
      <ul className="rfq-offers">
        {items.flatMap((item) =>
          item.offers.map((offer) => (
            <li key={offer.document_id}>
              <span>
                <strong>{offer.name}</strong> <code>{offer.sku}</code> <span className="muted">· {offer.supplier.name}</span>
                {offer.price && (
                  <span className="muted">
                    {" "}
                    · <Money amount={offer.price.unit_price} currency={offer.price.currency} />
                  </span>
                )}
              </span>
              <Button
                aria-label={t("rfq.addOffer", { sku: offer.sku, supplier: offer.supplier.name })}
                onPress={() =>
                  onAdd(emptyLine("sku", { tenant_id: offer.supplier.id, supplier_name: offer.supplier.name, sku: offer.sku, description: offer.name, unit: offer.unit || "pcs", quantity: formatDecimalInput(locale, offer.min_order_qty || "1") }))
                }
              >
                {t("rfq.add")}
              </Button>
            </li>
          )),
        )}
      </ul>
    </div>
  );
}

/** A category of the marketplace and values for its attributes ("M8", "zinc"): any supplier's product may answer it. */
function CategoryPicker({ marketplace, onAdd }: { marketplace: string; onAdd: (line: LineDraft) => void }) {
  const { t } = useI18n();
  const tree = useMarketplaceTree(marketplace);
  const categories = useMemo(() => tree.data?.categories ?? [], [tree.data]);
  const [categoryId, setCategoryId] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [description, setDescription] = useState("");
  const category = categories.find((c) => c.id === categoryId);
  const attributes = category?.attributes ?? [];
  return (
    <div className="form-grid">
      <SelectField
        label={t("rfq.category")}
        value={categoryId}
        onValue={(value) => {
          setCategoryId(value);
          setValues({});
        }}
        options={[{ value: "", label: "—" }, ...categories.map((c) => ({ value: c.id, label: `${"· ".repeat(c.depth)}${c.name}` }))]}
      />
      {attributes.map((attribute) =>
        attribute.type === "enum" && attribute.allowed_values?.length ? (
          <SelectField
            key={attribute.code}
            label={attribute.unit ? `${attribute.name} (${attribute.unit})` : attribute.name}
            value={values[attribute.code] ?? ""}
            onValue={(value) => setValues({ ...values, [attribute.code]: value })}
            options={[{ value: "", label: "—" }, ...attribute.allowed_values.map((v) => ({ value: v, label: v }))]}
          />
        ) : (
          <TextField
            key={attribute.code}
            label={attribute.unit ? `${attribute.name} (${attribute.unit})` : attribute.name}
            value={values[attribute.code] ?? ""}
            onValue={(value) => setValues({ ...values, [attribute.code]: value })}
          />
        ),
      )}
      <TextField label={t("rfq.description")} hint={t("rfq.categoryDescriptionHint")} value={description} onValue={setDescription} />
      <div className="rfq-actions">
        <Button
          isDisabled={!category}
          onPress={() => {
            if (!category) return;
            const chosen = Object.entries(values).filter(([, v]) => v.trim());
            const summary = chosen.map(([code, v]) => `${attributes.find((a) => a.code === code)?.name ?? code}: ${v}`).join(", ");
            onAdd(emptyLine("category", { category_id: category.id, category_name: category.name, attributes: Object.fromEntries(chosen), description: description.trim() || (summary ? `${category.name} (${summary})` : category.name) }));
            setValues({});
            setDescription("");
          }}
        >
          {t("rfq.addCategoryLine")}
        </Button>
      </div>
    </div>
  );
}

/** A free-text specification line: what it is, then quantity and unit in the line list. */
function TextLine({ onAdd }: { onAdd: (line: LineDraft) => void }) {
  const { t } = useI18n();
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <div>
      <TextArea label={t("rfq.specification")} value={description} onValue={setDescription} error={error} rows={3} maxLength={2000} />
      <Button
        onPress={() => {
          if (!description.trim()) return setError(t("rfq.v.descriptionMissing"));
          setError(undefined);
          onAdd(emptyLine("text", { description: description.trim() }));
          setDescription("");
        }}
      >
        {t("rfq.addTextLine")}
      </Button>
    </div>
  );
}
