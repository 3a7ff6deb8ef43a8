import { describe, expect, it } from "vitest";
import { en } from "./messages";
import { ro } from "./ro";
import { formatCurrency, formatDate, formatDateTime, formatNumber, formatRelative } from "./format";

// Intl puts (narrow) no-break spaces in some formats; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("Intl formatting by UI language", () => {
  it("formats numbers with the locale's separators", () => {
    expect(formatNumber("en", 1234567.5)).toBe("1,234,567.5");
    expect(plain(formatNumber("ro", 1234567.5))).toBe("1.234.567,5");
  });

  it("formats money with the currency and the locale's conventions", () => {
    expect(formatCurrency("en", 1234.5, "EUR")).toBe("€1,234.50");
    expect(plain(formatCurrency("ro", 1234.5, "EUR"))).toBe("1.234,50 EUR"); // CLDR: Romanian writes the code
    expect(plain(formatCurrency("ro", 99, "RON"))).toBe("99,00 RON");
  });

  it("formats dates and times per locale, in words for Romanian months", () => {
    const when = new Date(Date.UTC(2026, 2, 5, 12, 0));
    expect(formatDate("en", when)).toBe("5 Mar 2026");
    expect(formatDate("ro", when)).toMatch(/^5 mar\.? 2026$/);
    expect(formatDateTime("en", "not a date")).toBe("not a date");
  });

  it("formats relative times", () => {
    const now = new Date("2026-03-05T12:00:00Z");
    expect(formatRelative("en", new Date("2026-03-02T12:00:00Z"), now)).toBe("3 days ago");
    expect(formatRelative("ro", new Date("2026-03-02T12:00:00Z"), now)).toBe("acum 3 zile");
  });
});

describe("dictionaries", () => {
  it("Romanian has every English key (and the few form of counted ones), none empty", () => {
    const few = Object.keys(en)
      .filter((k) => k.endsWith("_other"))
      .map((k) => k.replace(/_other$/, "_few"));
    expect(Object.keys(ro).sort()).toEqual([...Object.keys(en), ...few].sort());
    for (const [key, value] of Object.entries(ro)) expect(value.trim(), key).not.toBe("");
  });
});
