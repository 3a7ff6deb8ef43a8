import { useMemo, useState } from "react";
import { columnHelper, DataTable, useDataTable } from "../../components/kit/DataTable";
import { Button } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { formatDecimalInput, typedDecimal } from "../../lib/decimal";
import { formatMoney } from "../../lib/money";
import { useLatest } from "../../lib/useLatest";
import type { PricedLine } from "./api/lists";
import { reasonKey } from "./listLogic";

const column = columnHelper<PricedLine>();

export interface LineActions {
  toggle: (line: PricedLine) => void;
  setQuantity: (line: PricedLine, quantity: string) => void;
  remove: (line: PricedLine) => void;
}

/** A line's quantity, typed in the UI language; "Save" shows once it differs from the stored one. */
function QuantityCell({ line, canWrite, onSave }: { line: PricedLine; canWrite: boolean; onSave: (quantity: string) => void }) {
  const { t, locale } = useI18n();
  const [text, setText] = useState(formatDecimalInput(locale, line.quantity));
  const typed = typedDecimal(locale, text);
  const valid = typed !== null && Number(typed) > 0;
  if (!canWrite) return <>{formatDecimalInput(locale, line.quantity)}</>;
  return (
    <span className="inline-form">
      <input aria-label={t("requisitions.quantityOf", { sku: line.sku })} inputMode="decimal" value={text} size={8} aria-invalid={valid ? undefined : true} onChange={(e) => setText(e.target.value)} />
      {valid && typed !== line.quantity && Number(typed) !== Number(line.quantity) && <Button onPress={() => onSave(typed)}>{t("requisitions.save")}</Button>}
    </span>
  );
}

/** The list's lines priced today: select, quantity, price, stock, and why a line cannot be ordered. */
export function LinesTable({ lines, selected, canWrite, actions }: { lines: PricedLine[]; selected: ReadonlySet<string>; canWrite: boolean; actions: LineActions }) {
  const { t, locale } = useI18n();
  const act = useLatest(actions);
  const columns = useMemo(
    () =>
      column.columns([
        column.display({
          id: "select",
          header: () => <span className="visually-hidden">{t("requisitions.select")}</span>,
          cell: (c) => <input type="checkbox" aria-label={t("requisitions.selectLine", { sku: c.row.original.sku })} checked={selected.has(c.row.original.id)} onChange={() => act.current.toggle(c.row.original)} />,
        }),
        column.accessor("sku", {
          header: t("requisitions.sku"),
          sortFn: "alphanumeric",
          cell: (c) => (
            <>
              {c.getValue()}
              {c.row.original.note && <p className="muted">{c.row.original.note}</p>}
            </>
          ),
        }),
        column.accessor((l) => l.product_name ?? "", { id: "product", header: t("requisitions.product"), sortFn: "alphanumeric" }),
        column.accessor((l) => l.supplier_name ?? "", { id: "supplier", header: t("requisitions.supplier"), sortFn: "alphanumeric" }),
        column.display({
          id: "quantity",
          header: t("requisitions.quantity"),
          cell: (c) => <QuantityCell key={c.row.original.quantity} line={c.row.original} canWrite={canWrite} onSave={(q) => act.current.setQuantity(c.row.original, q)} />,
        }),
        column.accessor((l) => (l.unit_price && l.currency ? formatMoney(locale, l.unit_price, l.currency) : "—"), { id: "unit_price", header: t("requisitions.unitPrice"), meta: { className: "num" } }),
        column.accessor((l) => (l.line_total && l.currency ? formatMoney(locale, l.line_total, l.currency) : "—"), { id: "line_total", header: t("requisitions.lineTotal"), meta: { className: "num" } }),
        column.display({
          id: "status",
          header: t("requisitions.status"),
          cell: (c) => {
            const l = c.row.original;
            if (!l.orderable && l.reason) {
              return (
                <span className="badge">
                  {t(reasonKey(l.reason))}
                  {l.suggested_quantity && ` · ${t("requisitions.suggested", { quantity: formatDecimalInput(locale, l.suggested_quantity) })}`}
                </span>
              );
            }
            return <span className="badge">{t(l.stock === "in_stock" ? "requisitions.stock.in" : l.stock === "short" ? "requisitions.stock.short" : "requisitions.stock.out")}</span>;
          },
        }),
        column.display({
          id: "actions",
          header: () => <span className="visually-hidden">{t("tenants.actions")}</span>,
          meta: { className: "actions" },
          cell: (c) =>
            canWrite ? (
              <Button tone="danger" onPress={() => act.current.remove(c.row.original)}>
                {t("requisitions.remove")}
              </Button>
            ) : null,
        }),
      ]),
    [t, locale, canWrite, selected, act],
  );
  const table = useDataTable(columns, lines, (l) => l.id);
  return <DataTable table={table} caption={t("requisitions.lines")} />;
}
