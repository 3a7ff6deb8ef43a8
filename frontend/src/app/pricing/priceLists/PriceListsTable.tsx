import { useMemo } from "react";
import { Link } from "react-router";
import { buyerName, type useBuyerNames } from "../../../components/BuyerPicker";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { ListWarnings, type PriceList, type Segment } from "./priceListForm";

type Translate = ReturnType<typeof useI18n>["t"];

export function validityText(t: Translate, date: (d: string) => string, list: Pick<PriceList, "valid_from" | "valid_to">): string {
  if (!list.valid_from && !list.valid_to) return t("priceLists.always");
  if (list.valid_from && list.valid_to) return `${date(list.valid_from)} – ${date(list.valid_to)}`;
  if (list.valid_from) return t("priceLists.from", { date: date(list.valid_from) });
  return t("priceLists.until", { date: date(list.valid_to ?? "") });
}

export function assignmentText(t: Translate, list: PriceList, segments: Segment[], names: ReturnType<typeof useBuyerNames>): string {
  if (list.segment_id) return t("priceLists.toSegment", { name: segments.find((s) => s.id === list.segment_id)?.name ?? list.segment_id });
  if (list.buyer_org_id) return t("buyers.toBuyer", { name: buyerName(t, names, list.buyer_org_id) });
  return t("priceLists.everyone");
}

const column = columnHelper<PriceList>();

/** One page of price lists; name, kind, currency, priority and item count sort within the page. */
export function PriceListsTable({ lists, segments, names }: { lists: PriceList[]; segments: Segment[]; names: ReturnType<typeof useBuyerNames> }) {
  const { t, date, number } = useI18n();
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", { header: t("priceLists.name"), sortFn: "alphanumeric", cell: (c) => <Link to={`/app/price-lists/${c.row.original.id}`}>{c.getValue()}</Link> }),
        column.accessor("kind", { header: t("priceLists.kind"), sortFn: "alphanumeric", cell: (c) => <span className="badge">{t(`priceKind.${c.getValue()}`)}</span> }),
        column.accessor("currency", { header: t("priceLists.currency"), sortFn: "alphanumeric" }),
        column.display({ id: "validity", header: t("priceLists.validity"), cell: (c) => validityText(t, date, c.row.original) }),
        column.accessor("priority", { header: t("priceLists.priority"), sortFn: "basic", cell: (c) => number(c.getValue()) }),
        column.display({ id: "assignment", header: t("priceLists.assignment"), cell: (c) => assignmentText(t, c.row.original, segments, names) }),
        column.accessor("item_count", { header: t("priceLists.items"), sortFn: "basic", cell: (c) => number(c.getValue()) }),
        column.display({ id: "warnings", header: t("priceLists.warnings"), cell: (c) => (c.row.original.warnings?.length ? <ListWarnings list={c.row.original} /> : t("priceLists.appliesToSomebody")) }),
      ]),
    [t, date, number, segments, names],
  );
  const table = useDataTable(columns, lists, (list) => list.id);
  return <DataTable table={table} />;
}
