import {
  createColumnHelper,
  createSortedRowModel,
  flexRender,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ReactTable,
  type Row,
  type RowData,
} from "@tanstack/react-table";
import type { ReactNode } from "react";
import { useI18n } from "../../i18n/context";
import "./DataTable.css";

/** What our tables do: sort by a column, client-side, within the page the API answered. */
const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
  // type only (stripped at runtime): what a column may say about its cells
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  columnMeta: {} as { className?: string },
});
type Features = typeof features;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column keeps its own value type (columnHelper.columns)
export type DataColumn<T extends RowData> = ColumnDef<Features, T, any>;

export function columnHelper<T extends RowData>() {
  return createColumnHelper<Features, T>();
}

/** A table over `rows`; `rowId` keeps a row's identity (and its open form) across sorting. */
export function useDataTable<T extends RowData>(columns: DataColumn<T>[], rows: T[], rowId: (row: T) => string) {
  return useTable({ features, columns, data: rows, getRowId: (row) => rowId(row) });
}

interface Props<T extends RowData> {
  table: ReactTable<Features, T>;
  /** A row drawn differently (an inline edit form across the columns), or null for the usual cells. */
  renderRow?: (row: Row<Features, T>, columns: number) => ReactNode | null;
  caption?: string;
}

/**
 * A dense table over TanStack Table: sortable columns get a button in their header
 * (aria-sort says the order), cells render as the column defines them.
 */
export function DataTable<T extends RowData>({ table, renderRow, caption }: Props<T>) {
  const { t } = useI18n();
  const columns = table.getAllLeafColumns().length;
  return (
    <div className="table-wrap">
      <table className="table--dense">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                    {header.column.getCanSort() ? (
                      <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()} title={t("table.sort")}>
                        {label}
                        <span className="sort-button__mark" aria-hidden="true">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => {
            const custom = renderRow?.(row, columns);
            if (custom) return custom;
            return (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
