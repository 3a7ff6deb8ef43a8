import { useState } from "react";
import { Button } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { formatDecimalInput, typedDecimal } from "../../lib/decimal";
import { formatMoney, formatQuantity } from "../../lib/money";
import type { PricedLine } from "./api/cart";

interface Props {
  line: PricedLine;
  currency: string | null;
  busy: boolean;
  onQuantity: (quantity: string) => void;
  onRemove: () => void;
}

/** One cart line: an inline quantity (the user's separators), the rules, "use N" when the
 * quantity breaks them, the price, the stock band. */
export function CartLineRow({ line, currency, busy, onQuantity, onRemove }: Props) {
  const { t, locale } = useI18n();
  const [text, setText] = useState(() => formatDecimalInput(locale, line.quantity));
  const [invalid, setInvalid] = useState(false);
  const id = line.id ?? line.sku;
  const submit = () => {
    const quantity = typedDecimal(locale, text);
    if (quantity === null || Number(quantity) <= 0) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (quantity !== line.quantity) onQuantity(quantity);
  };
  const money = (amount: string | null | undefined) => (amount && currency ? formatMoney(locale, amount, currency) : "—");
  return (
    <tr className={line.problem ? "cart-line cart-line--problem" : "cart-line"}>
      <td data-label={t("cart.product")}>
        <div>
          <strong>{line.product_name ?? line.sku}</strong>
          {line.variant_name && <div className="muted">{line.variant_name}</div>}
          <code>{line.sku}</code>
        </div>
      </td>
      <td data-label={t("cart.quantity")}>
        <form
          className="cart-quantity"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <input
            id={`qty-${id}`}
            aria-label={t("cart.quantityOf", { sku: line.sku })}
            inputMode="decimal"
            value={text}
            aria-invalid={invalid || undefined}
            onChange={(event) => setText(event.target.value)}
            onBlur={submit}
            disabled={busy || line.problem === "supplier_unavailable"}
          />
          {line.unit && <span className="muted"> {line.unit}</span>}
        </form>
        {invalid && <p className="field__error">{t("cart.badQuantity")}</p>}
        {line.min_order_qty && line.pack_size && line.order_increment && (
          <p className="field__hint">
            {t("cart.rules", {
              min: formatQuantity(locale, line.min_order_qty),
              pack: formatQuantity(locale, line.pack_size),
              increment: formatQuantity(locale, line.order_increment),
            })}
          </p>
        )}
        {line.problem && <p className="field__error">{t(`cart.problem.${line.problem}`)}</p>}
        {line.suggested_quantity && (
          <Button
            tone="primary"
            aria-label={t("cart.useTitle", { quantity: formatQuantity(locale, line.suggested_quantity) })}
            isDisabled={busy}
            onPress={() => {
              const suggested = line.suggested_quantity as string;
              setText(formatDecimalInput(locale, suggested));
              onQuantity(suggested);
            }}
          >
            {t("cart.use", { quantity: formatQuantity(locale, line.suggested_quantity) })}
          </Button>
        )}
      </td>
      <td data-label={t("cart.unitPrice")}>
        {money(line.unit_price)}
        {line.next_tier_min_qty && line.next_tier_unit_price && currency && (
          <div className="muted">
            {t("cart.nextTier", { quantity: formatQuantity(locale, line.next_tier_min_qty), price: formatMoney(locale, line.next_tier_unit_price, currency) })}
          </div>
        )}
      </td>
      <td data-label={t("cart.lineTotal")}>{money(line.line_total)}</td>
      <td data-label={t("cart.stock")}>
        {line.stock ? (
          <div>
            {t(`cart.stock.${line.stock.band}`)}
            {line.stock.band !== "in_stock" && line.stock.allow_backorder && <div className="muted">{t("cart.backorder")}</div>}
            {line.stock.lead_time_days !== null && line.stock.lead_time_days > 0 && <div className="muted">{t("cart.leadTime", { count: line.stock.lead_time_days })}</div>}
          </div>
        ) : (
          "—"
        )}
      </td>
      <td>
        <Button aria-label={t("cart.removeOf", { sku: line.sku })} isDisabled={busy} onPress={onRemove}>
          {t("cart.remove")}
        </Button>
      </td>
    </tr>
  );
}
