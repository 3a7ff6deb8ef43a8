import { describe, expect, it } from "vitest";
import { compareDecimal, formatDecimalInput, isDecimal, normaliseDecimal, parseDecimal, typedDecimal } from "./decimal";
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

  it("shows stored unit prices without trailing-zero noise, keeping the currency's minor digits", () => {
    expect(formatMoney("en", "0.090000", "EUR")).toBe("€0.09");
    expect(formatMoney("en", "10.000000", "EUR")).toBe("€10.00");
    expect(formatMoney("ro", "0.090000", "RON")).toMatch(/^0,09\sRON$/);
    expect(formatMoney("en", "1500.000000", "JPY")).toBe("JP¥1,500");
  });
});

describe("typed numbers in the UI language", () => {
  it("reads the language's decimal mark and whole thousands groups", () => {
    expect(parseDecimal("ro", "0,09")).toBe("0.09");
    expect(parseDecimal("ro", "1.234,5")).toBe("1234.5");
    expect(parseDecimal("ro", "1 234,5")).toBe("1234.5");
    expect(parseDecimal("ro", "1.000")).toBe("1000"); // a Romanian thousand, never 1
    expect(parseDecimal("ro", "1,000")).toBe("1.000");
    expect(parseDecimal("en", "1,234.5")).toBe("1234.5");
    expect(parseDecimal("en", "1.000")).toBe("1.000");
    expect(parseDecimal("en", "1,000")).toBe("1000");
    expect(parseDecimal("en", " 42 ")).toBe("42");
  });

  it("takes the other language's mark only where it cannot group thousands", () => {
    expect(parseDecimal("ro", "0.09")).toBe("0.09");
    expect(parseDecimal("ro", "12.25")).toBe("12.25");
    expect(parseDecimal("en", "0,5")).toBe("0.5");
  });

  it("refuses what is not a plain number instead of guessing", () => {
    for (const text of ["", "abc", "1,2,3", "1.2.3", "1,23,456", "-1", "1e3", "1,5.2", "1 5", ",5", "5,"]) {
      expect(parseDecimal("ro", text)).toBeNull();
    }
    expect(parseDecimal("en", "1.2.3")).toBeNull();
    expect(typedDecimal("ro", "0,1234567")).toBeNull(); // more than 6 decimals
    expect(typedDecimal("ro", "0,123456")).toBe("0.123456");
  });

  it("fills inputs in the UI language from the API's strings", () => {
    expect(formatDecimalInput("ro", "0.090000")).toBe("0,09");
    expect(formatDecimalInput("en", "0.090000")).toBe("0.09");
    expect(formatDecimalInput("ro", "10000")).toBe("10000");
    expect(parseDecimal("ro", formatDecimalInput("ro", "1234.5"))).toBe("1234.5");
  });
});
