import { describe, expect, it } from "vitest";
import { hasTierErrors, validateTiers } from "./tiers";

describe("validateTiers", () => {
  it("accepts ascending tiers with up to 6 decimals", () => {
    const errors = validateTiers([
      { min_qty: "1", unit_price: "0.085000" },
      { min_qty: "100", unit_price: "0.08" },
      { min_qty: "1000.5", unit_price: "0" },
    ]);
    expect(hasTierErrors(errors)).toBe(false);
  });

  it("flags quantities that do not increase, duplicates and empty tables", () => {
    const errors = validateTiers([
      { min_qty: "100", unit_price: "1" },
      { min_qty: "10", unit_price: "2" },
      { min_qty: "100.0", unit_price: "3" },
    ]);
    expect(errors.rows[0]).toEqual({});
    expect(errors.rows[1]?.min_qty).toBe("tiers.notAscending");
    expect(errors.rows[2]?.min_qty).toBe("tiers.duplicate");
    expect(validateTiers([]).table).toBe("tiers.atLeastOne");
  });

  it("flags bad prices and quantities per field", () => {
    const errors = validateTiers([
      { min_qty: "0", unit_price: "1.1234567" },
      { min_qty: "", unit_price: "abc" },
      { min_qty: "5", unit_price: "" },
    ]);
    expect(errors.rows[0]).toEqual({ min_qty: "validation.positiveDecimal", unit_price: "tiers.tooManyDecimals" });
    expect(errors.rows[1]).toEqual({ min_qty: "validation.required", unit_price: "validation.price" });
    expect(errors.rows[2]).toEqual({ unit_price: "validation.required" });
  });
});
