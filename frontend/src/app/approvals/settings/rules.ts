import { z } from "zod";
import type { I18n } from "../../../i18n/context";
import type { Locale } from "../../../i18n/format";
import { formatDecimalInput, typedDecimal } from "../../../lib/decimal";
import type { ApprovalRule, ApproverRole, NewApprovalRule } from "../api/approvals";

export const ROLES: ApproverRole[] = ["approver", "admin", "owner"];
export const CONDITIONS = ["total_above", "supplier", "category"] as const;
export const MAX_LEVELS = 3;
const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface RuleValues {
  name: string;
  condition: (typeof CONDITIONS)[number];
  currency: string;
  amount: string;
  supplier_slug: string;
  category_id: string;
  levels: { roles: ApproverRole[] }[];
}

export function ruleValues(locale: Locale, rule: ApprovalRule | null): RuleValues {
  return {
    name: rule?.name ?? "",
    condition: rule?.condition ?? "total_above",
    currency: rule?.currency ?? "EUR",
    amount: rule?.amount ? formatDecimalInput(locale, rule.amount) : "",
    supplier_slug: rule?.supplier_slug ?? "",
    category_id: rule?.category_id ?? "",
    levels: rule ? rule.levels.map((l) => ({ roles: [...l.roles] })) : [{ roles: ["approver"] }],
  };
}

/** The rule's fields as its condition needs them; 1 to 3 levels, each naming a role. */
export function ruleSchema(t: I18n["t"], locale: Locale) {
  return z
    .object({
      name: z.string().trim().min(1, t("validation.required")).max(200),
      condition: z.enum(CONDITIONS),
      currency: z.string(),
      amount: z.string(),
      supplier_slug: z.string().trim(),
      category_id: z.string().trim(),
      levels: z.array(z.object({ roles: z.array(z.enum(["approver", "admin", "owner"])).min(1, t("approvalSettings.roleRequired")) })).min(1).max(MAX_LEVELS),
    })
    .superRefine((v, ctx) => {
      if (v.condition === "total_above") {
        if (!/^[A-Z]{3}$/.test(v.currency)) ctx.addIssue({ code: "custom", path: ["currency"], message: t("approvalSettings.currencyFormat") });
        if (typedDecimal(locale, v.amount, 4) === null) ctx.addIssue({ code: "custom", path: ["amount"], message: t("approvalSettings.amountFormat") });
      }
      if (v.condition === "supplier" && !SLUG_RE.test(v.supplier_slug)) ctx.addIssue({ code: "custom", path: ["supplier_slug"], message: t("approvalSettings.slugFormat") });
      if (v.condition === "category" && !v.category_id) ctx.addIssue({ code: "custom", path: ["category_id"], message: t("approvalSettings.categoryRequired") });
    })
    .transform((v): NewApprovalRule => {
      const base = { name: v.name.trim(), condition: v.condition, levels: v.levels.map((l) => ({ roles: ROLES.filter((r) => l.roles.includes(r)) })) };
      if (v.condition === "total_above") return { ...base, currency: v.currency, amount: typedDecimal(locale, v.amount, 4) ?? "" };
      if (v.condition === "supplier") return { ...base, supplier_slug: v.supplier_slug };
      return { ...base, category_id: v.category_id };
    });
}
