import { useEffect, useRef } from "react";
import type { FieldValues, Path, PathValue, UseFormReturn } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../api/client";
import type { I18n } from "../i18n/context";
import type { Locale } from "../i18n/format";
import type { MessageKey } from "../i18n/messages";
import { typedDecimal } from "./decimal";
import { errorMessage, fieldErrors } from "./errors";
import { slugify } from "./validation";
import "./zodUnderCsp";

/** `$.items[0].sku`, `items[0].sku` and `items.0.sku` all name react-hook-form's `items.0.sku`. */
export function formPath(field: string): string {
  return field
    .replace(/^\$\.?/, "")
    .replace(/^(body|data)\./, "")
    .replace(/\[(\w+)\]/g, ".$1")
    .replace(/^\./, "");
}

function hasPath(values: unknown, path: string): boolean {
  let here: unknown = values;
  for (const part of path.split(".")) {
    if (typeof here !== "object" || here === null || !(part in here)) return false;
    here = (here as Record<string, unknown>)[part];
  }
  return true;
}

export interface ServerErrorOptions<T extends FieldValues> {
  /** Server field paths that name a form field differently (`buyer_org_id` → `buyer`). */
  aliases?: Partial<Record<string, Path<T>>>;
  /** Where a field error the form has no field for goes (else it joins the form-level alert). */
  fallback?: Path<T>;
  /** False: no form-level alert when every complaint sits next to its field (small forms). */
  alertWithFields?: boolean;
}

/**
 * Puts a failed call's problem+json on the form: each `errors[]` entry next to the
 * field its path names, and the form-level alert in `errors.root.server` ("fix the
 * marked fields" when fields say it all, else the problem in the UI language).
 */
export function applyServerErrors<T extends FieldValues>(form: Pick<UseFormReturn<T>, "setError" | "getValues">, t: I18n["t"], error: unknown, options: ServerErrorOptions<T> = {}): void {
  const values = form.getValues();
  let placed = 0;
  let unplaced = "";
  for (const [field, message] of Object.entries(fieldErrors(t, error))) {
    const path = options.aliases?.[field] ?? options.aliases?.[formPath(field)] ?? formPath(field);
    const target = hasPath(values, path) ? path : options.fallback;
    if (target) {
      form.setError(target as Path<T>, { type: "server", message });
      placed += 1;
    } else {
      unplaced ||= message;
    }
  }
  if (placed > 0 && !unplaced && options.alertWithFields === false) return;
  const message = placed > 0 && !unplaced ? t("validation.fixErrors") : unplaced || errorMessage(t, error);
  form.setError("root.server", { type: error instanceof ApiError ? String(error.status) : "network", message });
}

/**
 * A zod check over the whole form from one of our rule functions (field → message):
 * the rules stay plain, unit-tested functions; zod puts their verdicts on the fields.
 */
export function checkedBy<T>(rules: (values: T) => Partial<Record<string, string>>) {
  return (values: T, ctx: z.RefinementCtx) => {
    for (const [field, message] of Object.entries(rules(values))) {
      if (message) ctx.addIssue({ code: "custom", path: field.split("."), message });
    }
  };
}

/**
 * A zod schema for a number typed in the UI language (lib/decimal's `parseDecimal`): its
 * output is the API's decimal string, or null for an empty optional field. `message`
 * is said when the text is not a non-negative number with at most `scale` decimals.
 */
export function decimalText(locale: Locale, { scale = 6, message, optional = false }: { scale?: number; message: string; optional?: boolean }) {
  return z.string().transform((text, ctx): string | null => {
    if (optional && !text.trim()) return null;
    const value = typedDecimal(locale, text, scale);
    if (value === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return value;
  });
}

/**
 * A zod string checked by one of lib/validation's rules (value → message key or null):
 * the same rules the unconverted forms use, said in the UI language.
 */
export function ruledText(t: I18n["t"], rule: (value: string) => MessageKey | null) {
  return z.string().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem) ctx.addIssue({ code: "custom", message: t(problem) });
  });
}

/**
 * The `target` field (a slug) follows the `source` field ("ACME Tools" → "acme-tools")
 * until the user types into it, or from the start when it came `typed` (prefilled, saved).
 */
export function useSlugFollows<T extends FieldValues>(form: UseFormReturn<T>, source: Path<T>, target: Path<T>, typed: boolean): void {
  const edited = useRef(typed);
  useEffect(() => {
    const watching = form.watch((values, { name, type }) => {
      if (name === target && type === "change") edited.current = true;
      const typed = (values as Record<string, unknown>)[source];
      if (name === source && !edited.current) form.setValue(target, slugify(typeof typed === "string" ? typed : "") as PathValue<T, Path<T>>);
    });
    return () => watching.unsubscribe();
  }, [form, source, target]);
}
