import type { MessageKey } from "../../i18n/messages";
import type { PricedLine, RequisitionList, ToCartOut } from "./api/lists";

type Reason = NonNullable<PricedLine["reason"]>;

const REASON: Record<Reason, MessageKey> = {
  unknown_sku: "requisitions.reason.unknownSku",
  not_visible: "requisitions.reason.notVisible",
  below_minimum: "requisitions.reason.belowMinimum",
  not_pack_multiple: "requisitions.reason.notPackMultiple",
  out_of_validity: "requisitions.reason.outOfValidity",
  no_price: "requisitions.reason.noPrice",
  supplier_unavailable: "requisitions.reason.supplierUnavailable",
};

/** The message that says why a line cannot be ordered now. */
export function reasonKey(reason: Reason): MessageKey {
  return REASON[reason];
}

/** The lists of every page loaded so far, in order (a list moved between pages shows once). */
export function listsOfPages(pages: readonly { items: RequisitionList[] }[] | undefined): RequisitionList[] {
  const seen = new Set<string>();
  const lists: RequisitionList[] = [];
  for (const page of pages ?? []) {
    for (const item of page.items) {
      if (!seen.has(item.id)) {
        seen.add(item.id);
        lists.push(item);
      }
    }
  }
  return lists;
}

/** The selection kept to lines still on the list (a removed line leaves it). */
export function keptSelection(selected: ReadonlySet<string>, lines: readonly PricedLine[]): Set<string> {
  const ids = new Set(lines.map((line) => line.id));
  return new Set([...selected].filter((id) => ids.has(id)));
}

export function toggled(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Every line selected, or none when all already are. */
export function allOrNone(selected: ReadonlySet<string>, lines: readonly PricedLine[]): Set<string> {
  return lines.length > 0 && lines.every((line) => selected.has(line.id)) ? new Set() : new Set(lines.map((line) => line.id));
}

/** The suppliers of the list's lines, by name: the choices when a SKU is added for one of them. */
export function suppliersOf(lines: readonly PricedLine[]): { id: string; name: string }[] {
  const byId = new Map<string, string>();
  for (const line of lines) byId.set(line.tenant_id, line.supplier_name ?? line.supplier_slug ?? line.tenant_id);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** What "add to cart" did, in numbers, and each skipped line with its reason. */
export function cartReport(result: ToCartOut): { added: number; skipped: { sku: string; reason: MessageKey }[] } {
  return {
    added: result.added.length,
    skipped: result.skipped.map((line) => ({ sku: line.sku, reason: reasonKey(line.reason) })),
  };
}
