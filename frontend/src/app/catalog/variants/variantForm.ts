import type { Schemas } from "../../../api/client";
import type { Locale } from "../../../i18n/format";
import type { MessageKey } from "../../../i18n/messages";
import { formatDecimalInput, isZero, parseDecimal, typedDecimal } from "../../../lib/decimal";

export type Attribute = Schemas["AttributeOut"];
export const SKU_RE = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$/;

export interface VariantDraft {
  sku: string;
  name: string;
  pack_size: string;
  min_order_qty: string;
  order_increment: string;
  lead_time_days: string;
  status: "active" | "inactive";
  attributes: Record<string, string>;
}

export const EMPTY_VARIANT: VariantDraft = {
  sku: "",
  name: "",
  pack_size: "1",
  min_order_qty: "1",
  order_increment: "1",
  lead_time_days: "0",
  status: "active",
  attributes: {},
};

/** The variant as form text; quantities in the UI language ("2,5" in Romanian). */
export function draftFromVariant(v: Schemas["VariantOut"], locale: Locale = "en"): VariantDraft {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(v.attributes as Record<string, unknown>)) {
    attributes[key] = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
  }
  return {
    sku: v.sku,
    name: v.name ?? "",
    pack_size: formatDecimalInput(locale, v.pack_size),
    min_order_qty: formatDecimalInput(locale, v.min_order_qty),
    order_increment: formatDecimalInput(locale, v.order_increment),
    lead_time_days: String(v.lead_time_days),
    status: v.status,
    attributes,
  };
}

/** Field errors (message keys) of a variant draft against the category's schema. */
export function validateVariant(d: VariantDraft, schema: readonly Attribute[], locale: Locale = "en"): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  if (!d.sku.trim()) errors.sku = "validation.required";
  else if (!SKU_RE.test(d.sku.trim())) errors.sku = "validation.sku";
  for (const key of ["pack_size", "min_order_qty", "order_increment"] as const) {
    const value = typedDecimal(locale, d[key]);
    if (value === null || isZero(value)) errors[key] = "validation.positiveDecimal";
  }
  if (!/^\d{1,4}$/.test(d.lead_time_days.trim()) || Number(d.lead_time_days) > 3650) errors.lead_time_days = "validation.leadTime";
  for (const attr of schema) {
    const value = (d.attributes[attr.code] ?? "").trim();
    const field = `attributes.${attr.code}`;
    if (!value) {
      if (attr.required) errors[field] = "validation.required";
      continue;
    }
    if (attr.type === "number" && !/^-?\d+(\.\d+)?$/.test(value)) errors[field] = "validation.number";
    if (attr.type === "enum" && !(attr.allowed_values ?? []).includes(value)) errors[field] = "validation.choice";
  }
  return errors;
}

/** The attributes object the API wants: numbers as JSON numbers, booleans as booleans, empty left out. */
export function attributesPayload(d: VariantDraft, schema: readonly Attribute[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const types = new Map(schema.map((a) => [a.code, a.type]));
  for (const [code, raw] of Object.entries(d.attributes)) {
    const value = raw.trim();
    if (!value) continue;
    const type = types.get(code);
    // attribute values (lengths, weights), not money: a JSON number is what the schema asks for
    if (type === "number") out[code] = Number(value);
    else if (type === "boolean") out[code] = value === "true";
    else out[code] = value;
  }
  return out;
}

export function variantPayload(d: VariantDraft, schema: readonly Attribute[], locale: Locale = "en") {
  const decimal = (text: string) => parseDecimal(locale, text) ?? text.trim();
  return {
    sku: d.sku.trim(),
    name: d.name.trim() || null,
    pack_size: decimal(d.pack_size),
    min_order_qty: decimal(d.min_order_qty),
    order_increment: decimal(d.order_increment),
    lead_time_days: Number(d.lead_time_days),
    status: d.status,
    attributes: attributesPayload(d, schema),
  };
}

/** The draft with a field for every attribute of the schema (a server error about one lands next to it). */
export function withSchemaAttributes(d: VariantDraft, schema: readonly Attribute[]): VariantDraft {
  return { ...d, attributes: { ...Object.fromEntries(schema.map((a) => [a.code, ""])), ...d.attributes } };
}
