import { useMemo } from "react";
import { Link } from "react-router";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { ProductThumbnail } from "../../../components/ProductThumbnail";
import { useI18n } from "../../../i18n/context";
import type { Product } from "../api/products";
import { productStatusLabel } from "./productStatus";

const column = columnHelper<Product>();
const SKUS_SHOWN = 3;

/** One page of the catalog; name, status, unit and the update time sort within the page. */
export function ProductsTable({ products }: { products: Product[] }) {
  const { t, date } = useI18n();
  const columns = useMemo(
    () =>
      column.columns([
        column.display({
          id: "image",
          header: () => <span className="visually-hidden">{t("catalog.image")}</span>,
          cell: (c) => <ProductThumbnail url={c.row.original.thumbnail_url} size={40} />,
        }),
        column.accessor("name", { header: t("catalog.name"), sortFn: "alphanumeric", cell: (c) => <Link to={`/app/catalog/${c.row.original.id}`}>{c.getValue()}</Link> }),
        column.display({ id: "skus", header: t("catalog.skus"), cell: (c) => skuText(t, c.row.original) }),
        column.accessor("status", {
          header: t("catalog.status"),
          sortFn: "alphanumeric",
          cell: (c) => <span className={`badge badge--${c.getValue()}`}>{productStatusLabel(t, c.getValue())}</span>,
        }),
        column.accessor("unit_of_measure", { header: t("catalog.unit"), sortFn: "alphanumeric" }),
        column.accessor("updated_at", { header: t("catalog.updated"), sortFn: "basic", cell: (c) => <time dateTime={c.getValue()}>{date(c.getValue())}</time> }),
      ]),
    [t, date],
  );
  const table = useDataTable(columns, products, (product) => product.id);
  return <DataTable table={table} caption={t("catalog.title")} />;
}

/** The first SKUs of a product, then how many more ("HB-1, HB-2, HB-3 +2 more"). */
function skuText(t: ReturnType<typeof useI18n>["t"], product: Product): string {
  const variants = product.variants ?? [];
  if (variants.length === 0) return "—";
  const shown = variants.slice(0, SKUS_SHOWN).map((v) => v.sku).join(", ");
  return variants.length > SKUS_SHOWN ? `${shown} ${t("catalog.moreSkus", { count: variants.length - SKUS_SHOWN })}` : shown;
}
