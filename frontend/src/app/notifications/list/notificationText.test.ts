import { describe, expect, it } from "vitest";
import { translate } from "../../../i18n/I18nProvider";
import type { Locale } from "../../../i18n/format";
import type { Notification } from "../api/notifications";
import { notificationLink, notificationText } from "./notificationText";

const imported = (kind: string, params: Record<string, unknown>): Notification => ({ id: "n", kind, params, created_at: "2026-03-05T10:00:00Z", org_id: "o", read_at: null });
const say = (locale: Locale, n: Notification) => notificationText((key, vars) => translate(locale, key, vars), n).replace(/[\u00a0\u202f]/g, " ");

describe("counted notifications", () => {
  it("agree with their count in English and Romanian", () => {
    const done = (rows: number) => imported("import.done", { filename: "a.csv", rows });
    expect(say("en", done(1))).toBe("The import of a.csv finished: 1 row applied.");
    expect(say("en", done(1200))).toBe("The import of a.csv finished: 1,200 rows applied.");
    expect([1, 2, 20].map((rows) => say("ro", done(rows)))).toEqual([
      "Importul a.csv s-a încheiat: 1 rând aplicat.",
      "Importul a.csv s-a încheiat: 2 rânduri aplicate.",
      "Importul a.csv s-a încheiat: 20 de rânduri aplicate.",
    ]);
    expect(say("en", imported("import.failed", { filename: "a.csv", errors: 1 }))).toBe("The import of a.csv failed with 1 error; nothing was changed.");
    expect(say("ro", imported("import.failed", { filename: "a.csv", errors: 3 }))).toBe("Importul a.csv a eșuat cu 3 erori; nu s-a modificat nimic.");
  });

  it("names an unknown kind instead of showing a key", () => {
    expect(say("en", imported("mystery.kind", {}))).toContain("mystery.kind");
  });
});

describe("approval notifications", () => {
  it("read in both languages and lead approvers to their queue", () => {
    const asked = imported("approvals.requested", { requester_name: "Paul", suppliers: "Bolt & Nut", totals: "EUR 12000.00", level: 1, levels: 2 });
    expect(say("en", asked)).toBe("Paul asks for approval: Bolt & Nut (EUR 12000.00), level 1 of 2.");
    expect(say("ro", asked)).toBe("Paul cere aprobare: Bolt & Nut (EUR 12000.00), nivelul 1 din 2.");
    expect(notificationLink(asked)).toBe("/app/approvals");
    const rejected = imported("approvals.rejected", { suppliers: "Bolt & Nut", totals: "EUR 12000.00", reason: "Not now" });
    expect(say("en", rejected)).toBe("Your purchase request for Bolt & Nut (EUR 12000.00) was rejected. Reason: Not now");
  });
});

describe("RFQ notifications", () => {
  it("read in both languages and lead each side to its own RFQ page", () => {
    const invited = imported("rfq.invited", { rfq_id: "r-1", number: "RFQ-2026-000003", title: "Anchor bolts", buyer_name: "Nordbau", deadline: "2026-12-12 17:00" });
    expect(say("en", invited)).toBe("Nordbau invites you to quote on “Anchor bolts” (RFQ-2026-000003) by 2026-12-12 17:00 UTC.");
    expect(say("ro", invited)).toBe("Nordbau vă invită să ofertați pentru „Anchor bolts” (RFQ-2026-000003) până la 2026-12-12 17:00 UTC.");
    expect(notificationLink(invited)).toBe("/app/quote-requests/r-1");
    const sent = imported("rfq.quote_sent", { rfq_id: "r-1", number: "RFQ-2026-000003", supplier_name: "BoltNut" });
    expect(say("en", sent)).toBe("BoltNut sent a quote for RFQ-2026-000003.");
    expect(notificationLink(sent)).toBe("/app/rfqs/r-1");
    // a kind both sides get says its side
    expect(notificationLink(imported("rfq.message", { rfq_id: "r-1", number: "N", excerpt: "hi", side: "supplier" }))).toBe("/app/quote-requests/r-1");
    expect(notificationLink(imported("rfq.message", { rfq_id: "r-1", number: "N", excerpt: "hi", side: "buyer" }))).toBe("/app/rfqs/r-1");
    expect(notificationLink(imported("rfq.lost", { number: "N" }))).toBeNull();
  });
});
