import { useEffect, useState, type FormEvent } from "react";
import { api, call, type Schemas } from "../../api/client";
import { BuyerPicker, type BuyerRef } from "../../components/BuyerPicker";
import { FormAlert, Notice, SubmitButton, TextField } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import type { Locale } from "../../i18n/format";
import { errorMessage, formErrors } from "../../lib/errors";
import { formatDecimalInput, typedDecimal } from "../../lib/decimal";
import { formatMoney } from "../../lib/money";
import { useResource } from "../../lib/useResource";
import { SupplierOnly } from "../supplier/supplier";
import { useDefaultCurrency } from "./priceListForm";
import { useCan } from "../../session/permissions";

type Customer = Schemas["CustomerOut"];
const PAGE = 20;
const SEARCH_DELAY_MS = 300;

export function Customers() {
  return <SupplierOnly>{(slug) => <CustomersPage slug={slug} />}</SupplierOnly>;
}

interface TermsDraft {
  buyer: BuyerRef | null;
  payment_terms_days: string;
  credit_limit: string;
  currency: string;
}

type TermsProblem = "buyers.required" | "validation.netDays" | "validation.creditLimit" | "validation.currency";

export function validateTerms(d: TermsDraft, locale: Locale = "en"): Partial<Record<"buyer_org_id" | "payment_terms_days" | "credit_limit" | "currency", TermsProblem>> {
  const e: ReturnType<typeof validateTerms> = {};
  if (!d.buyer) e.buyer_org_id = "buyers.required";
  if (!/^\d{1,3}$/.test(d.payment_terms_days.trim()) || Number(d.payment_terms_days) > 365) e.payment_terms_days = "validation.netDays";
  if (d.credit_limit.trim() && typedDecimal(locale, d.credit_limit, 2) === null) e.credit_limit = "validation.creditLimit";
  if (!/^[A-Z]{3}$/.test(d.currency.trim())) e.currency = "validation.currency";
  return e;
}

/** `value`, once it has stopped changing for `ms`. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function CustomersPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const [search, setSearch] = useState("");
  const q = useSettled(search.trim(), SEARCH_DELAY_MS);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const page = useResource(
    () => call(api.GET("/api/v1/suppliers/{tenant}/customers", { params: { path: { tenant: slug }, query: { limit: PAGE, offset, ...(q ? { q } : {}) } } })),
    `customers:${slug}|${offset}|${q}`,
  );

  const removeTerms = async (customer: Customer) => {
    if (!window.confirm(t("customers.confirmDelete"))) return;
    setActionError(null);
    try {
      await call(api.DELETE("/api/v1/suppliers/{tenant}/customer-terms/{buyer_org_id}", { params: { path: { tenant: slug, buyer_org_id: customer.buyer_org_id } } }));
      setNotice(t("customers.deleted"));
      page.reload();
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const saved = () => {
    setEditing(null);
    setNotice(t("customers.saved"));
    page.reload();
  };

  return (
    <div className="page">
      <h1>{t("customers.title")}</h1>
      <p className="muted">{t("customersList.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <div className="toolbar">
        <TextField
          label={t("customersList.search")}
          type="search"
          value={search}
          onValue={(v) => {
            setSearch(v);
            setOffset(0);
          }}
          maxLength={100}
        />
      </div>
      <ListState data={page.data?.items} loading={page.loading} error={page.error} onRetry={page.reload} empty={q ? t("customersList.noMatch") : t("customersList.empty")}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("customersList.company")}</th>
                  <th scope="col">{t("customers.paymentTerms")}</th>
                  <th scope="col">{t("customers.creditLimit")}</th>
                  <th scope="col">{t("customersList.segments")}</th>
                  <th scope="col">{t("customersList.priceLists")}</th>
                  <th scope="col">{t("customersList.documents")}</th>
                  <th scope="col">{t("tenants.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((customer) =>
                  editing === customer.buyer_org_id ? (
                    <tr key={customer.buyer_org_id}>
                      <td colSpan={7}>
                        <TermsForm slug={slug} customer={customer} onCancel={() => setEditing(null)} onSaved={saved} />
                      </td>
                    </tr>
                  ) : (
                    <CustomerRow key={customer.buyer_org_id} customer={customer} onEdit={() => setEditing(customer.buyer_org_id)} onRemoveTerms={() => void removeTerms(customer)} />
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
        <TermsForm slug={slug} customer={null} onSaved={saved} />
      </section>
    </div>
  );
}

function CustomerRow({ customer, onEdit, onRemoveTerms }: { customer: Customer; onEdit: () => void; onRemoveTerms: () => void }) {
  const { t, locale, number } = useI18n();
  const can = useCan();
  const name = customer.name ?? t("buyers.unknown");
  const terms = customer.terms;
  return (
    <tr>
      <td>
        {name}
        {customer.status !== "active" && (
          <>
            {" "}
            <span className={`badge badge--${customer.status === "suspended" ? "suspended" : "inactive"}`}>{t(`buyerStatus.${customer.status}`)}</span>
          </>
        )}
      </td>
      <td>{terms ? t("customers.net", { count: terms.payment_terms_days }) : "—"}</td>
      <td>{!terms ? "—" : terms.credit_limit === null ? t("customers.noLimit") : formatMoney(locale, terms.credit_limit, terms.currency)}</td>
      <td>{customer.segments.length ? customer.segments.join(", ") : "—"}</td>
      <td>{number(customer.price_list_count)}</td>
      <td>{number(customer.document_count)}</td>
      <td className="actions">
        {can("customers.manage") && customer.status !== "unknown" && (
          <button type="button" className="button" onClick={onEdit} aria-label={t(terms ? "customersList.editTermsOf" : "customersList.setTermsOf", { name })}>
            {terms ? t("app.edit") : t("customersList.setTerms")}
          </button>
        )}
        {can("customers.manage") && terms && (
          <button type="button" className="button button--danger" onClick={onRemoveTerms} aria-label={t("customersList.removeTermsOf", { name })}>
            {t("app.delete")}
          </button>
        )}
      </td>
    </tr>
  );
}

interface TermsFormProps {
  slug: string;
  customer: Customer | null;
  onSaved: () => void;
  onCancel?: () => void;
}

/** New terms start in the supplier's currency: the form opens once it is known. */
function TermsForm(props: TermsFormProps) {
  const defaultCurrency = useDefaultCurrency(props.slug);
  return defaultCurrency === undefined ? null : <TermsFormFields {...props} defaultCurrency={defaultCurrency} />;
}

function TermsFormFields({ slug, customer, onSaved, onCancel, defaultCurrency }: TermsFormProps & { defaultCurrency: string }) {
  const { t, locale } = useI18n();
  const limit = customer?.terms?.credit_limit;
  const initial: TermsDraft = {
    buyer: customer ? { id: customer.buyer_org_id, name: customer.name ?? t("buyers.unknown") } : null,
    payment_terms_days: String(customer?.terms?.payment_terms_days ?? 30),
    credit_limit: limit ? formatDecimalInput(locale, limit) : "",
    currency: customer?.terms?.currency ?? defaultCurrency,
  };
  const [draft, setDraft] = useState<TermsDraft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: "payment_terms_days" | "credit_limit" | "currency") => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateTerms(draft, locale);
    setErrors(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])));
    setFormError(null);
    if (Object.keys(local).length || !draft.buyer) return;
    setBusy(true);
    try {
      await call(
        api.PUT("/api/v1/suppliers/{tenant}/customer-terms/{buyer_org_id}", {
          params: { path: { tenant: slug, buyer_org_id: draft.buyer.id } },
          body: { payment_terms_days: Number(draft.payment_terms_days), credit_limit: typedDecimal(locale, draft.credit_limit, 2), currency: draft.currency.trim() },
        }),
      );
      if (!customer) setDraft({ ...initial, buyer: null });
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
        {customer ? (
          <p>
            <strong>{initial.buyer?.name}</strong>
          </p>
        ) : (
          <BuyerPicker slug={slug} label={t("buyers.company")} value={draft.buyer ? [draft.buyer] : []} onChange={(next) => setDraft((d) => ({ ...d, buyer: next[0] ?? null }))} error={errors.buyer_org_id} />
        )}
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
