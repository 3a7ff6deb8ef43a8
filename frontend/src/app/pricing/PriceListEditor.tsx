import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert, Notice, SubmitButton, TextField } from "../../components/forms";
import { ListState, LoadState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import { errorMessage, formErrors } from "../../lib/errors";
import { formatDecimalInput } from "../../lib/decimal";
import { formatMoney, formatQuantity } from "../../lib/money";
import { useResource } from "../../lib/useResource";
import { SKU_RE } from "../catalog/variantForm";
import { SupplierOnly } from "../supplier/supplier";
import { assignment, draftFromList, ListWarnings, PriceListFields, validateList, type ListDraft, type PriceList, type Segment } from "./priceListForm";
import { TierEditor } from "./TierEditor";
import { hasTierErrors, tiersPayload, validateTiers, type TierDraft, type TierErrors } from "./tiers";
import { EditableIf } from "../../session/Permitted";

type Item = Schemas["ItemOut"];
const PAGE = 25;

export function PriceListEditor() {
  const { id = "" } = useParams();
  return <SupplierOnly>{(slug) => <PriceListEditorPage slug={slug} listId={id} />}</SupplierOnly>;
}

function PriceListEditorPage({ slug, listId }: { slug: string; listId: string }) {
  const { t } = useI18n();
  const list = useResource(
    () => call(api.GET("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}", { params: { path: { tenant: slug, price_list_id: listId } } })),
    `price-list:${slug}:${listId}`,
  );
  const segments = useResource(() => call(api.GET("/api/v1/suppliers/{tenant}/segments", { params: { path: { tenant: slug } } })), `segments:${slug}`);
  if (!list.data) {
    return (
      <div className="page">
        <p>
          <Link to="/app/price-lists">← {t("priceLists.back")}</Link>
        </p>
        <LoadState error={list.error} onRetry={list.reload} />
      </div>
    );
  }
  return (
    <div className="page">
      <p>
        <Link to="/app/price-lists">← {t("priceLists.back")}</Link>
      </p>
      <h1>{list.data.name}</h1>
      <ListWarnings list={list.data} />
      <EditableIf action="pricing.write">
        <ListDetails key={list.data.updated_at} slug={slug} list={list.data} segments={segments.data ?? []} onSaved={(l) => list.setData(() => l)} />
        <Items slug={slug} list={list.data} onChanged={list.reload} />
      </EditableIf>
    </div>
  );
}

function ListDetails({ slug, list, segments, onSaved }: { slug: string; list: PriceList; segments: Segment[]; onSaved: (l: PriceList) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<ListDraft>(() => draftFromList(list));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateList(draft);
    setErrors(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])));
    setFormError(null);
    setNotice(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const a = assignment(draft);
      const updated = await call(
        api.PATCH("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}", {
          params: { path: { tenant: slug, price_list_id: list.id } },
          body: {
            name: draft.name.trim(),
            priority: Number(draft.priority),
            valid_from: draft.valid_from || null,
            valid_to: draft.valid_to || null,
            clear_valid_from: !draft.valid_from,
            clear_valid_to: !draft.valid_to,
            ...(a.segment_id ? { segment_id: a.segment_id } : {}),
            ...(a.buyer_org_id ? { buyer_org_id: a.buyer_org_id } : {}),
          },
        }),
      );
      onSaved(updated);
      setNotice(t("priceLists.saved"));
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      setErrors(fields);
      setFormError(form);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!window.confirm(t("priceLists.confirmDelete", { name: list.name }))) return;
    try {
      await call(api.DELETE("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}", { params: { path: { tenant: slug, price_list_id: list.id } } }));
      void navigate("/app/price-lists", { replace: true });
    } catch (error) {
      setFormError(errorMessage(t, error));
    }
  };

  return (
    <form className="card form" noValidate onSubmit={(e) => void save(e)} aria-labelledby="list-details">
      <h2 id="list-details">{t("priceLists.details")}</h2>
      <FormAlert message={formError} />
      <Notice message={notice} />
      <PriceListFields slug={slug} draft={draft} onDraft={setDraft} errors={errors} segments={segments} fixed />
      <p className="muted">{t("priceLists.fixedHint")}</p>
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={t("app.saving")}>
          {t("priceLists.save")}
        </SubmitButton>
        <button type="button" className="button button--danger" onClick={() => void remove()}>
          {t("priceLists.delete")}
        </button>
      </div>
    </form>
  );
}

export function Items({ slug, list, onChanged }: { slug: string; list: PriceList; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const [offset, setOffset] = useState(0);
  const [sku, setSku] = useState("");
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<string | null>(null); // a SKU, or "" for a new item
  const [notice, setNotice] = useState<string | null>(null);
  const items = useResource(
    () =>
      call(
        api.GET("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}/items", {
          params: { path: { tenant: slug, price_list_id: list.id }, query: { sku: query || null, limit: PAGE, offset } },
        }),
      ),
    `items:${list.id}|${query}|${offset}`,
  );

  const done = (message: string, added = false) => {
    setEditing(null);
    setNotice(message);
    if (added) setSku("");
    if (added && (query || offset)) {
      // a filter could hide the line just added: show the whole list from the start
      setQuery("");
      setOffset(0);
    } else {
      items.reload();
    }
    onChanged();
  };

  return (
    <section className="card" aria-labelledby="items-title">
      <div className="page__header">
        <h2 id="items-title">{t("items.title")}</h2>
        {editing !== "" && (
          <button type="button" className="button" onClick={() => setEditing("")}>
            {t("items.add")}
          </button>
        )}
      </div>
      <Notice message={notice} />
      {editing === "" && <ItemForm slug={slug} list={list} item={null} onCancel={() => setEditing(null)} onSaved={(s) => done(t("items.saved", { sku: s }), true)} />}
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(sku.trim());
          setOffset(0);
        }}
      >
        <TextField label={t("items.findSku")} type="search" value={sku} onValue={setSku} />
        <div className="form-actions">
          <button type="submit" className="button">
            {t("items.find")}
          </button>
        </div>
      </form>
      <ListState data={items.data?.items} loading={items.loading} error={items.error} onRetry={items.reload} empty={t("items.empty")}>
        {(rows) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("variants.sku")}</th>
                  <th scope="col">{t("items.tiers")}</th>
                  <th scope="col">{t("tenants.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((item) =>
                  editing === item.sku ? (
                    <tr key={item.variant_id}>
                      <td colSpan={3}>
                        <ItemForm slug={slug} list={list} item={item} onCancel={() => setEditing(null)} onSaved={(s) => done(t("items.saved", { sku: s }))} />
                      </td>
                    </tr>
                  ) : (
                    <tr key={item.variant_id}>
                      <td>
                        <code>{item.sku}</code>
                      </td>
                      <td>
                        <ul className="tiers">
                          {item.tiers.map((tier) => (
                            <li key={tier.min_qty}>
                              {t("items.tierLine", { qty: formatQuantity(locale, tier.min_qty), price: formatMoney(locale, tier.unit_price, list.currency) })}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="actions">
                        <button type="button" className="button" onClick={() => setEditing(item.sku)} aria-label={t("items.editSku", { sku: item.sku })}>
                          {t("app.edit")}
                        </button>
                        <RemoveItem slug={slug} list={list} sku={item.sku} onRemoved={() => done(t("items.removed", { sku: item.sku }))} />
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={items.data?.total ?? 0} busy={items.loading} label={t("items.pagination")} onOffset={setOffset} />
    </section>
  );
}

function RemoveItem({ slug, list, sku, onRemoved }: { slug: string; list: PriceList; sku: string; onRemoved: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button button--danger"
        aria-label={t("items.removeSku", { sku })}
        onClick={() => {
          setError(null);
          call(api.PUT("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}/items", { params: { path: { tenant: slug, price_list_id: list.id } }, body: { items: [{ sku, tiers: [] }] } }))
            .then(onRemoved)
            .catch((e: unknown) => setError(errorMessage(t, e)));
        }}
      >
        {t("app.remove")}
      </button>
      {error && (
        <span role="alert" className="field__error">
          {error}
        </span>
      )}
    </>
  );
}

export function ItemForm({ slug, list, item, onSaved, onCancel }: { slug: string; list: PriceList; item: Item | null; onSaved: (sku: string) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const [sku, setSku] = useState(item?.sku ?? "");
  const [tiers, setTiers] = useState<TierDraft[]>(() =>
    item ? item.tiers.map((x) => ({ min_qty: formatDecimalInput(locale, x.min_qty), unit_price: formatDecimalInput(locale, x.unit_price) })) : [{ min_qty: "1", unit_price: "" }],
  );
  const [skuError, setSkuError] = useState<string | undefined>();
  const [tierErrors, setTierErrors] = useState<TierErrors | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = validateTiers(tiers, locale);
    const skuBad = !sku.trim() ? t("validation.required") : SKU_RE.test(sku.trim()) ? undefined : t("validation.sku");
    setTierErrors(errors);
    setSkuError(skuBad);
    setFormError(null);
    if (skuBad || hasTierErrors(errors)) {
      setFormError(t("validation.fixErrors"));
      return;
    }
    setBusy(true);
    try {
      await call(
        api.PUT("/api/v1/suppliers/{tenant}/price-lists/{price_list_id}/items", {
          params: { path: { tenant: slug, price_list_id: list.id } },
          body: { items: [{ sku: sku.trim(), tiers: tiersPayload(locale, tiers) }] },
        }),
      );
      onSaved(sku.trim());
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      const skuField = Object.entries(fields).find(([k]) => k.endsWith("sku"));
      if (skuField) setSkuError(skuField[1]);
      else if ((error as { status?: number }).status === 422) setSkuError(errorMessage(t, error));
      setFormError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="subform" noValidate onSubmit={(e) => void submit(e)} aria-label={item ? t("items.editSku", { sku: item.sku }) : t("items.add")}>
      <FormAlert message={formError} />
      <TextField label={t("variants.sku")} value={sku} onValue={setSku} error={skuError} disabled={item !== null} maxLength={64} />
      <TierEditor sku={sku || "…"} currency={list.currency} tiers={tiers} errors={tierErrors} onChange={setTiers} />
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={t("app.saving")}>
          {t("items.save")}
        </SubmitButton>
        <button type="button" className="button button--link" onClick={onCancel}>
          {t("app.cancel")}
        </button>
      </div>
    </form>
  );
}
