import { useState, type FormEvent } from "react";
import { api, call } from "../../api/client";
import { FormAlert, SubmitButton } from "../../components/forms";
import { useI18n } from "../../i18n/context";
import { formErrors } from "../../lib/errors";
import { splitValues, validateAttributes, type AttributeDraft, type Category } from "./taxonomy";

const TYPES = ["text", "number", "boolean", "enum"] as const;
const EMPTY: AttributeDraft = { code: "", name: "", type: "text", unit: "", allowed_values: "", required: false };

/** A category's own attribute definitions: a table of rows, saved as a whole. */
export function AttributeEditor({ category, onSaved }: { category: Category; onSaved: () => void }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<AttributeDraft[]>(() =>
    (category.attributes ?? []).map((a) => ({
      code: a.code,
      name: a.name,
      type: a.type,
      unit: a.unit ?? "",
      allowed_values: (a.allowed_values ?? []).join(", "),
      required: a.required,
    })),
  );
  const [errors, setErrors] = useState<Record<string, string>[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<AttributeDraft>) => setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateAttributes(rows);
    setErrors(local.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, t(v)]))));
    setFormError(null);
    if (local.some((r) => Object.keys(r).length)) {
      setFormError(t("validation.fixErrors"));
      return;
    }
    setBusy(true);
    try {
      await call(
        api.PUT("/api/v1/operator/categories/{category_id}/attributes", {
          params: { path: { category_id: category.id } },
          body: {
            attributes: rows.map((r) => ({
              code: r.code.trim(),
              name: r.name.trim(),
              type: r.type,
              unit: r.type === "number" && r.unit.trim() ? r.unit.trim() : null,
              allowed_values: r.type === "enum" ? splitValues(r.allowed_values) : null,
              required: r.required,
            })),
          },
        }),
      );
      onSaved();
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      // "attributes[2].unit" → row 2, field unit
      const byRow: Record<string, string>[] = rows.map(() => ({}));
      for (const [key, message] of Object.entries(fields)) {
        const match = /attributes\[(\d+)\]\.(\w+)/.exec(key);
        if (match) byRow[Number(match[1])]![match[2]!] = message;
      }
      setErrors(byRow);
      setFormError(form);
    } finally {
      setBusy(false);
    }
  };

  const cell = (i: number, field: string, label: string, input: React.ReactNode) => {
    const error = errors[i]?.[field];
    return (
      <td>
        <label className="visually-hidden" htmlFor={`attr-${i}-${field}`}>
          {label}
        </label>
        {input}
        {error && (
          <p id={`attr-${i}-${field}-error`} className="field__error">
            {error}
          </p>
        )}
      </td>
    );
  };
  const a11y = (i: number, field: string) => ({
    id: `attr-${i}-${field}`,
    "aria-invalid": errors[i]?.[field] ? true : undefined,
    "aria-describedby": errors[i]?.[field] ? `attr-${i}-${field}-error` : undefined,
  });

  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="attributes-title">
      <h3 id="attributes-title">{t("attributes.title")}</h3>
      <p className="muted">{t("attributes.intro")}</p>
      <FormAlert message={formError} />
      {rows.length === 0 ? (
        <p className="state state--empty">{t("attributes.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("attributes.code")}</th>
                <th scope="col">{t("attributes.name")}</th>
                <th scope="col">{t("attributes.type")}</th>
                <th scope="col">{t("attributes.unit")}</th>
                <th scope="col">{t("attributes.values")}</th>
                <th scope="col">{t("attributes.required")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("tenants.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const n = i + 1;
                return (
                  <tr key={i}>
                    {cell(i, "code", t("attributes.codeRow", { n }), <input {...a11y(i, "code")} value={row.code} onChange={(e) => set(i, { code: e.target.value })} />)}
                    {cell(i, "name", t("attributes.nameRow", { n }), <input {...a11y(i, "name")} value={row.name} onChange={(e) => set(i, { name: e.target.value })} />)}
                    {cell(
                      i,
                      "type",
                      t("attributes.typeRow", { n }),
                      <select {...a11y(i, "type")} value={row.type} onChange={(e) => set(i, { type: e.target.value as AttributeDraft["type"] })}>
                        {TYPES.map((type) => (
                          <option key={type} value={type}>
                            {t(`attrType.${type}`)}
                          </option>
                        ))}
                      </select>,
                    )}
                    {cell(i, "unit", t("attributes.unitRow", { n }), <input {...a11y(i, "unit")} value={row.unit} disabled={row.type !== "number"} onChange={(e) => set(i, { unit: e.target.value })} />)}
                    {cell(
                      i,
                      "allowed_values",
                      t("attributes.valuesRow", { n }),
                      <input {...a11y(i, "allowed_values")} value={row.allowed_values} disabled={row.type !== "enum"} placeholder="M6, M8, M10" onChange={(e) => set(i, { allowed_values: e.target.value })} />,
                    )}
                    <td>
                      <input type="checkbox" checked={row.required} onChange={(e) => set(i, { required: e.target.checked })} aria-label={t("attributes.requiredRow", { n })} />
                    </td>
                    <td>
                      <button type="button" className="button button--link" onClick={() => setRows((list) => list.filter((_, j) => j !== i))} aria-label={t("attributes.removeRow", { n })}>
                        {t("app.remove")}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setRows((list) => [...list, { ...EMPTY }])}>
          {t("attributes.add")}
        </button>
        <SubmitButton busy={busy} busyLabel={t("app.saving")}>
          {t("attributes.save")}
        </SubmitButton>
      </div>
    </form>
  );
}
