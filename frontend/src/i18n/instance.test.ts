import { describe, expect, it } from "vitest";
import { translate } from "./I18nProvider";
import { i18n } from "./instance";
import type { MessageKey } from "./messages";

describe("t() on i18next", () => {
  it("fills {name} placeholders as given, without HTML escaping", () => {
    expect(translate("en", "priceLists.defaultCurrencyHint", { currency: "<RON>" })).toContain("trade in <RON>, your default currency");
  });

  it("answers an unknown key as itself and leaves a placeholder without a value", () => {
    expect(translate("ro", "role.someday" as MessageKey)).toBe("role.someday");
    expect(translate("en", "priceLists.defaultCurrencyHint")).toContain("{currency}");
  });

  it("serves react-i18next from the same catalogs", () => {
    expect(i18n.getFixedT("ro")("app.cancel")).toBe(translate("ro", "app.cancel"));
  });
});
