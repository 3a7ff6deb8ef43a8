import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useSearchParamQuery } from "../../../lib/useSearchParamQuery";
import { loadState } from "../../../api/query";
import { SelectField, TextField } from "../../../components/forms";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import type { MessageKey } from "../../../i18n/messages";
import { Permitted } from "../../../session/Permitted";
import { SupplierOnly } from "../../supplier/supplier";
import { useProducts } from "../api/products";
import "../catalog.css";
import { ProductsTable } from "./ProductsTable";
import { PRODUCT_STATUSES, type ProductStatus } from "./productStatus";

export const CATALOG_PAGE_SIZE = 20;
type Sort = "name" | "-name" | "created_at" | "-created_at" | "updated_at" | "-updated_at";
const SORTS: readonly { value: Sort; label: MessageKey }[] = [
  { value: "-updated_at", label: "catalog.sortUpdated" },
  { value: "name", label: "catalog.sortNameAsc" },
  { value: "-name", label: "catalog.sortNameDesc" },
  { value: "-created_at", label: "catalog.sortNewest" },
  { value: "created_at", label: "catalog.sortOldest" },
];

export function CatalogList() {
  return <SupplierOnly>{(slug) => <CatalogListPage slug={slug} />}</SupplierOnly>;
}

/** Supplier console: the catalog, filtered by status, searched by name or SKU prefix, sorted and paged (state in the URL). */
export function CatalogListPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const q = params.get("q") ?? "";
  const sort: Sort = SORTS.find((s) => s.value === params.get("sort"))?.value ?? "-updated_at";
  const offset = Math.max(0, Number(params.get("offset") ?? "0") || 0);
  const [search, setSearch] = useState(q);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("offset" in changes)) next.delete("offset");
    setParams(next, { replace: true });
  };

  useSearchParamQuery(search, params, setParams);

  const page = useProducts(slug, { status: (status || null) as ProductStatus | null, q: q || null, sort, limit: CATALOG_PAGE_SIZE, offset });

  return (
    <div className="page">
      <div className="page__header">
        <h1>{t("catalog.title")}</h1>
        <Permitted action="catalog.write">
          <Link className="button button--primary" to="/app/catalog/new">
            {t("catalog.new")}
          </Link>
        </Permitted>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t("catalog.search")} type="search" value={search} onValue={setSearch} placeholder={t("catalog.searchPlaceholder")} />
        <SelectField
          label={t("catalog.status")}
          value={status}
          onValue={(value) => update({ status: value })}
          options={[{ value: "", label: t("catalog.allStatuses") }, ...PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`productStatus.${s}`) }))]}
        />
        <SelectField label={t("catalog.sort")} value={sort} onValue={(value) => update({ sort: value })} options={SORTS.map((s) => ({ value: s.value, label: t(s.label) }))} />
      </form>
      <ListState data={page.data?.items} {...loadState(page)} empty={q || status ? t("catalog.noMatch") : t("catalog.empty")}>
        {(items) => <ProductsTable products={items} />}
      </ListState>
      <Pagination
        offset={offset}
        limit={CATALOG_PAGE_SIZE}
        total={page.data?.total ?? 0}
        busy={page.isFetching}
        label={t("catalog.pagination")}
        onOffset={(next) => update({ offset: next ? String(next) : "" })}
      />
    </div>
  );
}
