import { Button } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { formatMoney, formatQuantity } from "../../lib/money";
import type { QuickOrderReport, QuickRowOut } from "./api/cart";
import { lineOf, shownRows, type WorkingRow } from "./quickOrder";

interface Props {
  report: QuickOrderReport;
  rows: WorkingRow[];
  busy: boolean;
  onQuantity: (index: number, quantity: string) => void;
  onSupplier: (index: number, supplier: string) => void;
}

/** The row report: rows needing the user first (a reason, a suggested quantity to accept in one
 * click, a supplier to choose), then the ready rows. */
export function QuickOrderReportTable({ report, rows, busy, onQuantity, onSupplier }: Props) {
  const { t, locale } = useI18n();
  const { rows: shown, hiddenReady } = shownRows(report);
  return (
    <div className="table-wrap table-wrap--stack">
      <table className="stack-table">
        <thead>
          <tr>
            <th scope="col">{t("quickOrder.line")}</th>
            <th scope="col">{t("cart.sku")}</th>
            <th scope="col">{t("cart.quantity")}</th>
            <th scope="col">{t("quickOrder.status")}</th>
            <th scope="col">{t("quickOrder.supplier")}</th>
            <th scope="col">{t("quickOrder.price")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <ReportRow key={row.row} row={row} line={lineOf(rows, row)} busy={busy} onQuantity={(q) => onQuantity(row.row - 1, q)} onSupplier={(s) => onSupplier(row.row - 1, s)} />
          ))}
        </tbody>
      </table>
      {hiddenReady > 0 && <p className="muted">+{formatQuantity(locale, String(hiddenReady))}</p>}
    </div>
  );
}

function ReportRow({ row, line, busy, onQuantity, onSupplier }: { row: QuickRowOut; line: number; busy: boolean; onQuantity: (quantity: string) => void; onSupplier: (supplier: string) => void }) {
  const { t, locale } = useI18n();
  const price = row.line_total && row.currency ? formatMoney(locale, row.line_total, row.currency) : "—";
  return (
    <tr className={`quick-row quick-row--${row.status}`}>
      <td data-label={t("quickOrder.line")}>{line}</td>
      <td data-label={t("cart.sku")}>
        <code>{row.sku}</code>
        {row.product_name && <div className="muted">{row.product_name}</div>}
      </td>
      <td data-label={t("cart.quantity")}>{row.quantity ? formatQuantity(locale, row.quantity) : row.quantity_text}</td>
      <td data-label={t("quickOrder.status")}>
        <div>{t(`quickOrder.status.${row.status}`)}</div>
        {row.reason && <div className="field__error">{t(`quickOrder.reason.${row.reason}`)}</div>}
        {row.suggested_quantity && (
          <Button tone="primary" isDisabled={busy} aria-label={t("cart.useTitle", { quantity: formatQuantity(locale, row.suggested_quantity) })} onPress={() => onQuantity(row.suggested_quantity as string)}>
            {t("cart.use", { quantity: formatQuantity(locale, row.suggested_quantity) })}
          </Button>
        )}
      </td>
      <td data-label={t("quickOrder.supplier")}>
        {row.status === "ambiguous" ? (
          <select aria-label={t("quickOrder.chooseSupplier", { sku: row.sku })} value="" disabled={busy} onChange={(e) => e.target.value && onSupplier(e.target.value)}>
            <option value="">{t("quickOrder.choose")}</option>
            {(row.candidates ?? []).map((c) => (
              <option key={c.supplier.slug} value={c.supplier.slug}>
                {c.unit_price && c.currency
                  ? t("quickOrder.candidate", { supplier: c.supplier.name, price: formatMoney(locale, c.unit_price, c.currency) })
                  : t("quickOrder.candidateNoPrice", { supplier: c.supplier.name })}
              </option>
            ))}
          </select>
        ) : (
          (row.supplier?.name ?? "—")
        )}
      </td>
      <td data-label={t("quickOrder.price")}>{price}</td>
    </tr>
  );
}
