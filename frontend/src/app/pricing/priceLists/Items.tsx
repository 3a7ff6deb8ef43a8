import { useMemo, useState } from "react";
import { loadState } from "../../../api/query";
import { Notice, TextField } from "../../../components/forms";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { formatMoney, formatQuantity } from "../../../lib/money";
import { usePriceListItems, useSetPriceListItems, type Item, type PriceList } from "../api/priceLists";
import { ItemForm } from "./ItemForm";

const PAGE = 25;
const column = columnHelper<Item>();

/** A list's SKUs and their tiers: find by SKU prefix, add, edit in place, remove. */
export function Items({ slug, list }: { slug: string; list: PriceList }) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const [sku, setSku] = useState("");
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<string | null>(null); // a SKU, or "" for a new item
  const [notice, setNotice] = useState<string | null>(null);
  const items = usePriceListItems(slug, list.id, { sku: query || null, limit: PAGE, offset });

  const done = (message: string, added = false) => {
    setEditing(null);
    setNotice(message);
    if (added) setSku("");
    // a filter could hide the line just added: show the whole list from the start
    if (added && (query || offset)) {
      setQuery("");
      setOffset(0);
    }
  };

  return (
    <section className="card" aria-labelledby="items-title">
      <div className="page__header">
        <h2 id="items-title">{t("items.title")}</h2>
        {editing !== "" && <Button onPress={() => setEditing("")}>{t("items.add")}</Button>}
      </div>
      <Notice message={notice} />
      {editing === "" && <ItemForm slug={slug} list={list} item={null} onCancel={() => setEditing(null)} onSaved={(s) => done(t("items.saved", { sku: s }), true)} />}
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(sku.trim());
          setOffset(0);
        }}
      >
        <TextField label={t("items.findSku")} type="search" value={sku} onValue={setSku} />
        <div className="form-actions">
          <button type="submit" className="button">
            {t("items.find")}
          </button>
        </div>
      </form>
      <ListState data={items.data?.items} {...loadState(items)} empty={t("items.empty")}>
        {(rows) => <ItemsTable slug={slug} list={list} rows={rows} editing={editing} onEdit={setEditing} onDone={done} />}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={items.data?.total ?? 0} busy={items.isFetching} label={t("items.pagination")} onOffset={setOffset} />
    </section>
  );
}

interface TableProps {
  slug: string;
  list: PriceList;
  rows: Item[];
  editing: string | null;
  onEdit: (sku: string | null) => void;
  onDone: (message: string) => void;
}

/** SKUs sort within the page; the row being edited opens its form across the columns. */
function ItemsTable({ slug, list, rows, editing, onEdit, onDone }: TableProps) {
  const { t, locale } = useI18n();
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("sku", { header: t("variants.sku"), sortFn: "alphanumeric", cell: (c) => <code>{c.getValue()}</code> }),
        column.display({
          id: "tiers",
          header: t("items.tiers"),
          cell: (c) => (
            <ul className="tiers">
              {c.row.original.tiers.map((tier) => (
                <li key={tier.min_qty}>{t("items.tierLine", { qty: formatQuantity(locale, tier.min_qty), price: formatMoney(locale, tier.unit_price, list.currency) })}</li>
              ))}
            </ul>
          ),
        }),
        column.display({
          id: "actions",
          header: t("tenants.actions"),
          meta: { className: "actions" },
          cell: (c) => {
            const item = c.row.original;
            return (
              <>
                <button type="button" className="button" onClick={() => onEdit(item.sku)} aria-label={t("items.editSku", { sku: item.sku })}>
                  {t("app.edit")}
                </button>
                <RemoveItem slug={slug} list={list} sku={item.sku} onRemoved={() => onDone(t("items.removed", { sku: item.sku }))} />
              </>
            );
          },
        }),
      ]),
    [t, locale, slug, list, onEdit, onDone],
  );
  const table = useDataTable(columns, rows, (item) => item.variant_id);
  return (
    <DataTable
      table={table}
      renderRow={(row, span) =>
        editing === row.original.sku ? (
          <tr key={row.id}>
            <td colSpan={span}>
              <ItemForm slug={slug} list={list} item={row.original} onCancel={() => onEdit(null)} onSaved={(s) => onDone(t("items.saved", { sku: s }))} />
            </td>
          </tr>
        ) : null
      }
    />
  );
}

function RemoveItem({ slug, list, sku, onRemoved }: { slug: string; list: PriceList; sku: string; onRemoved: () => void }) {
  const { t } = useI18n();
  const remove = useSetPriceListItems(slug, list.id);
  return (
    <>
      <button
        type="button"
        className="button button--danger"
        aria-label={t("items.removeSku", { sku })}
        // the promise, not mutate's callbacks: the row (and this button) is gone once the list reloads
        onClick={() => remove.mutateAsync([{ sku, tiers: [] }]).then(onRemoved, () => undefined)}
      >
        {t("app.remove")}
      </button>
      {remove.error && (
        <span role="alert" className="field__error">
          {errorMessage(t, remove.error)}
        </span>
      )}
    </>
  );
}
