import { describe, expect, it } from "vitest";
import { translate } from "./I18nProvider";
import { pluralCategory } from "./format";
import { en, type CountedKey } from "./messages";
import { ro } from "./ro";

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("plural rules (issue 9, item 30)", () => {
  it("follows CLDR: English one/other, Romanian one/few/other", () => {
    expect([1, 2, 20, 101].map((n) => pluralCategory("en", n))).toEqual(["one", "other", "other", "other"]);
    expect([0, 1, 2, 19, 20, 100, 101, 119, 120].map((n) => pluralCategory("ro", n))).toEqual(["few", "one", "few", "few", "other", "other", "few", "few", "other"]);
  });

  it("picks the English form by count", () => {
    expect(translate("en", "browse.variants", { count: 1 })).toBe("1 variant");
    expect(translate("en", "browse.variants", { count: 2 })).toBe("2 variants");
    expect(translate("en", "buyers.found", { count: 1 })).toMatch(/^1 company found;/);
    expect(translate("en", "buyers.found", { count: 20 })).toMatch(/^20 companies found;/);
    expect(translate("en", "variants.days", { count: 1 })).toBe("1 day");
    expect(translate("en", "imports.processed", { done: "1", count: 1 })).toBe("1 of 1 row checked");
  });

  it("picks the Romanian form by count: 1, 2, 20 (de), 101", () => {
    const forms = (key: CountedKey) => [1, 2, 20, 101].map((count) => translate("ro", key, { count }));
    expect(forms("browse.variants")).toEqual(["1 variantă", "2 variante", "20 de variante", "101 variante"]);
    expect(forms("variants.days")).toEqual(["1 zi", "2 zile", "20 de zile", "101 zile"]);
    expect(forms("buyers.found").map((s) => s.split(";")[0])).toEqual(["1 companie găsită", "2 companii găsite", "20 de companii găsite", "101 companii găsite"]);
  });

  it("formats the count in the language", () => {
    expect(plain(translate("ro", "browse.variants", { count: 1000 }))).toBe("1.000 de variante");
    expect(translate("en", "browse.variants", { count: 1000 })).toBe("1,000 variants");
  });

  it("every counted message has each form its language needs", () => {
    const bases = Object.keys(en)
      .filter((k) => k.endsWith("_other"))
      .map((k) => k.slice(0, -"_other".length));
    expect(bases.length).toBeGreaterThanOrEqual(10);
    const dictionaries = { en, ro } as const;
    for (const [locale, dictionary] of Object.entries(dictionaries)) {
      const categories = new Intl.PluralRules(locale === "en" ? "en-GB" : "ro-RO").resolvedOptions().pluralCategories;
      for (const base of bases) {
        for (const category of categories) expect(dictionary, `${locale} ${base}_${category}`).toHaveProperty([`${base}_${category}`]);
      }
    }
  });
});
