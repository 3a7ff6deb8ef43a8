import { useMemo } from "react";
import { Button } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { useLatest } from "../../../lib/useLatest";
import type { BuyerLocation, LocationKind } from "../api/locations";

const column = columnHelper<BuyerLocation>();

export interface LocationActions {
  edit: (location: BuyerLocation) => void;
  remove: (location: BuyerLocation) => void;
  makeDefault: (location: BuyerLocation, kind: LocationKind) => void;
}

function address(l: BuyerLocation): string {
  return [l.line1, l.line2, [l.postal_code, l.city].filter(Boolean).join(" "), l.region, l.country].filter(Boolean).join(", ");
}

/** The company's locations: name, kinds and defaults, address, contact, tax id; edit controls for managers. */
export function LocationsTable({ locations, canManage, actions }: { locations: BuyerLocation[]; canManage: boolean; actions: LocationActions }) {
  const { t } = useI18n();
  const act = useLatest(actions);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", { header: t("locations.name"), sortFn: "alphanumeric" }),
        column.display({
          id: "kinds",
          header: t("locations.kinds"),
          cell: (c) => {
            const l = c.row.original;
            return (
              <ul className="plain-list">
                {l.is_ship_to && <li>{l.is_default_ship_to ? t("locations.defaultShipTo") : t("locations.shipTo")}</li>}
                {l.is_bill_to && <li>{l.is_default_bill_to ? t("locations.defaultBillTo") : t("locations.billTo")}</li>}
              </ul>
            );
          },
        }),
        column.accessor((l) => address(l), { id: "address", header: t("locations.address"), sortFn: "alphanumeric" }),
        column.accessor((l) => [l.contact_name, l.contact_email, l.contact_phone].filter(Boolean).join(" · "), { id: "contact", header: t("locations.contact") }),
        column.accessor((l) => l.tax_id ?? "", { id: "tax_id", header: t("locations.taxId") }),
        column.display({
          id: "actions",
          header: () => <span className="visually-hidden">{t("tenants.actions")}</span>,
          meta: { className: "actions" },
          cell: (c) => {
            const l = c.row.original;
            if (!canManage) return null;
            return (
              <>
                {l.is_ship_to && !l.is_default_ship_to && <Button onPress={() => act.current.makeDefault(l, "ship_to")}>{t("locations.makeDefaultShipTo")}</Button>}
                {l.is_bill_to && !l.is_default_bill_to && <Button onPress={() => act.current.makeDefault(l, "bill_to")}>{t("locations.makeDefaultBillTo")}</Button>}
                <Button onPress={() => act.current.edit(l)}>{t("locations.edit")}</Button>
                <Button tone="danger" onPress={() => act.current.remove(l)}>
                  {t("locations.delete")}
                </Button>
              </>
            );
          },
        }),
      ]),
    [t, canManage, act],
  );
  const table = useDataTable(columns, locations, (l) => l.id);
  return <DataTable table={table} caption={t("locations.list")} />;
}
