import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, type ReactNode } from "react";
import { useFieldArray, useForm, useWatch, type UseFormRegisterReturn } from "react-hook-form";
import { z } from "zod";
import { FormAlert } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, checkedBy } from "../../../lib/forms";
import { useSetAttributes } from "../api/taxonomy";
import { splitValues, validateAttributes, type AttributeDraft, type Category } from "./taxonomy";

const TYPES = ["text", "number", "boolean", "enum"] as const;
const EMPTY: AttributeDraft = { code: "", name: "", type: "text", unit: "", allowed_values: "", required: false };

interface Draft {
  attributes: AttributeDraft[];
}

function drafts(category: Category): AttributeDraft[] {
  return (category.attributes ?? []).map((a) => ({
    code: a.code,
    name: a.name,
    type: a.type,
    unit: a.unit ?? "",
    allowed_values: (a.allowed_values ?? []).join(", "),
    required: a.required,
  }));
}

/** A category's own attribute definitions: a table of rows (useFieldArray), saved as a whole. */
export function AttributeEditor({ marketplaceId, category, onSaved }: { marketplaceId: string; category: Category; onSaved: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => {
    const row = z.object({ code: z.string(), name: z.string(), type: z.enum(TYPES), unit: z.string(), allowed_values: z.string(), required: z.boolean() });
    const rules = (draft: Draft) => {
      const found: Record<string, string> = {};
      validateAttributes(draft.attributes).forEach((errors, i) => {
        for (const [field, key] of Object.entries(errors)) found[`attributes.${i}.${field}`] = t(key);
      });
      return found;
    };
    return z.object({ attributes: z.array(row) }).superRefine(checkedBy(rules));
  }, [t]);
  const form = useForm<Draft>({ defaultValues: { attributes: drafts(category) }, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const rows = useFieldArray({ control: form.control, name: "attributes" });
  const types = useWatch({ control: form.control, name: "attributes" });
  const save = useSetAttributes(marketplaceId, category.id);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(
    async ({ attributes }) => {
      try {
        await save.mutateAsync({
          attributes: attributes.map((r) => ({
            code: r.code.trim(),
            name: r.name.trim(),
            type: r.type,
            unit: r.type === "number" && r.unit.trim() ? r.unit.trim() : null,
            allowed_values: r.type === "enum" ? splitValues(r.allowed_values) : null,
            required: r.required,
          })),
        });
        onSaved();
      } catch (error) {
        applyServerErrors(form, t, error);
      }
    },
    () => form.setError("root.server", { message: t("validation.fixErrors") }),
  );

  /** A cell's input with its hidden label and its error under it. */
  const cell = (i: number, field: keyof AttributeDraft, label: string, input: (a11y: object, registered: UseFormRegisterReturn) => ReactNode) => {
    const error = errors.attributes?.[i]?.[field]?.message;
    const id = `attr-${i}-${field}`;
    const a11y = { id, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined };
    return (
      <td>
        <label className="visually-hidden" htmlFor={id}>
          {label}
        </label>
        {input(a11y, form.register(`attributes.${i}.${field}`))}
        {error && (
          <p id={`${id}-error`} className="field__error">
            {error}
          </p>
        )}
      </td>
    );
  };

  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="attributes-title">
      <h3 id="attributes-title">{t("attributes.title")}</h3>
      <p className="muted">{t("attributes.intro")}</p>
      <FormAlert message={errors.root?.server?.message} />
      {rows.fields.length === 0 ? (
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
              {rows.fields.map((row, i) => {
                const n = i + 1;
                const type = types[i]?.type ?? row.type;
                return (
                  <tr key={row.id}>
                    {cell(i, "code", t("attributes.codeRow", { n }), (a11y, registered) => <input {...a11y} {...registered} />)}
                    {cell(i, "name", t("attributes.nameRow", { n }), (a11y, registered) => <input {...a11y} {...registered} />)}
                    {cell(i, "type", t("attributes.typeRow", { n }), (a11y, registered) => (
                      <select {...a11y} {...registered}>
                        {TYPES.map((option) => (
                          <option key={option} value={option}>
                            {t(`attrType.${option}`)}
                          </option>
                        ))}
                      </select>
                    ))}
                    {cell(i, "unit", t("attributes.unitRow", { n }), (a11y, registered) => <input {...a11y} {...registered} readOnly={type !== "number"} aria-disabled={type !== "number" || undefined} />)}
                    {cell(i, "allowed_values", t("attributes.valuesRow", { n }), (a11y, registered) => (
                      <input {...a11y} {...registered} readOnly={type !== "enum"} aria-disabled={type !== "enum" || undefined} placeholder="M6, M8, M10" />
                    ))}
                    <td>
                      <input type="checkbox" {...form.register(`attributes.${i}.required`)} aria-label={t("attributes.requiredRow", { n })} />
                    </td>
                    <td>
                      <Button tone="link" onPress={() => rows.remove(i)} aria-label={t("attributes.removeRow", { n })}>
                        {t("app.remove")}
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        <Button onPress={() => rows.append({ ...EMPTY })}>{t("attributes.add")}</Button>
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {t("attributes.save")}
        </Button>
      </div>
    </form>
  );
}
