import { describe, expect, it } from "vitest";
import { compareDecimal, isDecimal, normaliseDecimal } from "./decimal";
import { formatMoney } from "./money";

describe("decimal strings", () => {
  it("compares exactly, without floats", () => {
    expect(compareDecimal("10", "9.999999")).toBe(1);
    expect(compareDecimal("0.1", "0.10")).toBe(0);
    expect(compareDecimal("100", "1000")).toBe(-1);
    // 0.1 + 0.2 style traps: these differ only beyond float precision
    expect(compareDecimal("12345678901234.000001", "12345678901234.000002")).toBe(-1);
    expect(normaliseDecimal("007.500")).toBe("7.5");
  });

  it("validates scale and sign", () => {
    expect(isDecimal("12.50")).toBe(true);
    expect(isDecimal("0.1234567")).toBe(false);
    expect(isDecimal("-1")).toBe(false);
    expect(isDecimal("1e3")).toBe(false);
    expect(isDecimal("1,5")).toBe(false);
  });

  it("formats money from the API's string without losing decimals", () => {
    expect(formatMoney("en", "0.085000", "EUR")).toBe("€0.085");
    expect(formatMoney("en", "12345678901234.5", "EUR")).toBe("€12,345,678,901,234.50");
    expect(formatMoney("ro", "1234.5", "RON")).toMatch(/^1\.234,50\sRON$/);
  });
});
