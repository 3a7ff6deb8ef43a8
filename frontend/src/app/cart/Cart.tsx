import { useState } from "react";
import { Link } from "react-router";
import { FormAlert, Notice } from "../../components/forms";
import { Button } from "../../components/kit/fields";
import { LoadState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { formatMoney } from "../../lib/money";
import { useCan } from "../../session/permissions";
import { useOrg } from "../orgContext";
import { useCart, useChangeQuantity, useEmptyCart, useRemoveLine, type SupplierGroup } from "./api/cart";
import { CartLineRow } from "./CartLineRow";
import "./cart.css";

/** The user's cart in the active buyer company: one table per supplier, priced now. */
export function Cart() {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const canOrder = useCan()("orders.create");
  const cart = useCart(active.id);
  const change = useChangeQuantity(active.id);
  const remove = useRemoveLine(active.id);
  const empty = useEmptyCart(active.id);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const busy = change.isPending || remove.isPending || empty.isPending;

  const run = async (work: () => Promise<unknown>, done: string | null) => {
    setNotice(null);
    setActionError(null);
    try {
      await work();
      setNotice(done);
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const data = cart.data;
  return (
    <div className="page">
      <h1>{t("cart.title")}</h1>
      <p className="muted">{t("cart.intro")}</p>
      <p>
        <Link to="/app/quick-order">{t("cart.quickOrderLink")}</Link>
      </p>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      {!data ? (
        <LoadState error={cart.error ?? undefined} onRetry={() => void cart.refetch()} />
      ) : data.groups.length === 0 ? (
        <p className="state state--empty">{t("cart.empty")}</p>
      ) : (
        <>
          {data.groups.map((group) => (
            <SupplierSection
              key={group.supplier.id}
              group={group}
              busy={busy || !canOrder}
              onQuantity={(id, quantity) => void run(() => change.mutateAsync({ id, quantity }), null)}
              onRemove={(id, sku) => void run(() => remove.mutateAsync(id), t("cart.removed", { sku }))}
            />
          ))}
          <section className="card cart-totals" aria-labelledby="cart-totals">
            <h2 id="cart-totals">{t("cart.totals")}</h2>
            <ul>
              {data.totals.map((total) => (
                <li key={total.currency}>
                  <strong>{formatMoney(locale, total.amount, total.currency)}</strong>
                </li>
              ))}
            </ul>
            <div className="actions">
              {canOrder && (
                <Button isDisabled={busy} onPress={() => void run(() => empty.mutateAsync(undefined), t("cart.emptied"))}>
                  {t("cart.emptyCart")}
                </Button>
              )}
              {canOrder && (
                <Link className="button button--primary" to="/app/checkout">
                  {t("cart.checkout")}
                </Link>
              )}
            </div>
          </section>
        </>
      )}
    </div>
  );
}

function SupplierSection({ group, busy, onQuantity, onRemove }: { group: SupplierGroup; busy: boolean; onQuantity: (id: string, quantity: string) => void; onRemove: (id: string, sku: string) => void }) {
  const { t, locale } = useI18n();
  const titleId = `supplier-${group.supplier.id}`;
  return (
    <section className="card cart-supplier" aria-labelledby={titleId}>
      <h2 id={titleId}>{group.supplier.name || group.supplier.slug}</h2>
      {group.status !== "available" && <p className="alert alert--error">{t(`cart.supplier.${group.status}`)}</p>}
      <div className="table-wrap table-wrap--stack">
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("cart.product")}</th>
              <th scope="col">{t("cart.quantity")}</th>
              <th scope="col">{t("cart.unitPrice")}</th>
              <th scope="col">{t("cart.lineTotal")}</th>
              <th scope="col">{t("cart.stock")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("cart.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {group.lines.map((line) => (
              <CartLineRow
                key={`${line.id ?? line.sku}:${line.quantity}`}
                line={line}
                currency={group.currency}
                busy={busy}
                onQuantity={(quantity) => line.id && onQuantity(line.id, quantity)}
                onRemove={() => line.id && onRemove(line.id, line.sku)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {group.currency && (
        <p className="cart-subtotal">
          {t("cart.subtotal")}: <strong>{formatMoney(locale, group.subtotal, group.currency)}</strong>
        </p>
      )}
    </section>
  );
}
