import { render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { SessionProvider } from "../../../session/SessionProvider";
import { json, mockApi } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import { RfqInboxBadge } from "./InboxBadge";

afterEach(() => vi.unstubAllGlobals());

const SUPPLIER: Organisation = { id: "s1", kind: "supplier", slug: "boltnut", name: "BoltNut", role: "sales", status: "active", created_at: "2026-03-05T10:00:00Z" };
const item = (rfq_id: string, extra: object) => ({ rfq_id, number: rfq_id, title: "t", buyer_name: "Nordbau", rfq_status: "open", quote_status: "invited", currency: "EUR", deadline: "2099-01-01T00:00:00Z", sealed: false, line_count: 1, latest_revision: 0, invited_at: "2026-11-28T10:00:00Z", seen_at: null, ...extra });

describe("the nav badge of new invitations", () => {
  it("counts the open invitations not yet looked at", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json({ id: "u-1", email: "a@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "s1", role: "sales", actions: ["quotes.read"] }),
      "GET /api/v1/suppliers/boltnut/rfqs": () => json({ items: [item("r1", {}), item("r2", {}), item("r3", { seen_at: "2026-11-28T11:00:00Z" }), item("r4", { rfq_status: "closed" })], next_cursor: null }),
    });
    render(
      <QueryProvider>
        <I18nProvider initial="en">
          <SessionProvider>
            <OrgContext.Provider value={{ orgs: [SUPPLIER], active: SUPPLIER, switchTo: () => Promise.resolve(), reload: () => undefined }}>
              <RfqInboxBadge />
            </OrgContext.Provider>
          </SessionProvider>
        </I18nProvider>
      </QueryProvider>,
    );
    expect(await screen.findByText("2 new")).toBeInTheDocument();
    await waitFor(() => expect(calls.find((c) => c.path === "/api/v1/suppliers/boltnut/rfqs")?.search.get("status")).toBe("invited"));
  });
});
