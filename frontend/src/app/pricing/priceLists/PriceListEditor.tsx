import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { loadState } from "../../../api/query";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { applyServerErrors } from "../../../lib/forms";
import { EditableIf } from "../../../session/Permitted";
import { SupplierOnly } from "../../supplier/supplier";
import { useDeletePriceList, usePriceList, useUpdatePriceList } from "../api/priceLists";
import { useSegments } from "../api/segments";
import { Items } from "./Items";
import { draftFromList, listPatchBody, ListWarnings, PriceListFields, useListForm, type PriceList, type Segment } from "./priceListForm";

export function PriceListEditor() {
  const { id = "" } = useParams();
  return <SupplierOnly>{(slug) => <PriceListEditorPage slug={slug} listId={id} />}</SupplierOnly>;
}

function PriceListEditorPage({ slug, listId }: { slug: string; listId: string }) {
  const { t } = useI18n();
  const list = usePriceList(slug, listId);
  const segments = useSegments(slug);
  if (!list.data) {
    return (
      <div className="page">
        <p>
          <Link to="/app/price-lists">← {t("priceLists.back")}</Link>
        </p>
        <LoadState {...loadState(list)} />
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
        <ListDetails key={list.data.updated_at} slug={slug} list={list.data} segments={segments.data ?? []} />
        <Items slug={slug} list={list.data} />
      </EditableIf>
    </div>
  );
}

function ListDetails({ slug, list, segments }: { slug: string; list: PriceList; segments: Segment[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const form = useListForm(draftFromList(list));
  const update = useUpdatePriceList(slug, list.id);
  const remove = useDeletePriceList(slug, list.id);
  const [notice, setNotice] = useState<string | null>(null);
  const { errors, isSubmitting } = form.formState;

  const save = form.handleSubmit(async (draft) => {
    setNotice(null);
    try {
      await update.mutateAsync(listPatchBody(draft));
      setNotice(t("priceLists.saved"));
    } catch (error) {
      applyServerErrors(form, t, error);
    }
  });

  const removeList = async () => {
    if (!window.confirm(t("priceLists.confirmDelete", { name: list.name }))) return;
    try {
      await remove.mutateAsync();
      void navigate("/app/price-lists", { replace: true });
    } catch (error) {
      form.setError("root.server", { message: errorMessage(t, error) });
    }
  };

  return (
    <form className="card form" noValidate onSubmit={(e) => void save(e)} aria-labelledby="list-details">
      <h2 id="list-details">{t("priceLists.details")}</h2>
      <FormAlert message={errors.root?.server?.message} />
      <Notice message={notice} />
      <PriceListFields slug={slug} control={form.control} segments={segments} fixed />
      <p className="muted">{t("priceLists.fixedHint")}</p>
      <div className="form-actions">
        <Button type="submit" tone="primary" busy={isSubmitting} busyLabel={t("app.saving")}>
          {t("priceLists.save")}
        </Button>
        <Button tone="danger" onPress={() => void removeList()}>
          {t("priceLists.delete")}
        </Button>
      </div>
    </form>
  );
}
