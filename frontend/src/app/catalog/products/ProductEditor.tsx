import { useEffect, useState } from "react";
import { useWatch } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router";
import { FormAlert, Notice, Spinner } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage, fieldErrors } from "../../../lib/errors";
import { applyServerErrors } from "../../../lib/forms";
import { EditableIf } from "../../../session/Permitted";
import { SupplierOnly } from "../../supplier/supplier";
import { useCategorySchema } from "../api/categories";
import { useCreateProduct, useDeleteProduct, useProduct, useUpdateProduct, type Product } from "../api/products";
import "../catalog.css";
import { Inventory } from "../inventory/Inventory";
import { MediaSection } from "../media/Media";
import { VariantsTable } from "../variants/VariantsTable";
import { newProductBody, productPatchBody, ProductFields, useProductForm, variantProblems } from "./productForm";

export function ProductEditor() {
  const { id } = useParams();
  return <SupplierOnly>{(slug) => <ProductEditorPage slug={slug} productId={id ?? null} />}</SupplierOnly>;
}

export function ProductEditorPage({ slug, productId }: { slug: string; productId: string | null }) {
  const { t } = useI18n();
  const product = useProduct(slug, productId);

  if (productId && product.data === undefined) {
    if (product.isError && !product.isFetching) {
      return (
        <div className="page">
          <h1>{t("catalog.editTitle")}</h1>
          <LoadState error={product.error} onRetry={() => void product.refetch()} />
        </div>
      );
    }
    return (
      <div className="page">
        <Spinner />
      </div>
    );
  }
  return <ProductForm key={product.data?.id ?? "new"} slug={slug} product={product.data ?? null} />;
}

function ProductForm({ slug, product }: { slug: string; product: Product | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const form = useProductForm(product);
  const create = useCreateProduct(slug);
  const update = useUpdateProduct(slug, product?.id ?? "");
  const remove = useDeleteProduct(slug, product?.id ?? "");
  const [notice, setNotice] = useState<string | null>(null);
  const { errors, isSubmitting } = form.formState;
  // the chosen (not yet saved) category's schema: variants can get its attributes before the
  // category is saved, which the server checks every variant against
  const categoryId = useWatch({ control: form.control, name: "category_id" });
  const schema = useCategorySchema(categoryId);

  useEffect(() => {
    document.title = `${product ? product.name : t("catalog.newTitle")} · ${t("app.name")}`;
  }, [product, t]);

  const submit = form.handleSubmit(async (draft) => {
    setNotice(null);
    try {
      if (!product) {
        const created = await create.mutateAsync(newProductBody(draft));
        void navigate(`/app/catalog/${created.id}`, { replace: true, state: { created: true } });
        return;
      }
      await update.mutateAsync(productPatchBody(draft));
      setNotice(t("catalog.saved"));
    } catch (error) {
      // the server checks every variant against a newly chosen category: name them in the alert
      applyServerErrors(form, t, error);
      const elsewhere = variantProblems(fieldErrors(t, error), schema.data ?? []);
      if (elsewhere.length) form.setError("root.server", { message: `${t("catalog.variantsInvalid")} ${elsewhere.join("; ")}` });
    }
  });

  const deleteProduct = async () => {
    if (!product || !window.confirm(t("catalog.confirmDelete", { name: product.name }))) return;
    form.clearErrors("root.server");
    try {
      await remove.mutateAsync();
      void navigate("/app/catalog", { replace: true });
    } catch (error) {
      form.setError("root.server", { message: errorMessage(t, error) });
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
          <FormAlert message={errors.root?.server?.message} />
          <Notice message={notice} />
          <ProductFields control={form.control} />
          <div className="form-actions">
            <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
              {product ? t("catalog.save") : t("catalog.create")}
            </Button>
            {product?.status === "draft" && (
              <Button tone="danger" isDisabled={remove.isPending} onPress={() => void deleteProduct()}>
                {t("catalog.delete")}
              </Button>
            )}
          </div>
        </form>
        {product && (
          <>
            <VariantsTable slug={slug} product={product} schema={schema.data ?? []} />
            <Inventory slug={slug} variants={product.variants ?? []} />
            <MediaSection slug={slug} productId={product.id} />
          </>
        )}
      </EditableIf>
    </div>
  );
}
