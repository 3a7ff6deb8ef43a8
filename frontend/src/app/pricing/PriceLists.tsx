import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api, call } from "../../api/client";
import { buyerName, useBuyerNames } from "../../components/BuyerPicker";
import { FormAlert, SelectField, SubmitButton } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import { formErrors } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { SupplierOnly } from "../supplier/supplier";
import { assignment, draftFromList, KINDS, ListWarnings, PriceListFields, validateList, type Kind, type ListDraft, type PriceList, type Segment } from "./priceListForm";
import { Segments } from "./Segments";
import { useCan } from "../../session/permissions";

const PAGE = 20;

export function PriceLists() {
  return <SupplierOnly>{(slug) => <PriceListsPage slug={slug} />}</SupplierOnly>;
}

export function validityText(t: ReturnType<typeof useI18n>["t"], date: (d: string) => string, list: Pick<PriceList, "valid_from" | "valid_to">): string {
  if (!list.valid_from && !list.valid_to) return t("priceLists.always");
  if (list.valid_from && list.valid_to) return `${date(list.valid_from)} – ${date(list.valid_to)}`;
  if (list.valid_from) return t("priceLists.from", { date: date(list.valid_from) });
  return t("priceLists.until", { date: date(list.valid_to ?? "") });
}

export function assignmentText(t: ReturnType<typeof useI18n>["t"], list: PriceList, segments: Segment[], names: ReturnType<typeof useBuyerNames>): string {
  if (list.segment_id) return t("priceLists.toSegment", { name: segments.find((s) => s.id === list.segment_id)?.name ?? list.segment_id });
  if (list.buyer_org_id) return t("buyers.toBuyer", { name: buyerName(t, names, list.buyer_org_id) });
  return t("priceLists.everyone");
}

export function PriceListsPage({ slug }: { slug: string }) {
  const { t, date, number } = useI18n();
  const navigate = useNavigate();
  const [kind, setKind] = useState<Kind | "">("");
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState<ListDraft>(() => draftFromList(null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const page = useResource(
    () => call(api.GET("/api/v1/suppliers/{tenant}/price-lists", { params: { path: { tenant: slug }, query: { kind: kind || null, limit: PAGE, offset } } })),
    `price-lists:${slug}|${kind}|${offset}`,
  );
  const segments = useResource(() => call(api.GET("/api/v1/suppliers/{tenant}/segments", { params: { path: { tenant: slug } } })), `segments:${slug}`);
  const names = useBuyerNames(slug, (page.data?.items ?? []).map((list) => list.buyer_org_id));
  const defaultCurrency = page.data?.default_currency;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateList(draft);
    setErrors(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])));
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const created = await call(
        api.POST("/api/v1/suppliers/{tenant}/price-lists", {
          params: { path: { tenant: slug } },
          body: {
            name: draft.name.trim(),
            kind: draft.kind,
            currency: draft.currency.trim(),
            priority: Number(draft.priority),
            valid_from: draft.valid_from || null,
            valid_to: draft.valid_to || null,
            ...assignment(draft),
          },
        }),
      );
      void navigate(`/app/price-lists/${created.id}`);
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setErrors(fields);
      setFormError(form);
    } finally {
      setBusy(false);
    }
  };

  const can = useCan();
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t("priceLists.title")}</h1>
        <div className="form-actions">
          <Link className="button" to="/app/price-preview">
            {t("nav.pricePreview")}
          </Link>
          {!creating && can("pricing.write") && (
            <button
              type="button"
              className="button button--primary"
              disabled={!defaultCurrency}
              onClick={() => {
                setDraft(draftFromList(null, defaultCurrency)); // the supplier's currency, not EUR
                setCreating(true);
              }}
            >
              {t("priceLists.new")}
            </button>
          )}
        </div>
      </div>
      {creating && (
        <form className="card form" noValidate onSubmit={(e) => void create(e)} aria-labelledby="new-list-title">
          <h2 id="new-list-title">{t("priceLists.new")}</h2>
          <FormAlert message={formError} />
          <PriceListFields slug={slug} draft={draft} onDraft={setDraft} errors={errors} segments={segments.data ?? []} fixed={false} />
          {defaultCurrency && <p className="muted">{t("priceLists.defaultCurrencyHint", { currency: defaultCurrency })}</p>}
          <div className="form-actions">
            <SubmitButton busy={busy} busyLabel={t("app.saving")}>
              {t("priceLists.create")}
            </SubmitButton>
            <button type="button" className="button button--link" onClick={() => setCreating(false)}>
              {t("app.cancel")}
            </button>
          </div>
        </form>
      )}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t("priceLists.kind")}
          value={kind}
          onValue={(v) => {
            setKind(v as Kind | "");
            setOffset(0);
          }}
          options={[{ value: "", label: t("priceLists.allKinds") }, ...KINDS.map((k) => ({ value: k, label: t(`priceKind.${k}`) }))]}
        />
      </form>
      <ListState data={page.data?.items} loading={page.loading} error={page.error} onRetry={page.reload} empty={t("priceLists.empty")}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("priceLists.name")}</th>
                  <th scope="col">{t("priceLists.kind")}</th>
                  <th scope="col">{t("priceLists.currency")}</th>
                  <th scope="col">{t("priceLists.validity")}</th>
                  <th scope="col">{t("priceLists.priority")}</th>
                  <th scope="col">{t("priceLists.assignment")}</th>
                  <th scope="col">{t("priceLists.items")}</th>
                  <th scope="col">{t("priceLists.warnings")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((list) => (
                  <tr key={list.id}>
                    <td>
                      <Link to={`/app/price-lists/${list.id}`}>{list.name}</Link>
                    </td>
                    <td>
                      <span className="badge">{t(`priceKind.${list.kind}`)}</span>
                    </td>
                    <td>{list.currency}</td>
                    <td>{validityText(t, date, list)}</td>
                    <td>{number(list.priority)}</td>
                    <td>{assignmentText(t, list, segments.data ?? [], names)}</td>
                    <td>{number(list.item_count)}</td>
                    <td>{list.warnings?.length ? <ListWarnings list={list} /> : t("priceLists.appliesToSomebody")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={page.data?.total ?? 0} busy={page.loading} label={t("priceLists.pagination")} onOffset={setOffset} />
      <Segments slug={slug} segments={segments} />
    </div>
  );
}
