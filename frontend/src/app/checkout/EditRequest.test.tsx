import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Me, Organisation } from "../../api/client";
import { SessionContext } from "../../session/context";
import { json, mockApi, renderRoutes, type Recorded } from "../../test/utils";
import { OrgContext } from "../orgContext";
import type { CheckoutOut } from "./api/checkout";
import { CheckoutResult } from "./CheckoutResult";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };

function step(tenant: string, name: string, sku: string, quantity: string, total: string) {
  return {
    tenant_id: tenant, supplier_name: name, position: 1, status: "pending", payment_method: "bank_transfer", currency: "EUR", total, line_count: 1,
    order_id: null, order_number: null, order_status: null, order_status_reason: null, failure_code: null, failure_reason: null,
    lines: [{ sku, quantity, unit_price: "2.50", line_total: total }],
  };
}

const WAITING = {
  id: "ck-1", org_id: "b1", user_id: "u-1", status: "pending_approval", status_reason: null, po_number: null, requested_delivery_date: null, note: null,
  ship_to: {}, bill_to: {}, created_at: "2026-03-05T10:00:00Z", updated_at: "2026-03-05T10:00:00Z", completed_at: null,
  steps: [step("t1", "Alpha Bolts", "AL-1", "2", "5.00"), step("t2", "Beta Nuts", "BE-1", "4", "10.00")],
  request: {
    id: "r-1", checkout_id: "ck-1", org_id: "b1", requester_id: "u-1", requester_name: "Ana", status: "pending", round: 1, current_level: 1,
    levels: [{ level: 1, roles: ["approver"], reasons: ["Beta Nuts: EUR 10.00 is above the per-order limit of EUR 5.00"] }],
    reasons: [], summary: { org_id: "b1", requester_id: "u-1", parts: [] }, reject_reason: null, decisions: [],
    created_at: "2026-03-05T10:00:00Z", updated_at: "2026-03-05T10:00:00Z", can_decide: false,
  },
} as unknown as CheckoutOut;

function show(userId: string) {
  const session = { me: { id: userId } as Me, signedOut: false, refresh: () => Promise.resolve(null), signOut: () => Promise.resolve() };
  return renderRoutes(
    [
      {
        path: "/app/checkouts/:id",
        element: (
          <SessionContext.Provider value={session}>
            <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>
              <CheckoutResult />
            </OrgContext.Provider>
          </SessionContext.Provider>
        ),
      },
    ],
    "/app/checkouts/ck-1",
  );
}

describe("a waiting purchase request", () => {
  it("shows its progress and lets the requester change a quantity and remove a supplier's line", async () => {
    const calls = mockApi({
      "GET /api/v1/orgs/b1/checkouts/ck-1": () => json(WAITING),
      "PATCH /api/v1/orgs/b1/checkouts/ck-1": () => json(WAITING),
    });
    show("u-1");
    expect(await screen.findByText(/above the per-order limit/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Edit request" }));
    const form = screen.getByRole("region", { name: "Edit this request" });
    const quantity = within(form).getByLabelText("Quantity of AL-1");
    await userEvent.clear(quantity);
    await userEvent.type(quantity, "3");
    await userEvent.click(within(form).getByRole("button", { name: "Remove BE-1" }));
    await userEvent.click(within(form).getByRole("button", { name: "Save and ask again" }));
    await screen.findByRole("button", { name: "Edit request" });
    const patch = calls.find((c: Recorded) => c.method === "PATCH")!;
    expect(patch.headers.get("Idempotency-Key")).toBeTruthy();
    expect(patch.body).toEqual({ suppliers: [{ tenant_id: "t1", payment_method: "bank_transfer", lines: [{ sku: "AL-1", quantity: "3" }] }] });
  });

  it("offers no edit to another member", async () => {
    mockApi({ "GET /api/v1/orgs/b1/checkouts/ck-1": () => json(WAITING) });
    show("u-2");
    expect(await screen.findByText(/above the per-order limit/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Edit request" })).not.toBeInTheDocument();
  });
});
