import { useState } from "react";
import { Link } from "react-router";
import { Button } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { formatDecimalInput, typedDecimal } from "../../lib/decimal";
import { useCan } from "../../session/permissions";
import { useOrg } from "../orgContext";
import { useAddToCart } from "./api/cart";

interface Props {
  supplier: string; // the supplier's slug
  sku: string;
  quantity: string; // the smallest orderable quantity, prefilled
  label?: string;
}

/** A quantity (the user's separators) and "Add to cart", for a buyer allowed to order. */
export function AddToCart({ supplier, sku, quantity, label }: Props) {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const can = useCan();
  const canOrder = active.kind === "buyer" && can("orders.create");
  const add = useAddToCart(active.id);
  const [text, setText] = useState(() => formatDecimalInput(locale, quantity));
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  if (!canOrder) return null;
  const submit = async () => {
    const typed = typedDecimal(locale, text);
    if (typed === null || Number(typed) <= 0) return setMessage({ text: t("cart.badQuantity"), ok: false });
    try {
      await add.mutateAsync([{ supplier, sku, quantity: typed }]);
      setMessage({ text: t("cart.added"), ok: true });
    } catch (error) {
      setMessage({ text: errorMessage(t, error), ok: false });
    }
  };
  return (
    <div className="add-to-cart">
      <input aria-label={`${t("cart.addQuantity")} ${label ?? sku}`} inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} />
      <Button tone="primary" busy={add.isPending} onPress={() => void submit()} aria-label={`${t("cart.addToCart")} ${label ?? sku}`}>
        {t("cart.addToCart")}
      </Button>
      {message && (
        <span role="status" className={message.ok ? "muted" : "field__error"}>
          {message.text} {message.ok && <Link to="/app/cart">{t("cart.addedLink")}</Link>}
        </span>
      )}
    </div>
  );
}
