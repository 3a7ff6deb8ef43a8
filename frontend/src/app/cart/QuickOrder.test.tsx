import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../api/client";
import { QueryProvider } from "../../api/query";
import { I18nProvider } from "../../i18n/I18nProvider";
import { SessionProvider } from "../../session/SessionProvider";
import { json, mockApi } from "../../test/utils";
import { OrgContext } from "../orgContext";
import type { Cart as CartData, QuickOrderReport, QuickRowIn } from "./api/cart";
import { Cart } from "./Cart";
import { QuickOrder } from "./QuickOrder";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
const ACTIONS = ["org.read", "orders.read", "orders.create"];
const SUP = (slug: string) => ({ id: `id-${slug}`, slug, name: slug.toUpperCase() });

function wrap(children: ReactNode, locale: "en" | "ro" = "en") {
  return (
    <MemoryRouter>
      <QueryProvider>
        <I18nProvider initial={locale}>
          <SessionProvider>
            <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>
          </SessionProvider>
        </I18nProvider>
      </QueryProvider>
    </MemoryRouter>
  );
}

const me = () => json({ id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "purchaser", actions: ACTIONS });

/** What the server would answer for rows: A needs packs of 10, B is sold by two suppliers. */
function answer(rows: { sku: string; quantity: string; supplier?: string | null }[], lines?: number[]): QuickOrderReport {
  const out = rows.map((row, index) => {
    const base = { row: lines?.[index] ?? index + 1, sku: row.sku, quantity_text: row.quantity, quantity: row.quantity, candidates: [] };
    if (row.sku === "A" && row.quantity !== "60") return { ...base, status: "rejected" as const, reason: "not_pack_multiple" as const, supplier: SUP("s1"), suggested_quantity: "60" };
    if (row.sku === "B" && !row.supplier)
      return {
        ...base,
        status: "ambiguous" as const,
        candidates: [
          { supplier: SUP("s1"), currency: "EUR", unit_price: "2.00", line_total: "3.00" },
          { supplier: SUP("s2"), currency: "EUR", unit_price: "1.90", line_total: "2.85" },
        ],
      };
    return { ...base, status: "accepted" as const, supplier: SUP(row.supplier ?? "s1"), currency: "EUR", unit_price: "1.00", line_total: "1.00" };
  });
  const count = (s: string) => out.filter((r) => r.status === s).length;
  return { rows: out, accepted: count("accepted"), rejected: count("rejected"), ambiguous: count("ambiguous") };
}

describe("quick order page", () => {
  it("pastes rows, accepts a suggested quantity, chooses a supplier and adds the ready rows", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/cart/count": () => json({ line_count: 0 }),
      "POST /api/v1/orgs/b1/quick-order/resolve": (request) => {
        const body = request.body as { text?: string; rows?: QuickRowIn[] };
        if (body.text !== undefined) return json(answer([{ sku: "A", quantity: "55" }, { sku: "B", quantity: "1.5" }], [1, 3]));
        return json(answer(body.rows ?? []));
      },
      "POST /api/v1/orgs/b1/quick-order/add": () => json({ report: answer([]), added: 2, line_count: 2 }),
    });
    const user = userEvent.setup();
    render(wrap(<QuickOrder />));
    await user.type(screen.getByLabelText("One SKU and quantity per line"), "A\t55{enter}{enter}B 1,5");
    expect(screen.getByText(/2 lines/)).toBeInTheDocument();
    await user.click(within(screen.getByRole("region", { name: "Paste" })).getByRole("button", { name: "Check rows" }));

    await screen.findByText("0 ready, 1 rejected, 1 to choose");
    expect(screen.getByText("Not a multiple of the pack or step.")).toBeInTheDocument();
    const rows = screen.getAllByRole("row");
    expect(rows.some((row) => within(row).queryByText("3") !== null)).toBe(true); // the pasted line number
    await user.click(screen.getByRole("button", { name: "Set the quantity to 60" }));
    await screen.findByText("1 ready, 0 rejected, 1 to choose");
    expect(calls.filter((c) => c.path.endsWith("/resolve")).at(-1)?.body).toEqual({
      rows: [
        { sku: "A", quantity: "60", supplier: "s1" },
        { sku: "B", quantity: "1.5" },
      ],
    });
    await user.selectOptions(screen.getByRole("combobox", { name: "Supplier for B" }), "s2");
    await screen.findByText("2 ready, 0 rejected, 0 to choose");
    await user.click(screen.getByRole("button", { name: "Add ready rows to cart" }));
    await screen.findByText("2 rows added to the cart.");
    expect(calls.find((c) => c.path.endsWith("/add"))?.body).toEqual({
      rows: [
        { sku: "A", quantity: "60", supplier: "s1" },
        { sku: "B", quantity: "1.5", supplier: "s2" },
      ],
    });
  });
});

const CART: CartData = {
  line_count: 1,
  totals: [{ currency: "EUR", amount: "0" }],
  groups: [
    {
      supplier: SUP("s1"),
      status: "available",
      currency: "EUR",
      subtotal: "0",
      lines: [
        {
          id: "line-1",
          sku: "A",
          quantity: "55",
          product_name: "Hex bolt",
          unit: "pcs",
          min_order_qty: "50",
          pack_size: "10",
          order_increment: "10",
          problem: "not_pack_multiple",
          suggested_quantity: "60",
          stock: { band: "in_stock", in_stock: true, allow_backorder: false, lead_time_days: 0 },
        },
      ],
    },
  ],
};

describe("cart page", () => {
  it("takes the suggested quantity in one click and a typed quantity with the user's separators", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = mockApi({
      "GET /api/v1/me": me,
      "GET /api/v1/orgs/b1/cart": () => json(CART),
      "PATCH /api/v1/orgs/b1/cart/lines/line-1": () => json(CART),
    });
    const user = userEvent.setup();
    render(wrap(<Cart />, "ro"));
    expect(await screen.findByText("Nu este un număr întreg de pachete și pași.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Setează cantitatea la 60" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "PATCH").at(-1)?.body).toEqual({ quantity: "60" }));
    const input = screen.getByRole("textbox", { name: "Cantitatea pentru A" });
    await user.clear(input);
    await user.type(input, "1.234,5{enter}");
    await waitFor(() => expect(calls.filter((c) => c.method === "PATCH").at(-1)?.body).toEqual({ quantity: "1234.5" }));
  });
});
