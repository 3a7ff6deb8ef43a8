import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../api/client";
import { QueryProvider } from "../../api/query";
import { I18nProvider } from "../../i18n/I18nProvider";
import { SessionProvider } from "../../session/SessionProvider";
import { json, mockApi, problem } from "../../test/utils";
import { OrgContext } from "../orgContext";
import type { OrderDetail } from "./api/orders";
import { BuyerOrder, SalesOrder } from "./OrderDetail";

afterEach(() => vi.unstubAllGlobals());

const SLOW = 20_000;
const SUPPLIER: Organisation = { id: "s1", kind: "supplier", slug: "boltnut", name: "BoltNut", role: "sales", status: "active", created_at: "2026-03-05T10:00:00Z" };
const BUYER: Organisation = { id: "b1", kind: "buyer", name: "Nordbau", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };

const ORDER: OrderDetail = {
  id: "o-1",
  tenant_id: "s1",
  number: "BN-2026-000042",
  buyer_org_id: "b1",
  placed_by: "u-1",
  status: "confirmed",
  status_reason: null,
  currency: "EUR",
  total: "275.00",
  payment_method: "on_account",
  payment_terms_days: 30,
  po_number: "PO-7",
  requested_delivery_date: null,
  note: null,
  ship_to: {},
  bill_to: {},
  revision: 2,
  placed_at: "2026-11-20T09:00:00Z",
  updated_at: "2026-11-20T10:00:00Z",
  lines: [
    { id: "l-1", position: 1, variant_id: "v-1", sku: "HB-M8-20", name: "Hex bolt", unit: "pcs", quantity: "100", unit_price: "2.50", line_total: "250.00", backordered_quantity: "0", lead_time_days: 0, requested_date: null, shipped_quantity: "0", cancelled: false },
    { id: "l-2", position: 2, variant_id: "v-2", sku: "HB-M8-30", name: "Hex bolt", unit: "pcs", quantity: "10", unit_price: "2.50", line_total: "25.00", backordered_quantity: "0", lead_time_days: 0, requested_date: null, shipped_quantity: "0", cancelled: false },
  ],
  revisions: [
    { number: 2, kind: "confirmed", side: "supplier", actor_id: null, status: "confirmed", diff: [{ field: "status", before: "placed", after: "confirmed", line: null }], note: null, created_at: "2026-11-20T10:00:00Z" },
    { number: 1, kind: "placed", side: "buyer", actor_id: "u-1", status: "placed", diff: [], note: null, created_at: "2026-11-20T09:00:00Z" },
  ],
  shipments: [],
  open_change: null,
  next_states: ["partially_shipped", "shipped", "cancelled"],
  supplier_name: "BoltNut",
  buyer_name: "Nordbau",
};

function me(actions: string[], org: string) {
  return () => json({ id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: org, role: "x", actions });
}

function wrap(org: Organisation, path: string, children: ReactNode) {
  return (
    <QueryProvider>
      <I18nProvider initial="en">
        <SessionProvider>
          <OrgContext.Provider value={{ orgs: [org], active: org, switchTo: () => Promise.resolve(), reload: () => undefined }}>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route path="/app/:area/:id" element={children} />
              </Routes>
            </MemoryRouter>
          </OrgContext.Provider>
        </SessionProvider>
      </I18nProvider>
    </QueryProvider>
  );
}

describe("order detail", () => {
  it(
    "lets the supplier ship some lines with tracking, then shows the shipment and its link",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      let refuse = true;
      const calls = mockApi({
        "GET /api/v1/me": me(["orders.read", "orders.write"], "s1"),
        "GET /api/v1/suppliers/boltnut/orders/o-1": () => json(ORDER),
        "POST /api/v1/suppliers/boltnut/orders/o-1/shipments": (request) => {
          if (refuse) {
            refuse = false;
            return problem(422, "orders.invalid_shipment", { errors: [{ field: "tracking_url", message: "The carrier's address is refused" }] });
          }
          const body = request.body as { lines: { line_id: string; quantity: string }[] };
          return json({
            ...ORDER,
            status: "partially_shipped",
            revision: 3,
            lines: ORDER.lines.map((l) => ({ ...l, shipped_quantity: body.lines.find((s) => s.line_id === l.id)?.quantity ?? "0" })),
            shipments: [{ id: "sh-1", number: 1, carrier: "DHL", tracking_number: "JD1", tracking_url: "https://dhl.example/JD1", shipped_at: "2026-11-21T10:00:00Z", delivered_at: null, lines: body.lines.map((l) => ({ order_line_id: l.line_id, quantity: l.quantity })) }],
            next_states: ["shipped"],
          });
        },
      });
      const user = userEvent.setup();
      render(wrap(SUPPLIER, "/app/sales-orders/o-1", <SalesOrder />));
      expect(await screen.findByRole("heading", { name: /BN-2026-000042/ })).toHaveTextContent("Confirmed");
      expect(screen.queryByRole("button", { name: "Confirm" })).not.toBeInTheDocument();
      await user.click(screen.getByRole("button", { name: "Ship" }));
      const form = screen.getByRole("form", { name: "Ship lines" });
      const second = within(form).getByRole("textbox", { name: "To ship: HB-M8-30" });
      await user.clear(second);
      await user.type(within(form).getByRole("textbox", { name: "Carrier" }), "DHL");
      await user.type(within(form).getByRole("textbox", { name: "Tracking number" }), "JD1");
      await user.type(within(form).getByRole("textbox", { name: "Tracking URL" }), "ftp://nope");
      await user.click(within(form).getByRole("button", { name: "Ship" }));
      expect(await within(form).findByText("Enter an address starting with https://")).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);

      const url = within(form).getByRole("textbox", { name: "Tracking URL" });
      await user.clear(url);
      await user.type(url, "https://dhl.example/JD1");
      await user.click(within(form).getByRole("button", { name: "Ship" }));
      expect(await within(form).findByText("The carrier's address is refused")).toBeInTheDocument();
      await user.click(within(form).getByRole("button", { name: "Ship" }));
      const link = await screen.findByRole("link", { name: "Track JD1" });
      expect(link).toHaveAttribute("href", "https://dhl.example/JD1");
      const posted = calls.filter((c) => c.method === "POST").at(-1)?.body;
      expect(posted).toEqual({ lines: [{ line_id: "l-1", quantity: "100" }], carrier: "DHL", tracking_number: "JD1", tracking_url: "https://dhl.example/JD1" });
      expect(screen.getByRole("heading", { name: /BN-2026-000042/ })).toHaveTextContent("Partly shipped");
    },
    SLOW,
  );

  it(
    "shows the buyer the supplier's proposal with its diff, accepts it, and reorders with the change report",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      const proposed: OrderDetail = {
        ...ORDER,
        status: "placed",
        next_states: ["cancelled"],
        open_change: { id: "c-1", side: "supplier", status: "open", changes: {}, diff: [{ field: "quantity", before: "100", after: "200", line: "HB-M8-20" }], reason: "packs of 200", created_at: "2026-11-20T11:00:00Z" },
      };
      const calls = mockApi({
        "GET /api/v1/me": me(["orders.read", "orders.create"], "b1"),
        "GET /api/v1/orgs/b1/orders/o-1": () => json(proposed),
        "POST /api/v1/orgs/b1/orders/o-1/proposal/accept": () => json({ ...proposed, open_change: null, total: "525.00" }),
        "POST /api/v1/orgs/b1/orders/o-1/reorder": () =>
          json({
            added: 1,
            lines: [
              { sku: "HB-M8-20", quantity: "100", added: true, price_then: "2.50", price_now: "2.75", price_changed: true, available: "900", no_longer_sold: false },
              { sku: "HB-M8-30", quantity: "10", added: false, price_then: "2.50", price_now: null, price_changed: false, available: null, no_longer_sold: true },
            ],
          }),
      });
      const user = userEvent.setup();
      render(wrap(BUYER, "/app/orders/o-1", <BuyerOrder />));
      const change = (await screen.findByRole("heading", { name: "The supplier proposes these changes" })).closest("section") as HTMLElement;
      expect(within(change).getByText(/line HB-M8-20: quantity:/)).toHaveTextContent("line HB-M8-20: quantity: 100 → 200");
      expect(screen.queryByRole("button", { name: "Request a change" })).not.toBeInTheDocument();
      await user.click(screen.getByRole("button", { name: "Accept" }));
      await waitFor(() => expect(screen.queryByRole("heading", { name: "The supplier proposes these changes" })).not.toBeInTheDocument());
      expect(screen.getByText("Order BN-2026-000042: done.")).toBeInTheDocument();
      expect(screen.getByRole("button", { name: "Request a change" })).toBeInTheDocument();

      await user.click(screen.getByRole("button", { name: "Order again" }));
      const report = await screen.findByRole("region", { name: "Added to your cart at today's prices" });
      expect(within(report).getByText(/HB-M8-20/).closest("li")).toHaveTextContent("added · €2.50 then, €2.75 now · 900 available");
      expect(within(report).getByText(/HB-M8-30/).closest("li")).toHaveTextContent("no longer sold");
      expect(calls.find((c) => c.path.endsWith("/reorder"))?.body).toEqual({ line_ids: null });
    },
    SLOW,
  );
});
