import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useState } from "react";
import { useController, useForm, type Control } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { loadState } from "../../../api/query";
import { BuyerPicker, type BuyerRef } from "../../../components/BuyerPicker";
import { FormAlert, Notice, TextField } from "../../../components/forms";
import { Button, TextInput } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import type { Locale } from "../../../i18n/format";
import { formatDecimalInput, typedDecimal } from "../../../lib/decimal";
import { errorMessage } from "../../../lib/errors";
import { applyServerErrors, decimalText } from "../../../lib/forms";
import { formatMoney } from "../../../lib/money";
import { useCan } from "../../../session/permissions";
import { SupplierOnly } from "../../supplier/supplier";
import { useCustomers, useDeleteCustomerTerms, useSetCustomerTerms, type Customer } from "../api/customers";
import { useDefaultCurrency } from "../api/priceLists";
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
  const page = useCustomers(slug, { limit: PAGE, offset, ...(q ? { q } : {}) });
  const deleteTerms = useDeleteCustomerTerms(slug);

  const removeTerms = async (customer: Customer) => {
    if (!window.confirm(t("customers.confirmDelete"))) return;
    setActionError(null);
    try {
      await deleteTerms.mutateAsync(customer.buyer_org_id);
      setNotice(t("customers.deleted"));
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const saved = () => {
    setEditing(null);
    setNotice(t("customers.saved"));
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
      <ListState data={page.data?.items} {...loadState(page)} empty={q ? t("customersList.noMatch") : t("customersList.empty")}>
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
      <Pagination offset={offset} limit={PAGE} total={page.data?.total ?? 0} busy={page.isFetching} label={t("customers.pagination")} onOffset={setOffset} />
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

/** The terms form's schema: the rules of {@link validateTerms}, and the credit limit read in the UI language. */
function termsSchema(t: ReturnType<typeof useI18n>["t"], locale: Locale) {
  return z
    .object({ buyer: z.custom<BuyerRef | null>(), payment_terms_days: z.string(), credit_limit: z.string(), currency: z.string() })
    .superRefine((d, ctx) => {
      for (const [field, key] of Object.entries(validateTerms(d, locale))) ctx.addIssue({ code: "custom", path: [field === "buyer_org_id" ? "buyer" : field], message: t(key) });
    })
    .transform((d) => ({
      buyer: d.buyer as BuyerRef,
      payment_terms_days: Number(d.payment_terms_days),
      credit_limit: decimalText(locale, { scale: 2, optional: true, message: t("validation.creditLimit") }).parse(d.credit_limit),
      currency: d.currency.trim(),
    }));
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
  const schema = useMemo(() => termsSchema(t, locale), [t, locale]);
  const form = useForm<TermsDraft, unknown, z.output<typeof schema>>({ defaultValues: initial, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
  const save = useSetCustomerTerms(slug);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ buyer, ...terms }) => {
    try {
      await save.mutateAsync({ buyerOrgId: buyer.id, body: terms });
      if (!customer) form.reset({ ...initial, buyer: null });
      onSaved();
    } catch (error) {
      // a 422 without field errors is about the buyer (not a buyer company of this marketplace)
      if (error instanceof ApiError && error.status === 422 && !error.hasFieldErrors) form.setError("buyer", { message: errorMessage(t, error) });
      else applyServerErrors(form, t, error, { aliases: { buyer_org_id: "buyer" }, alertWithFields: false });
    }
  });

  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)}>
      <FormAlert message={errors.root?.server?.message} />
      <div className="form-grid">
        {customer ? (
          <p>
            <strong>{initial.buyer?.name}</strong>
          </p>
        ) : (
          <TermsBuyer slug={slug} control={form.control} />
        )}
        <TextInput control={form.control} name="payment_terms_days" label={t("customers.netDays")} inputMode="numeric" />
        <TextInput control={form.control} name="credit_limit" label={t("customers.creditLimit")} inputMode="decimal" hint={t("customers.creditHint")} />
        <TextInput control={form.control} name="currency" label={t("priceLists.currency")} maxLength={3} transform={(v) => v.toUpperCase()} />
      </div>
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {t("customers.save")}
        </Button>
        {onCancel && (
          <Button tone="link" onPress={onCancel}>
            {t("app.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}

function TermsBuyer<O>({ slug, control }: { slug: string; control: Control<TermsDraft, unknown, O> }) {
  const { t } = useI18n();
  const { field, fieldState } = useController({ control, name: "buyer" });
  return <BuyerPicker slug={slug} label={t("buyers.company")} value={field.value ? [field.value] : []} onChange={(next) => field.onChange(next[0] ?? null)} error={fieldState.error?.message} />;
}
