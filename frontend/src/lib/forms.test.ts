import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { translate } from "../i18n/I18nProvider";
import type { CountedKey, MessageKey } from "../i18n/messages";
import { applyServerErrors, decimalText, formPath } from "./forms";

const t = ((key: MessageKey | CountedKey, vars?: Record<string, string | number>) => translate("en", key, vars)) as Parameters<typeof applyServerErrors>[1];

/** A stand-in for react-hook-form's setError / getValues: records what lands where. */
function fakeForm(values: Record<string, unknown>) {
  const errors: Record<string, string | undefined> = {};
  return {
    errors,
    getValues: () => values,
    setError: (name: string, error: { message?: string }) => {
      errors[name] = error.message;
    },
  };
}

const invalid = (errors: { field: string; message: string }[]) => new ApiError(422, { code: "validation", detail: "The request is not valid.", errors });

describe("problem+json field errors on a form", () => {
  it("names react-hook-form paths from the server's field paths", () => {
    expect(formPath("$.items[0].sku")).toBe("items.0.sku");
    expect(formPath("body.name")).toBe("name");
    expect(formPath("tiers.1.unit_price")).toBe("tiers.1.unit_price");
  });

  it("puts each field error next to its field and says 'correct the fields' above the form", () => {
    const form = fakeForm({ name: "", tiers: [{ min_qty: "1", unit_price: "" }] });
    applyServerErrors(form as never, t, invalid([{ field: "name", message: "must not be blank" }, { field: "$.tiers[0].unit_price", message: "too many decimals" }]));
    expect(form.errors).toEqual({ name: "must not be blank", "tiers.0.unit_price": "too many decimals", "root.server": "Please correct the highlighted fields." });
  });

  it("sends a field the form lacks to the alias or fallback, else to the form-level alert", () => {
    const aliased = fakeForm({ buyer: null });
    applyServerErrors(aliased as never, t, invalid([{ field: "buyer_org_id", message: "not a buyer" }]), { aliases: { buyer_org_id: "buyer" } });
    expect(aliased.errors.buyer).toBe("not a buyer");
    const fallback = fakeForm({ sku: "" });
    applyServerErrors(fallback as never, t, invalid([{ field: "items[0].sku", message: "unknown SKU" }]), { fallback: "sku" });
    expect(fallback.errors.sku).toBe("unknown SKU");
    const unplaced = fakeForm({ sku: "" });
    applyServerErrors(unplaced as never, t, invalid([{ field: "other", message: "is wrong" }]));
    expect(unplaced.errors).toEqual({ "root.server": "is wrong" });
  });

  it("leaves the form-level alert out beside field errors when the form asks so", () => {
    const form = fakeForm({ name: "" });
    applyServerErrors(form as never, t, invalid([{ field: "name", message: "taken" }]), { alertWithFields: false });
    expect(form.errors).toEqual({ name: "taken" });
  });

  it("says a problem without fields in the UI language", () => {
    const form = fakeForm({ name: "" });
    applyServerErrors(form as never, t, new ApiError(403, { code: "forbidden" }));
    expect(form.errors).toEqual({ "root.server": translate("en", "error.forbidden") });
  });
});

describe("decimalText (zod)", () => {
  it("reads the UI language's marks and answers the API's decimal string", () => {
    const schema = decimalText("ro", { scale: 2, message: "bad" });
    expect(schema.parse("1.234,5")).toBe("1234.5");
    expect(decimalText("en", { message: "bad" }).parse("1,234.5")).toBe("1234.5");
  });

  it("says the message for too many decimals or text, and gives null for an empty optional field", () => {
    const schema = decimalText("en", { scale: 2, message: "Use at most 2 decimals." });
    expect(schema.safeParse("1.234").error?.issues[0]?.message).toBe("Use at most 2 decimals.");
    expect(schema.safeParse("abc").success).toBe(false);
    expect(decimalText("en", { message: "x", optional: true }).parse("  ")).toBeNull();
    expect(schema.safeParse("").success).toBe(false);
  });
});
