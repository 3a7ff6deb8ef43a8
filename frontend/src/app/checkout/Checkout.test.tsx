import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../api/client";
import { json, mockApi, problem, renderRoutes, type Recorded } from "../../test/utils";
import { OrgContext } from "../orgContext";
import { useCartCount } from "../cart/api/cart";
import { checkoutRefreshMs, type CheckoutOut, type CheckoutPreview } from "./api/checkout";
import { Checkout } from "./Checkout";
import { CheckoutResult } from "./CheckoutResult";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
const HQ = {
  id: "l-1", org_id: "b1", name: "Head office", is_ship_to: true, is_bill_to: true, is_default_ship_to: true, is_default_bill_to: true,
  line1: "Str. Fabricii 12", line2: null, city: "Cluj-Napoca", region: null, postal_code: null, country: "RO",
  contact_name: null, contact_email: null, contact_phone: null, tax_id: null, created_at: "2026-03-05T10:00:00Z", updated_at: "2026-03-05T10:00:00Z",
};

function group(tenant: string, name: string, subtotal: string, onAccount = false) {
  return {
    tenant_id: tenant, supplier_name: name, available: true, unavailable_reason: null, currency: "EUR", subtotal,
    lines: [{ cart_line_id: `c-${tenant}`, sku: `SKU-${tenant}`, quantity: "2", unit_price: subtotal, line_total: subtotal, price_list_id: null, reason: null }],
    payment_methods: onAccount ? [{ method: "on_account", payment_terms_days: 30 }, { method: "bank_transfer", payment_terms_days: null }] : [{ method: "bank_transfer", payment_terms_days: null }],
  };
}

function preview(alphaTotal: string): CheckoutPreview {
  return {
    suppliers: [group("t1", "Alpha Bolts", alphaTotal, true), group("t2", "Beta Nuts", "10.00")],
    locations: [HQ], default_ship_to: "l-1", default_bill_to: "l-1", approval: { needed: false, reasons: [] },
  } as CheckoutPreview;
}

const PLACED = {
  id: "ck-1", org_id: "b1", user_id: "u-1", status: "completed", status_reason: null, po_number: "PO-9", requested_delivery_date: null, note: null,
  ship_to: {}, bill_to: {}, created_at: "2026-03-05T10:00:00Z", updated_at: "2026-03-05T10:00:00Z", completed_at: "2026-03-05T10:00:00Z",
  steps: [
    { tenant_id: "t1", supplier_name: "Alpha Bolts", position: 1, status: "placed", payment_method: "on_account", currency: "EUR", total: "3.02", line_count: 1, order_id: "o-1", order_number: "AB-2026-000007", order_status: "placed", order_status_reason: null, failure_code: null, failure_reason: null },
    { tenant_id: "t2", supplier_name: "Beta Nuts", position: 2, status: "failed", payment_method: "bank_transfer", currency: "EUR", total: "10.00", line_count: 1, order_id: null, order_number: null, order_status: null, order_status_reason: null, failure_code: "catalog.out_of_stock", failure_reason: "only 1 available" },
  ],
} as CheckoutOut;

function inOrg(children: ReactNode) {
  return <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>;
}

/** The header's cart badge, as AppLayout asks for it. */
function CartBadge() {
  const count = useCartCount("b1", true);
  return <p>{`Cart badge: ${count.data?.line_count ?? "…"}`}</p>;
}

function show() {
  return renderRoutes(
    [
      { path: "/app/checkout", element: inOrg(<><CartBadge /><Checkout /></>) },
      { path: "/app/checkouts/:id", element: inOrg(<><CartBadge /><CheckoutResult /></>) },
    ],
    "/app/checkout",
  );
}

describe("checkout page", () => {
  it("prefills the defaults, places one order per supplier with the totals seen, then shows each supplier's outcome", async () => {
    const calls = mockApi({
      "GET /api/v1/orgs/b1/checkout": () => json(preview("3.02")),
      "POST /api/v1/orgs/b1/checkout": () => json(PLACED, 201),
      "GET /api/v1/orgs/b1/checkouts/ck-1": () => json(PLACED),
    });
    show();
    const alpha = await screen.findByRole("region", { name: "Alpha Bolts" });
    expect(within(alpha).getByLabelText("Payment method")).toHaveValue("on_account");
    expect(screen.getByLabelText("Ship to")).toHaveValue("l-1");
    await userEvent.type(screen.getByLabelText("Purchase order number"), "PO-9");
    await userEvent.click(screen.getByRole("button", { name: "Place orders" }));
    expect(await screen.findByText("Order AB-2026-000007 placed")).toBeInTheDocument();
    expect(screen.getByText("Not placed: only 1 available")).toBeInTheDocument();
    const post = calls.find((c: Recorded) => c.method === "POST")!;
    expect(post.headers.get("Idempotency-Key")).toBeTruthy();
    expect(post.body).toMatchObject({
      ship_to_location_id: "l-1",
      bill_to_location_id: "l-1",
      po_number: "PO-9",
      skip_unavailable: false,
      suppliers: [
        { tenant_id: "t1", payment_method: "on_account", expected_total: "3.02" },
        { tenant_id: "t2", payment_method: "bank_transfer", expected_total: "10.00" },
      ],
    });
  });

  it("counts the cart again once the orders are placed (the header badge)", async () => {
    let lines = 2;
    mockApi({
      "GET /api/v1/orgs/b1/checkout": () => json(preview("3.02")),
      "GET /api/v1/orgs/b1/cart/count": () => json({ line_count: lines }),
      "POST /api/v1/orgs/b1/checkout": () => {
        lines = 0;
        return json(PLACED, 201);
      },
      "GET /api/v1/orgs/b1/checkouts/ck-1": () => json(PLACED),
    });
    show();
    expect(await screen.findByText("Cart badge: 2")).toBeInTheDocument();
    await userEvent.click(await screen.findByRole("button", { name: "Place orders" }));
    expect(await screen.findByText("Order AB-2026-000007 placed")).toBeInTheDocument();
    expect(await screen.findByText("Cart badge: 0")).toBeInTheDocument();
  });

  it("shows changed prices to confirm, then places at the new totals", async () => {
    let seen = 0;
    const calls = mockApi({
      "GET /api/v1/orgs/b1/checkout": () => json(preview(seen++ === 0 ? "3.02" : "3.60")),
      "POST /api/v1/orgs/b1/checkout": (request) =>
        (request.body as { suppliers: { expected_total: string }[] }).suppliers[0]?.expected_total === "3.60" ? json(PLACED, 201) : problem(409, "checkout.prices_changed"),
      "GET /api/v1/orgs/b1/checkouts/ck-1": () => json(PLACED),
    });
    show();
    await userEvent.click(await screen.findByRole("button", { name: "Place orders" }));
    expect(await screen.findByText(/Prices changed since you opened this page/)).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole("region", { name: "Alpha Bolts" })).getAllByText("€3.60").length).toBeGreaterThan(0));
    await userEvent.click(screen.getByRole("button", { name: "Place orders" }));
    expect(await screen.findByText("Order AB-2026-000007 placed")).toBeInTheDocument();
    expect(calls.filter((c: Recorded) => c.method === "POST")).toHaveLength(2);
  });

  it("offers to place the other orders when a supplier cannot take orders", async () => {
    const calls = mockApi({
      "GET /api/v1/orgs/b1/checkout": () => json(preview("3.02")),
      "POST /api/v1/orgs/b1/checkout": (request) =>
        (request.body as { skip_unavailable: boolean }).skip_unavailable ? json(PLACED, 201) : problem(409, "checkout.supplier_unavailable"),
      "GET /api/v1/orgs/b1/checkouts/ck-1": () => json(PLACED),
    });
    show();
    await userEvent.click(await screen.findByRole("button", { name: "Place orders" }));
    await userEvent.click(await screen.findByRole("button", { name: "Place the other orders" }));
    expect(await screen.findByText("Order AB-2026-000007 placed")).toBeInTheDocument();
    expect(calls.filter((c: Recorded) => c.method === "POST").map((c) => (c.body as { skip_unavailable: boolean }).skip_unavailable)).toEqual([false, true]);
  });
});

describe("checkout result", () => {
  it("is asked again while it waits for approval or is being placed, not once it is done", () => {
    expect(checkoutRefreshMs({ ...PLACED, status: "pending_approval" })).toBe(5_000);
    expect(checkoutRefreshMs({ ...PLACED, status: "placing" })).toBe(5_000);
    expect(checkoutRefreshMs(PLACED)).toBe(false);
    expect(checkoutRefreshMs({ ...PLACED, status: "rejected" })).toBe(false);
  });
});
