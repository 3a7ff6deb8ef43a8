import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert, Notice, SelectField, Spinner, SubmitButton, TextField } from "../../components/forms";
import { LoadState } from "../../components/ListState";
import { TextArea } from "../../components/TextArea";
import { useI18n } from "../../i18n/context";
import { errorMessage, formErrors } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { SupplierOnly } from "../supplier/supplier";
import { CategoryPicker } from "./CategoryPicker";
import { PRODUCT_STATUSES, type ProductStatus } from "./CatalogList";
import { Inventory } from "./Inventory";
import { MediaSection } from "./Media";
import { VariantsTable } from "./VariantsTable";
import { useCategorySchema } from "../browse/attributes";
import type { Attribute } from "./variantForm";
import { EditableIf } from "../../session/Permitted";

type Product = Schemas["ProductOut"];

export function ProductEditor() {
  const { id } = useParams();
  return <SupplierOnly>{(slug) => <ProductEditorPage slug={slug} productId={id ?? null} />}</SupplierOnly>;
}

/** Errors about the variants ("variants[HB-8].attributes.thread") as "HB-8 · Thread: required"
 * (the schema's name for an attribute code). */
export function variantProblems(fields: Record<string, string>, schema: readonly Attribute[] = []): string[] {
  const out: string[] = [];
  for (const [field, message] of Object.entries(fields)) {
    const match = /^variants\[([^\]]+)\]\.(?:attributes\.)?(.+)$/.exec(field);
    if (match) out.push(`${match[1]} · ${schema.find((a) => a.code === match[2])?.name ?? match[2]}: ${message}`);
  }
  return out;
}

export function ProductEditorPage({ slug, productId }: { slug: string; productId: string | null }) {
  const { t } = useI18n();
  const product = useResource<Product | null>(
    async () =>
      productId
        ? call(api.GET("/api/v1/suppliers/{tenant}/products/{product_id}", { params: { path: { tenant: slug, product_id: productId } } }))
        : null,
    `product:${slug}:${productId ?? "new"}`,
  );

  if (productId && product.data === undefined) {
    if (product.error !== undefined) {
      return (
        <div className="page">
          <h1>{t("catalog.editTitle")}</h1>
          <LoadState error={product.error} onRetry={product.reload} />
        </div>
      );
    }
    return (
      <div className="page">
        <Spinner />
      </div>
    );
  }
  return (
    <ProductForm
      key={product.data?.id ?? "new"}
      slug={slug}
      product={product.data ?? null}
      onSaved={(p) => product.setData(() => p)}
    />
  );
}

function ProductForm({ slug, product, onSaved }: { slug: string; product: Product | null; onSaved: (p: Product) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [name, setName] = useState(product?.name ?? "");
  const [description, setDescription] = useState(product?.description ?? "");
  const [unit, setUnit] = useState(product?.unit_of_measure ?? "pcs");
  const [status, setStatus] = useState<ProductStatus>(product?.status ?? "draft");
  const [categoryId, setCategoryId] = useState(product?.category_id ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the chosen (not yet saved) category's schema: variants can get its attributes before the
  // category is saved, which the server checks every variant against
  const schema = useCategorySchema(categoryId);

  useEffect(() => {
    document.title = `${product ? product.name : t("catalog.newTitle")} · ${t("app.name")}`;
  }, [product, t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t("validation.required");
    if (!unit.trim()) local.unit_of_measure = t("validation.required");
    else if (unit.trim().length > 20) local.unit_of_measure = t("validation.tooLong", { max: 20 });
    setErrors(local);
    setFormError(null);
    setNotice(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      if (!product) {
        const created = await call(
          api.POST("/api/v1/suppliers/{tenant}/products", {
            params: { path: { tenant: slug } },
            body: { name: name.trim(), description, unit_of_measure: unit.trim(), status, category_id: categoryId || null },
          }),
        );
        void navigate(`/app/catalog/${created.id}`, { replace: true, state: { created: true } });
        return;
      }
      const updated = await call(
        api.PATCH("/api/v1/suppliers/{tenant}/products/{product_id}", {
          params: { path: { tenant: slug, product_id: product.id } },
          body: {
            name: name.trim(),
            description,
            unit_of_measure: unit.trim(),
            status,
            category_id: categoryId || null,
            clear_category: !categoryId,
          },
        }),
      );
      onSaved({ ...updated, variants: updated.variants ?? product.variants ?? [] });
      setNotice(t("catalog.saved"));
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setErrors(fields);
      const elsewhere = variantProblems(fields, schema.data ?? []);
      setFormError(elsewhere.length ? `${t("catalog.variantsInvalid")} ${elsewhere.join("; ")}` : form);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!product || !window.confirm(t("catalog.confirmDelete", { name: product.name }))) return;
    setFormError(null);
    try {
      await call(api.DELETE("/api/v1/suppliers/{tenant}/products/{product_id}", { params: { path: { tenant: slug, product_id: product.id } } }));
      void navigate("/app/catalog", { replace: true });
    } catch (error) {
      setFormError(errorMessage(t, error));
    }
  };

  return (
    <div className="page">
      <p>
        <Link to="/app/catalog">← {t("catalog.back")}</Link>
      </p>
      <h1>{product ? t("catalog.editTitle") : t("catalog.newTitle")}</h1>
      <EditableIf action="catalog.write">
      <form className="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="product-details">
        <h2 id="product-details">{t("catalog.details")}</h2>
        <FormAlert message={formError} />
        <Notice message={notice} />
        <TextField label={t("catalog.name")} value={name} onValue={setName} error={errors.name} required maxLength={300} />
        <TextArea label={t("catalog.description")} value={description} onValue={setDescription} error={errors.description} />
        <div className="form-row">
          <TextField label={t("catalog.unit")} value={unit} onValue={setUnit} error={errors.unit_of_measure} required maxLength={20} hint={t("catalog.unitHint")} />
          <SelectField
            label={t("catalog.status")}
            value={status}
            onValue={(v) => setStatus(v as ProductStatus)}
            options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`productStatus.${s}`) }))}
            error={errors.status}
          />
        </div>
        <CategoryPicker value={categoryId} onValue={setCategoryId} error={errors.category_id} />
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel={t("app.saving")}>
            {product ? t("catalog.save") : t("catalog.create")}
          </SubmitButton>
          {product?.status === "draft" && (
            <button type="button" className="button button--danger" onClick={() => void remove()}>
              {t("catalog.delete")}
            </button>
          )}
        </div>
      </form>
      {product && (
        <>
          <VariantsTable
            slug={slug}
            product={product}
            schema={schema.data ?? []}
            onChange={(variants) => onSaved({ ...product, variants })}
          />
          <Inventory slug={slug} variants={product.variants ?? []} />
          <MediaSection slug={slug} productId={product.id} />
        </>
      )}
      </EditableIf>
    </div>
  );
}
