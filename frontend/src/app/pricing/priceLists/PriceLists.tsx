import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { loadState } from "../../../api/query";
import { useBuyerNames } from "../../../components/BuyerPicker";
import { SelectField, FormAlert } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors } from "../../../lib/forms";
import { useCan } from "../../../session/permissions";
import { SupplierOnly } from "../../supplier/supplier";
import { useCreatePriceList, usePriceLists } from "../api/priceLists";
import { useSegments } from "../api/segments";
import { Segments } from "../segments/Segments";
import { draftFromList, KINDS, newListBody, PriceListFields, useListForm, type Kind, type Segment } from "./priceListForm";
import { PriceListsTable } from "./PriceListsTable";

const PAGE = 20;

export function PriceLists() {
  return <SupplierOnly>{(slug) => <PriceListsPage slug={slug} />}</SupplierOnly>;
}

export function PriceListsPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind | "">("");
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const page = usePriceLists(slug, { kind: kind || null, limit: PAGE, offset });
  const segments = useSegments(slug);
  const names = useBuyerNames(slug, (page.data?.items ?? []).map((list) => list.buyer_org_id));
  const defaultCurrency = page.data?.default_currency;
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
            <Button tone="primary" isDisabled={!defaultCurrency} onPress={() => setCreating(true)}>
              {t("priceLists.new")}
            </Button>
          )}
        </div>
      </div>
      {creating && defaultCurrency && <NewListForm slug={slug} defaultCurrency={defaultCurrency} segments={segments.data ?? []} onCancel={() => setCreating(false)} />}
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
      <ListState data={page.data?.items} {...loadState(page)} empty={t("priceLists.empty")}>
        {(items) => <PriceListsTable lists={items} segments={segments.data ?? []} names={names} />}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={page.data?.total ?? 0} busy={page.isFetching} label={t("priceLists.pagination")} onOffset={setOffset} />
      <Segments slug={slug} segments={segments} />
    </div>
  );
}

/** A new list starts in the supplier's currency, not EUR; once created, its editor opens. */
function NewListForm({ slug, defaultCurrency, segments, onCancel }: { slug: string; defaultCurrency: string; segments: Segment[]; onCancel: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const form = useListForm(draftFromList(null, defaultCurrency));
  const create = useCreatePriceList(slug);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (draft) => {
    try {
      const created = await create.mutateAsync(newListBody(draft));
      void navigate(`/app/price-lists/${created.id}`);
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  });

  return (
    <form className="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="new-list-title">
      <h2 id="new-list-title">{t("priceLists.new")}</h2>
      <FormAlert message={errors.root?.server?.message} />
      <PriceListFields slug={slug} control={form.control} segments={segments} fixed={false} />
      <p className="muted">{t("priceLists.defaultCurrencyHint", { currency: defaultCurrency })}</p>
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {t("priceLists.create")}
        </Button>
        <Button tone="link" onPress={onCancel}>
          {t("app.cancel")}
        </Button>
      </div>
    </form>
  );
}
