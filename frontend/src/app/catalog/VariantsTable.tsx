import { useState, type FormEvent } from "react";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert, Notice, SelectField, SubmitButton, TextField } from "../../components/forms";
import { useI18n } from "../../i18n/context";
import { errorMessage, formErrors } from "../../lib/errors";
import { formatQuantity } from "../../lib/money";
import { attributeText } from "../browse/attributes";
import { draftFromVariant, EMPTY_VARIANT, validateVariant, variantPayload, type Attribute, type VariantDraft } from "./variantForm";

type Product = Schemas["ProductOut"];
type Variant = Schemas["VariantOut"];

interface Props {
  slug: string;
  product: Product;
  schema: Attribute[];
  onChange: (variants: Variant[]) => void;
}

/** The product's variants (SKU, attributes, pack, MOQ, increment, lead time), with add / edit / remove. */
export function VariantsTable({ slug, product, schema, onChange }: Props) {
  const { t, locale } = useI18n();
  const variants = product.variants ?? [];
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(variants.length === 0);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const remove = async (v: Variant) => {
    if (!window.confirm(t("variants.confirmDelete", { sku: v.sku }))) return;
    setActionError(null);
    try {
      await call(api.DELETE("/api/v1/suppliers/{tenant}/variants/{variant_id}", { params: { path: { tenant: slug, variant_id: v.id } } }));
      onChange(variants.filter((x) => x.id !== v.id));
      setNotice(t("variants.deleted", { sku: v.sku }));
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  return (
    <section className="card" aria-labelledby="variants-title">
      <div className="page__header">
        <h2 id="variants-title">{t("variants.title")}</h2>
        {!adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t("variants.add")}
          </button>
        )}
      </div>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      {variants.length === 0 ? (
        <p className="state state--empty">{t("variants.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("variants.sku")}</th>
                <th scope="col">{t("variants.attributes")}</th>
                <th scope="col">{t("variants.packSize")}</th>
                <th scope="col">{t("variants.moq")}</th>
                <th scope="col">{t("variants.increment")}</th>
                <th scope="col">{t("variants.leadTime")}</th>
                <th scope="col">{t("variants.status")}</th>
                <th scope="col">{t("tenants.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {variants.map((v) =>
                editing === v.id ? (
                  <tr key={v.id}>
                    <td colSpan={8}>
                      <VariantForm
                        slug={slug}
                        productId={product.id}
                        variant={v}
                        schema={schema}
                        onCancel={() => setEditing(null)}
                        onSaved={(saved) => {
                          onChange(variants.map((x) => (x.id === saved.id ? saved : x)));
                          setEditing(null);
                          setNotice(t("variants.saved", { sku: saved.sku }));
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={v.id}>
                    <td>
                      <code>{v.sku}</code>
                      {v.name && <div className="muted">{v.name}</div>}
                    </td>
                    <td>
                      {attributeText(t, locale, schema, v.attributes)}
                    </td>
                    <td>{formatQuantity(locale, v.pack_size)}</td>
                    <td>{formatQuantity(locale, v.min_order_qty)}</td>
                    <td>{formatQuantity(locale, v.order_increment)}</td>
                    <td>{t("variants.days", { count: v.lead_time_days })}</td>
                    <td>
                      <span className={`badge badge--${v.status}`}>{t(`variantStatus.${v.status}`)}</span>
                    </td>
                    <td className="actions">
                      <button type="button" className="button" onClick={() => setEditing(v.id)} aria-label={t("variants.editSku", { sku: v.sku })}>
                        {t("app.edit")}
                      </button>
                      {product.status === "draft" && (
                        <button type="button" className="button button--danger" onClick={() => void remove(v)} aria-label={t("variants.deleteSku", { sku: v.sku })}>
                          {t("app.delete")}
                        </button>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {adding && (
        <VariantForm
          slug={slug}
          productId={product.id}
          variant={null}
          schema={schema}
          onCancel={variants.length ? () => setAdding(false) : undefined}
          onSaved={(saved) => {
            onChange([...variants, saved]);
            setAdding(false);
            setNotice(t("variants.added", { sku: saved.sku }));
          }}
        />
      )}
    </section>
  );
}

interface FormProps {
  slug: string;
  productId: string;
  variant: Variant | null;
  schema: Attribute[];
  onSaved: (v: Variant) => void;
  onCancel?: (() => void) | undefined;
}

export function VariantForm({ slug, productId, variant, schema, onSaved, onCancel }: FormProps) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<VariantDraft>(() => (variant ? draftFromVariant(variant, locale) : EMPTY_VARIANT));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Omit<VariantDraft, "attributes">) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const setAttr = (code: string) => (value: string) => setDraft((d) => ({ ...d, attributes: { ...d.attributes, [code]: value } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateVariant(draft, schema, locale);
    setErrors(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])));
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const body = variantPayload(draft, schema, locale);
      const saved = variant
        ? await call(api.PATCH("/api/v1/suppliers/{tenant}/variants/{variant_id}", { params: { path: { tenant: slug, variant_id: variant.id } }, body }))
        : await call(api.POST("/api/v1/suppliers/{tenant}/products/{product_id}/variants", { params: { path: { tenant: slug, product_id: productId } }, body }));
      onSaved(saved);
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      if ((error as { status?: number }).status === 409) fields.sku = t("variants.skuTaken");
      setErrors(fields);
      setFormError(Object.keys(fields).length ? t("validation.fixErrors") : form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-label={variant ? t("variants.editSku", { sku: variant.sku }) : t("variants.add")}>
      <h3>{variant ? t("variants.editSku", { sku: variant.sku }) : t("variants.add")}</h3>
      <FormAlert message={formError} />
      <div className="form-grid">
        <TextField label={t("variants.sku")} value={draft.sku} onValue={set("sku")} error={errors.sku} required maxLength={64} />
        <TextField label={t("variants.name")} value={draft.name} onValue={set("name")} error={errors.name} />
        <TextField label={t("variants.packSize")} value={draft.pack_size} onValue={set("pack_size")} error={errors.pack_size} inputMode="decimal" />
        <TextField label={t("variants.moq")} value={draft.min_order_qty} onValue={set("min_order_qty")} error={errors.min_order_qty} inputMode="decimal" />
        <TextField label={t("variants.increment")} value={draft.order_increment} onValue={set("order_increment")} error={errors.order_increment} inputMode="decimal" />
        <TextField label={t("variants.leadTimeDays")} value={draft.lead_time_days} onValue={set("lead_time_days")} error={errors.lead_time_days} inputMode="numeric" />
        <SelectField
          label={t("variants.status")}
          value={draft.status}
          onValue={(v) => setDraft((d) => ({ ...d, status: v as VariantDraft["status"] }))}
          options={[
            { value: "active", label: t("variantStatus.active") },
            { value: "inactive", label: t("variantStatus.inactive") },
          ]}
        />
        {schema.map((attr) => {
          const label = `${attr.name}${attr.unit ? ` (${attr.unit})` : ""}${attr.required ? " *" : ""}`;
          const error = errors[`attributes.${attr.code}`];
          const value = draft.attributes[attr.code] ?? "";
          if (attr.type === "enum" || attr.type === "boolean") {
            const options =
              attr.type === "boolean"
                ? [
                    { value: "true", label: t("app.yes") },
                    { value: "false", label: t("app.no") },
                  ]
                : (attr.allowed_values ?? []).map((v) => ({ value: v, label: v }));
            return <SelectField key={attr.code} label={label} value={value} onValue={setAttr(attr.code)} error={error} options={[{ value: "", label: "—" }, ...options]} />;
          }
          return <TextField key={attr.code} label={label} value={value} onValue={setAttr(attr.code)} error={error} inputMode={attr.type === "number" ? "decimal" : undefined} />;
        })}
      </div>
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={t("app.saving")}>
          {variant ? t("variants.save") : t("variants.create")}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="button button--link" onClick={onCancel}>
            {t("app.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
