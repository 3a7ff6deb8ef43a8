import type { Schemas } from "../../../api/client";
import { useI18n } from "../../../i18n/context";
import { formatMoney, formatQuantity } from "../../../lib/money";

type Variant = Schemas["PublicVariant"];
type Unavailable = Schemas["PriceUnavailable"];

/** Why there is no price: another currency and which, a list out of validity, or on request. */
function useUnavailableText(): (why: Unavailable | null | undefined, currency: string | null | undefined, short: boolean) => string {
  const { t } = useI18n();
  return (why, currency, short) => {
    if (why?.reason === "other_currency") {
      const currencies = (why.currencies ?? []).join(", ");
      return short || !currency ? t("browse.priceOtherCurrencyShort", { currencies }) : t("browse.priceOtherCurrency", { currencies, currency });
    }
    if (why?.reason === "out_of_validity") return t("browse.priceOutOfValidity");
    return t("browse.noPrice");
  };
}

/** The header of the product page's price column, with the currency the buyer trades in. */
export function PriceColumnTitle({ currency }: { currency: string | null | undefined }) {
  const { t } = useI18n();
  return <>{currency ? t("browse.pricesIn", { currency }) : t("browse.yourPrice")}</>;
}

/** A variant's price and its list's tiers, or why the buyer sees none. */
export function VariantPrice({ variant, unit, currency }: { variant: Variant; unit: string; currency: string | null | undefined }) {
  const { t, locale } = useI18n();
  const unavailable = useUnavailableText();
  const price = variant.price;
  if (!price) return <>{unavailable(variant.price_unavailable, currency, false)}</>;
  return (
    <>
      <strong>{formatMoney(locale, price.unit_price, price.currency)}</strong> / {unit}
      <ul className="tiers">
        {price.tiers.map((tier) => (
          <li key={tier.min_qty}>{t("items.tierLine", { qty: formatQuantity(locale, tier.min_qty), price: formatMoney(locale, tier.unit_price, price.currency) })}</li>
        ))}
      </ul>
    </>
  );
}
