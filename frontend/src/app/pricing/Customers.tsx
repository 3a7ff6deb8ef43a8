import { useState, type FormEvent } from "react";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert, Notice, SubmitButton, TextField } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import { errorMessage, formErrors } from "../../lib/errors";
import { isDecimal } from "../../lib/decimal";
import { formatMoney } from "../../lib/money";
import { useResource } from "../../lib/useResource";
import { SupplierOnly } from "../supplier/supplier";
import { UUID_RE } from "./priceListForm";

type Terms = Schemas["CustomerTermsOut"];
const PAGE = 20;

export function Customers() {
  return <SupplierOnly>{(slug) => <CustomersPage slug={slug} />}</SupplierOnly>;
}

interface TermsDraft {
  buyer_org_id: string;
  payment_terms_days: string;
  credit_limit: string;
  currency: string;
}

export function validateTerms(d: TermsDraft): Record<string, "validation.uuid" | "validation.netDays" | "validation.creditLimit" | "validation.currency"> {
  const e: ReturnType<typeof validateTerms> = {};
  if (!UUID_RE.test(d.buyer_org_id.trim())) e.buyer_org_id = "validation.uuid";
  if (!/^\d{1,3}$/.test(d.payment_terms_days.trim()) || Number(d.payment_terms_days) > 365) e.payment_terms_days = "validation.netDays";
  if (d.credit_limit.trim() && !isDecimal(d.credit_limit, 2)) e.credit_limit = "validation.creditLimit";
  if (!/^[A-Z]{3}$/.test(d.currency.trim())) e.currency = "validation.currency";
  return e;
}

function CustomersPage({ slug }: { slug: string }) {
  const { t, locale, number, date } = useI18n();
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const page = useResource(
    () => call(api.GET("/api/v1/suppliers/{tenant}/customer-terms", { params: { path: { tenant: slug }, query: { limit: PAGE, offset } } })),
    `terms:${slug}|${offset}`,
  );

  const remove = async (terms: Terms) => {
    if (!window.confirm(t("customers.confirmDelete"))) return;
    setActionError(null);
    try {
      await call(api.DELETE("/api/v1/suppliers/{tenant}/customer-terms/{buyer_org_id}", { params: { path: { tenant: slug, buyer_org_id: terms.buyer_org_id } } }));
      setNotice(t("customers.deleted"));
      page.reload();
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  return (
    <div className="page">
      <h1>{t("customers.title")}</h1>
      <p className="muted">{t("customers.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <ListState data={page.data?.items} loading={page.loading} error={page.error} onRetry={page.reload} empty={t("customers.empty")}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("customers.buyer")}</th>
                  <th scope="col">{t("customers.paymentTerms")}</th>
                  <th scope="col">{t("customers.creditLimit")}</th>
                  <th scope="col">{t("catalog.updated")}</th>
                  <th scope="col">{t("tenants.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((terms) =>
                  editing === terms.buyer_org_id ? (
                    <tr key={terms.buyer_org_id}>
                      <td colSpan={5}>
                        <TermsForm
                          slug={slug}
                          terms={terms}
                          onCancel={() => setEditing(null)}
                          onSaved={() => {
                            setEditing(null);
                            setNotice(t("customers.saved"));
                            page.reload();
                          }}
                        />
                      </td>
                    </tr>
                  ) : (
                    <tr key={terms.buyer_org_id}>
                      <td>
                        <code>{terms.buyer_org_id}</code>
                      </td>
                      <td>{t("customers.net", { n: number(terms.payment_terms_days) })}</td>
                      <td>{terms.credit_limit === null ? t("customers.noLimit") : formatMoney(locale, terms.credit_limit, terms.currency)}</td>
                      <td>{date(terms.updated_at)}</td>
                      <td className="actions">
                        <button type="button" className="button" onClick={() => setEditing(terms.buyer_org_id)}>
                          {t("app.edit")}
                        </button>
                        <button type="button" className="button button--danger" onClick={() => void remove(terms)}>
                          {t("app.delete")}
                        </button>
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={page.data?.total ?? 0} busy={page.loading} label={t("customers.pagination")} onOffset={setOffset} />
      <section className="card" aria-labelledby="new-terms">
        <h2 id="new-terms">{t("customers.add")}</h2>
        <TermsForm
          slug={slug}
          terms={null}
          onSaved={() => {
            setNotice(t("customers.saved"));
            page.reload();
          }}
        />
      </section>
    </div>
  );
}

function TermsForm({ slug, terms, onSaved, onCancel }: { slug: string; terms: Terms | null; onSaved: () => void; onCancel?: () => void }) {
  const { t } = useI18n();
  const initial: TermsDraft = {
    buyer_org_id: terms?.buyer_org_id ?? "",
    payment_terms_days: String(terms?.payment_terms_days ?? 30),
    credit_limit: terms?.credit_limit ?? "",
    currency: terms?.currency ?? "EUR",
  };
  const [draft, setDraft] = useState<TermsDraft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof TermsDraft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateTerms(draft);
    setErrors(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])));
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await call(
        api.PUT("/api/v1/suppliers/{tenant}/customer-terms/{buyer_org_id}", {
          params: { path: { tenant: slug, buyer_org_id: draft.buyer_org_id.trim() } },
          body: { payment_terms_days: Number(draft.payment_terms_days), credit_limit: draft.credit_limit.trim() || null, currency: draft.currency.trim() },
        }),
      );
      if (!terms) setDraft({ ...initial, buyer_org_id: "" });
      onSaved();
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      if ((error as { status?: number }).status === 422 && !Object.keys(fields).length) fields.buyer_org_id = errorMessage(t, error);
      setErrors(fields);
      setFormError(Object.keys(fields).length ? null : form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)}>
      <FormAlert message={formError} />
      <div className="form-grid">
        <TextField label={t("customers.buyer")} value={draft.buyer_org_id} onValue={set("buyer_org_id")} error={errors.buyer_org_id} disabled={terms !== null} hint={t("priceLists.buyerHint")} />
        <TextField label={t("customers.netDays")} value={draft.payment_terms_days} onValue={set("payment_terms_days")} error={errors.payment_terms_days} inputMode="numeric" />
        <TextField label={t("customers.creditLimit")} value={draft.credit_limit} onValue={set("credit_limit")} error={errors.credit_limit} inputMode="decimal" hint={t("customers.creditHint")} />
        <TextField label={t("priceLists.currency")} value={draft.currency} onValue={(v) => set("currency")(v.toUpperCase())} error={errors.currency} maxLength={3} />
      </div>
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={t("app.saving")}>
          {t("customers.save")}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="button button--link" onClick={onCancel}>
            {t("app.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
