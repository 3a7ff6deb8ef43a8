import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { SessionProvider } from "../../../session/SessionProvider";
import { json, mockApi } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import type { PurchaseRequest } from "../api/approvals";
import { Approvals } from "./Approvals";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Nordbau", role: "approver", status: "active", created_at: "2026-03-05T10:00:00Z" };
const REQUEST: PurchaseRequest = {
  id: "pr-1",
  checkout_id: "c-1",
  org_id: "b1",
  requester_id: "u-2",
  requester_name: "Paul Purchaser",
  status: "pending",
  round: 1,
  current_level: 2,
  levels: [
    { level: 1, roles: ["approver", "admin"], reasons: ["Bolt & Nut: EUR 12,000.00 is above the per-order limit of EUR 5,000.00"] },
    { level: 2, roles: ["admin"], reasons: ["Rule “Orders above 10,000 EUR”: an order above EUR 10,000.00 (Bolt & Nut)"] },
  ],
  reasons: [],
  summary: { org_id: "b1", requester_id: "u-2", parts: [{ tenant_id: "t-1", supplier_name: "Bolt & Nut", currency: "EUR", total: "12000.00", category_ids: [] }] },
  reject_reason: null,
  decisions: [{ level: 1, decision: "approved", user_id: "u-3", user_name: "Ana Approver", reason: null, decided_at: "2026-03-06T09:00:00Z" }],
  created_at: "2026-03-06T08:00:00Z",
  updated_at: "2026-03-06T09:00:00Z",
  can_decide: true,
};
const SLOW = 20_000;

function wrap(children: ReactNode) {
  return (
    <QueryProvider>
      <I18nProvider initial="en">
        <SessionProvider>
          <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>
        </SessionProvider>
      </I18nProvider>
    </QueryProvider>
  );
}

const me = () => json({ id: "u-1", email: "a@example.com", name: "Alex", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "admin", actions: ["org.read", "orders.approve"] });

describe("approvals queue", () => {
  it(
    "shows where a request waits and who decided, and asks a reason before rejecting",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      let waiting = [REQUEST];
      const calls = mockApi({
        "GET /api/v1/me": me,
        "GET /api/v1/orgs/b1/approvals": () => json({ items: waiting, next_cursor: null }),
        "POST /api/v1/orgs/b1/approvals/pr-1/reject": (request) => {
          waiting = [];
          return json({ ...REQUEST, status: "rejected", reject_reason: (request.body as { reason: string }).reason });
        },
      });
      const user = userEvent.setup();
      render(wrap(<Approvals />));
      const row = (await screen.findByRole("cell", { name: "Paul Purchaser" })).closest("tr") as HTMLElement;
      expect(within(row).getByText(/Approved by Ana Approver/)).toBeInTheDocument();
      expect(within(row).getByText(/Waiting for an admin/)).toBeInTheDocument();
      expect(within(row).getByText("2 of 2")).toBeInTheDocument();
      expect(within(row).getByText(/Bolt & Nut: €12,000.00/)).toBeInTheDocument();

      await user.click(within(row).getByRole("button", { name: "Reject" }));
      const form = screen.getByRole("form", { name: "Reject the request of Paul Purchaser" });
      await user.click(within(form).getByRole("button", { name: "Reject request" }));
      expect(await within(form).findByText("Give a reason.")).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);

      await user.type(within(form).getByRole("textbox", { name: /^Reason/ }), "Not this quarter");
      await user.click(within(form).getByRole("button", { name: "Reject request" }));
      expect(await screen.findByText("The request of Paul Purchaser is rejected.")).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST").at(-1)?.body).toEqual({ reason: "Not this quarter" });
      await waitFor(() => expect(screen.getByText("No purchase requests here.")).toBeInTheDocument());
    },
    SLOW,
  );

  it("approves the level the request waits at", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/approvals": () => json({ items: [REQUEST], next_cursor: null }),
      "POST /api/v1/orgs/b1/approvals/pr-1/approve": () => json({ ...REQUEST, status: "approved" }),
    });
    const user = userEvent.setup();
    render(wrap(<Approvals />));
    const row = (await screen.findByRole("cell", { name: "Paul Purchaser" })).closest("tr") as HTMLElement;
    await user.click(within(row).getByRole("button", { name: "Approve" }));
    expect(await screen.findByText("The request of Paul Purchaser is approved at level 2.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST" && c.path === "/api/v1/orgs/b1/approvals/pr-1/approve")).toHaveLength(1);
  }, SLOW);

  it("offers no decision on the caller's own request", async () => {
    mockApi({ "GET /api/v1/me": me, "GET /api/v1/orgs/b1/approvals": () => json({ items: [{ ...REQUEST, can_decide: false }], next_cursor: null }) });
    render(wrap(<Approvals />));
    const row = (await screen.findByRole("cell", { name: "Paul Purchaser" })).closest("tr") as HTMLElement;
    expect(within(row).getByText("Your own request: someone else decides it.")).toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
  }, SLOW);
});
