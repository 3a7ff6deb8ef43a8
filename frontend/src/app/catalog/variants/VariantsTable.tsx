import { useMemo, useState } from "react";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { formatQuantity } from "../../../lib/money";
import { attributeText } from "../../browse/attributes";
import type { Product, Variant } from "../api/products";
import { useDeleteVariant } from "../api/variants";
import { VariantForm } from "./VariantForm";
import type { Attribute } from "./variantForm";

interface Props {
  slug: string;
  product: Product;
  schema: Attribute[];
}

const column = columnHelper<Variant>();

/** The product's variants (SKU, attributes, pack, MOQ, increment, lead time), with add / edit / remove. */
export function VariantsTable({ slug, product, schema }: Props) {
  const { t, locale } = useI18n();
  const variants = product.variants ?? [];
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(variants.length === 0);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const { mutateAsync: deleteById } = useDeleteVariant(slug, product.id);
  const draft = product.status === "draft";

  const columns = useMemo(() => {
    const deleteVariant = async (v: Variant) => {
      if (!window.confirm(t("variants.confirmDelete", { sku: v.sku }))) return;
      setActionError(null);
      try {
        await deleteById(v.id);
        setNotice(t("variants.deleted", { sku: v.sku }));
      } catch (error) {
        setActionError(errorMessage(t, error));
      }
    };
    return column.columns([
      column.accessor("sku", {
        header: t("variants.sku"),
        sortFn: "alphanumeric",
        cell: (c) => (
          <>
            <code>{c.getValue()}</code>
            {c.row.original.name && <div className="muted">{c.row.original.name}</div>}
          </>
        ),
      }),
      column.display({ id: "attributes", header: t("variants.attributes"), cell: (c) => attributeText(t, locale, schema, c.row.original.attributes) }),
      column.accessor((v) => Number(v.pack_size), { id: "pack_size", header: t("variants.packSize"), sortFn: "basic", cell: (c) => formatQuantity(locale, c.row.original.pack_size) }),
      column.accessor((v) => Number(v.min_order_qty), { id: "min_order_qty", header: t("variants.moq"), sortFn: "basic", cell: (c) => formatQuantity(locale, c.row.original.min_order_qty) }),
      column.accessor((v) => Number(v.order_increment), { id: "order_increment", header: t("variants.increment"), sortFn: "basic", cell: (c) => formatQuantity(locale, c.row.original.order_increment) }),
      column.accessor("lead_time_days", { header: t("variants.leadTime"), sortFn: "basic", cell: (c) => t("variants.days", { count: c.getValue() }) }),
      column.accessor("status", { header: t("variants.status"), sortFn: "alphanumeric", cell: (c) => <span className={`badge badge--${c.getValue()}`}>{t(`variantStatus.${c.getValue()}`)}</span> }),
      column.display({
        id: "actions",
        header: t("tenants.actions"),
        meta: { className: "actions" },
        cell: (c) => (
          <>
            <Button onPress={() => setEditing(c.row.original.id)} aria-label={t("variants.editSku", { sku: c.row.original.sku })}>
              {t("app.edit")}
            </Button>
            {draft && (
              <Button tone="danger" onPress={() => void deleteVariant(c.row.original)} aria-label={t("variants.deleteSku", { sku: c.row.original.sku })}>
                {t("app.delete")}
              </Button>
            )}
          </>
        ),
      }),
    ]);
  }, [t, locale, schema, draft, deleteById]);
  const table = useDataTable(columns, variants, (v) => v.id);

  return (
    <section className="card" aria-labelledby="variants-title">
      <div className="page__header">
        <h2 id="variants-title">{t("variants.title")}</h2>
        {!adding && <Button onPress={() => setAdding(true)}>{t("variants.add")}</Button>}
      </div>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      {variants.length === 0 ? (
        <p className="state state--empty">{t("variants.empty")}</p>
      ) : (
        <DataTable
          table={table}
          caption={t("variants.title")}
          renderRow={(row, span) =>
            editing === row.id ? (
              <tr key={row.id}>
                <td colSpan={span}>
                  <VariantForm
                    slug={slug}
                    productId={product.id}
                    variant={row.original}
                    schema={schema}
                    onCancel={() => setEditing(null)}
                    onSaved={(saved) => {
                      setEditing(null);
                      setNotice(t("variants.saved", { sku: saved.sku }));
                    }}
                  />
                </td>
              </tr>
            ) : null
          }
        />
      )}
      {adding && (
        <VariantForm
          slug={slug}
          productId={product.id}
          variant={null}
          schema={schema}
          onCancel={variants.length ? () => setAdding(false) : undefined}
          onSaved={(saved) => {
            setAdding(false);
            setNotice(t("variants.added", { sku: saved.sku }));
          }}
        />
      )}
    </section>
  );
}
