import { useState } from "react";
import { loadState } from "../../../api/query";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { useCan } from "../../../session/permissions";
import { useOrg } from "../../orgContext";
import { useDeleteLocation, useLocations, useSetDefaultLocation, type BuyerLocation, type LocationKind } from "../api/locations";
import { LocationForm } from "./LocationForm";
import { LocationsTable } from "./LocationsTable";

/** A buyer company's ship-to and bill-to locations: every member reads them, admins manage them. */
export function Locations() {
  const { t } = useI18n();
  const { active } = useOrg();
  const canManage = useCan()("locations.manage");
  const locations = useLocations(active.id);
  const remove = useDeleteLocation(active.id);
  const setDefault = useSetDefaultLocation(active.id);
  // null: no form; "new": adding; a location: editing it
  const [editing, setEditing] = useState<BuyerLocation | "new" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setNotice(null);
    setActionError(null);
    try {
      await work();
      setNotice(done);
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const actions = {
    edit: (l: BuyerLocation) => setEditing(l),
    remove: (l: BuyerLocation) => void run(() => remove.mutateAsync(l.id), t("locations.deleted", { name: l.name })),
    makeDefault: (l: BuyerLocation, kind: LocationKind) =>
      void run(() => setDefault.mutateAsync({ id: l.id, kind }), t(kind === "ship_to" ? "locations.nowDefaultShipTo" : "locations.nowDefaultBillTo", { name: l.name })),
  };

  return (
    <div className="page">
      <h1>{t("locations.title")}</h1>
      <p className="muted">{t("locations.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={actionError} />

      {canManage && editing === null && (
        <Button tone="primary" onPress={() => setEditing("new")}>
          {t("locations.add")}
        </Button>
      )}
      {canManage && editing !== null && (
        <section className="card">
          <h2>{editing === "new" ? t("locations.add") : t("locations.editOf", { name: editing.name })}</h2>
          <LocationForm
            key={editing === "new" ? "new" : editing.id}
            orgId={active.id}
            location={editing === "new" ? null : editing}
            onSaved={(saved) => {
              setEditing(null);
              setActionError(null);
              setNotice(t("locations.saved", { name: saved.name }));
            }}
            onCancel={() => setEditing(null)}
          />
        </section>
      )}

      <section className="card">
        <h2>{t("locations.list")}</h2>
        <ListState data={locations.data} {...loadState(locations)} empty={t("locations.empty")}>
          {(list) => <LocationsTable locations={list} canManage={canManage} actions={actions} />}
        </ListState>
      </section>
    </div>
  );
}
