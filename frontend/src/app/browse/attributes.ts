import type { Schemas } from "../../api/client";
import type { Translate } from "../../i18n/context";
import { formatNumber, type Locale } from "../../i18n/format";

/** (kept here too: the catalog's product editor imports it from this module) */
export { useCategorySchema } from "./api/browse";

export type Attribute = Schemas["AttributeOut"];
type Category = Schemas["CategoryOut"];

/** One attribute of a variant as people read it: the schema's name, the value with its unit. */
export interface AttributeLine {
  code: string;
  label: string;
  value: string;
}

/** A value in the language: booleans as yes/no, numbers with the locale's separators and the
 * schema's unit, enum values as the schema lists them (they are the labels), anything else as text. */
export function attributeValue(t: Translate, locale: Locale, definition: Attribute | undefined, value: unknown): string {
  if (typeof value === "boolean") return value ? t("app.yes") : t("app.no");
  if (definition?.type === "boolean" && (value === "true" || value === "false")) return value === "true" ? t("app.yes") : t("app.no");
  const unit = definition?.unit ? ` ${definition.unit}` : "";
  if (typeof value === "number") return `${formatNumber(locale, value, { maximumFractionDigits: 10 })}${unit}`;
  if (typeof value === "string") return `${value}${unit && definition?.type === "number" ? unit : ""}`;
  return JSON.stringify(value);
}

/** A variant's attributes in the schema's order with its names; codes the schema does not know
 * (products without a category keep free attributes) follow under their own code. */
export function attributeLines(t: Translate, locale: Locale, schema: readonly Attribute[], attributes: unknown): AttributeLine[] {
  const values = attributes && typeof attributes === "object" ? (attributes as Record<string, unknown>) : {};
  const known = new Map(schema.map((a) => [a.code, a]));
  const codes = [...schema.map((a) => a.code).filter((code) => code in values), ...Object.keys(values).filter((code) => !known.has(code))];
  return codes
    .filter((code) => values[code] !== null && values[code] !== undefined && values[code] !== "")
    .map((code) => ({ code, label: known.get(code)?.name ?? code, value: attributeValue(t, locale, known.get(code), values[code]) }));
}

/** "Length: 30 mm; Fully threaded: Yes", or a dash without attributes. */
export function attributeText(t: Translate, locale: Locale, schema: readonly Attribute[], attributes: unknown): string {
  return (
    attributeLines(t, locale, schema, attributes)
      .map((line) => `${line.label}: ${line.value}`)
      .join("; ") || "—"
  );
}

/** A category's effective schema from a loaded tree: its own definitions and its ancestors'
 * (the nearest wins on a code), as the server computes it (marketplaces.effective_schema). */
export function effectiveSchema(categories: readonly Category[], categoryId: string | null | undefined): Attribute[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const lineage: Category[] = [];
  for (let c = categoryId ? byId.get(categoryId) : undefined; c && lineage.length <= 10; c = c.parent_id ? byId.get(c.parent_id) : undefined) lineage.unshift(c);
  const chosen = new Map<string, Attribute>();
  for (const c of lineage) {
    for (const a of c.attributes ?? []) {
      chosen.delete(a.code);
      chosen.set(a.code, a);
    }
  }
  return [...chosen.values()];
}
