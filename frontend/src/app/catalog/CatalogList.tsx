import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, call } from "../../api/client";
import { SelectField, TextField } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import type { MessageKey } from "../../i18n/messages";
import { useResource } from "../../lib/useResource";
import { ProductThumbnail } from "../../components/ProductThumbnail";
import { SupplierOnly } from "../supplier/supplier";
import { Permitted } from "../../session/Permitted";

export const CATALOG_PAGE_SIZE = 20;
export const PRODUCT_STATUSES = ["draft", "published", "archived"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
type Sort = "name" | "-name" | "created_at" | "-created_at" | "updated_at" | "-updated_at";
const SORTS: readonly { value: Sort; label: MessageKey }[] = [
  { value: "-updated_at", label: "catalog.sortUpdated" },
  { value: "name", label: "catalog.sortNameAsc" },
  { value: "-name", label: "catalog.sortNameDesc" },
  { value: "-created_at", label: "catalog.sortNewest" },
  { value: "created_at", label: "catalog.sortOldest" },
];

export function productStatusLabel(t: (k: MessageKey) => string, status: string): string {
  return PRODUCT_STATUSES.includes(status as ProductStatus) ? t(`productStatus.${status as ProductStatus}`) : status;
}

export function CatalogList() {
  return <SupplierOnly>{(slug) => <CatalogListPage slug={slug} />}</SupplierOnly>;
}

/** Supplier console: the catalog, filtered by status, searched by name or SKU prefix, sorted and paged (state in the URL). */
export function CatalogListPage({ slug }: { slug: string }) {
  const { t, date, number } = useI18n();
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

  // search a moment after the last key
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (search.trim()) next.set("q", search.trim());
      else next.delete("q");
      next.delete("offset");
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [search, q, params, setParams]);

  const page = useResource(
    () =>
      call(
        api.GET("/api/v1/suppliers/{tenant}/products", {
          params: {
            path: { tenant: slug },
            query: { status: (status || null) as ProductStatus | null, q: q || null, sort, limit: CATALOG_PAGE_SIZE, offset },
          },
        }),
      ),
    `products:${slug}|${status}|${q}|${sort}|${offset}`,
  );

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
      <ListState
        data={page.data?.items}
        loading={page.loading}
        error={page.error}
        onRetry={page.reload}
        empty={q || status ? t("catalog.noMatch") : t("catalog.empty")}
      >
        {(items) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("catalog.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t("catalog.image")}</span>
                  </th>
                  <th scope="col">{t("catalog.name")}</th>
                  <th scope="col">{t("catalog.skus")}</th>
                  <th scope="col">{t("catalog.status")}</th>
                  <th scope="col">{t("catalog.unit")}</th>
                  <th scope="col">{t("catalog.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((product) => (
                  <tr key={product.id}>
                    <td>
                      <ProductThumbnail url={product.thumbnail_url} size={40} />
                    </td>
                    <td>
                      <Link to={`/app/catalog/${product.id}`}>{product.name}</Link>
                    </td>
                    <td>
                      {(product.variants ?? []).length === 0
                        ? "—"
                        : (product.variants ?? [])
                            .slice(0, 3)
                            .map((v) => v.sku)
                            .join(", ") + ((product.variants ?? []).length > 3 ? ` +${number((product.variants ?? []).length - 3)}` : "")}
                    </td>
                    <td>
                      <span className={`badge badge--${product.status}`}>{productStatusLabel(t, product.status)}</span>
                    </td>
                    <td>{product.unit_of_measure}</td>
                    <td>
                      <time dateTime={product.updated_at}>{date(product.updated_at)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      <Pagination
        offset={offset}
        limit={CATALOG_PAGE_SIZE}
        total={page.data?.total ?? 0}
        busy={page.loading}
        label={t("catalog.pagination")}
        onOffset={(next) => update({ offset: next ? String(next) : "" })}
      />
    </div>
  );
}
