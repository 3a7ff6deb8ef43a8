import { Link } from "react-router";
import { useI18n } from "../../i18n/context";
import { useCan } from "../../session/permissions";
import { useOrg } from "../orgContext";
import { useCartCount } from "./api/cart";
import "./cart.css";

/** The buyer header's cart link with how many lines the cart holds. */
export function CartBadge() {
  const { t } = useI18n();
  const { active } = useOrg();
  const can = useCan();
  const shown = active.kind === "buyer" && can("orders.read");
  const count = useCartCount(active.id, shown).data?.line_count ?? 0;
  if (!shown) return null;
  return (
    <Link to="/app/cart" className="button cart-badge" aria-label={t("cart.badge", { count })}>
      <span aria-hidden="true">{t("nav.cart")}</span>
      <span className="cart-badge__count" aria-hidden="true">
        {count}
      </span>
    </Link>
  );
}
