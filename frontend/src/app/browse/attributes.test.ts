import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/I18nProvider";
import type { Translate } from "../../i18n/context";
import type { Locale } from "../../i18n/format";
import { attributeText, effectiveSchema, type Attribute } from "./attributes";

const attr = (code: string, name: string, type: Attribute["type"], extra: Partial<Attribute> = {}): Attribute => ({
  id: `a-${code}`,
  category_id: "c-1",
  code,
  name,
  type,
  required: false,
  position: 0,
  ...extra,
});

const SCHEMA: Attribute[] = [
  attr("material", "Material", "enum", { allowed_values: ["steel 8.8", "stainless A2"] }),
  attr("length_mm", "Length", "number", { unit: "mm" }),
  attr("fully_threaded", "Fully threaded", "boolean"),
];
const tOf = (locale: Locale) => ((key: never, vars?: never) => translate(locale, key, vars)) as Translate;

describe("attributes as people read them (issue 9, item 13)", () => {
  it("names from the schema, units, yes/no, enum values, in schema order", () => {
    const values = { fully_threaded: true, length_mm: 30, material: "stainless A2" };
    expect(attributeText(tOf("en"), "en", SCHEMA, values)).toBe("Material: stainless A2; Length: 30 mm; Fully threaded: Yes");
  });

  it("Romanian: booleans and decimal separators of the language", () => {
    expect(attributeText(tOf("ro"), "ro", SCHEMA, { length_mm: 3.5, fully_threaded: false })).toBe("Length: 3,5 mm; Fully threaded: Nu");
  });

  it("codes the schema does not know keep their code; none is a dash", () => {
    expect(attributeText(tOf("en"), "en", [], { colour: "red", ip: 65 })).toBe("colour: red; ip: 65");
    expect(attributeText(tOf("en"), "en", SCHEMA, {})).toBe("—");
  });
});

describe("effectiveSchema", () => {
  it("takes the ancestors' definitions, the nearest winning on a code", () => {
    const category = (id: string, parent_id: string | null, attributes: Attribute[]) => ({ id, parent_id, attributes, marketplace_id: "m", slug: id, name: id, position: 0, path: id, depth: 0 });
    const tree = [
      category("root", null, [attr("material", "Material", "text"), attr("finish", "Finish", "text")]),
      category("leaf", "root", [attr("finish", "Surface", "enum")]),
    ];
    expect(effectiveSchema(tree, "leaf").map((a) => [a.code, a.name])).toEqual([
      ["material", "Material"],
      ["finish", "Surface"],
    ]);
    expect(effectiveSchema(tree, null)).toEqual([]);
  });
});
