import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import { json, mockApi, renderRoutes, renderWithI18n } from "../../test/utils";
import { ItemForm } from "./priceLists/ItemForm";
import { Items } from "./priceLists/Items";
import { PriceListsPage } from "./priceLists/PriceLists";
import type { PriceList } from "./priceLists/priceListForm";
import { VariantPrice } from "./preview/BuyerPrice";
import { PreviewTable } from "./preview/PricePreview";

afterEach(() => vi.unstubAllGlobals());

const LIST: PriceList = {
  id: "list-1",
  name: "Lista de bază",
  kind: "base",
  currency: "RON",
  priority: 0,
  valid_from: null,
  valid_to: null,
  segment_id: null,
  buyer_org_id: null,
  item_count: 1,
  created_at: "2026-03-05T10:00:00Z",
  updated_at: "2026-03-05T10:00:00Z",
  warnings: [],
};

describe("typed prices and quantities in the UI language (item 3)", () => {
  it("accepts Romanian decimal commas and thousands points, and sends plain decimal strings", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = mockApi({ "PUT /api/v1/suppliers/acme/price-lists/list-1/items": () => json(LIST) });
    const saved = vi.fn();
    const user = userEvent.setup();
    renderWithI18n(<ItemForm slug="acme" list={LIST} item={null} onSaved={saved} onCancel={() => undefined} />, "ro");
    await user.type(screen.getByLabelText("SKU"), "BOLT-M8");
    await user.type(screen.getByLabelText("Preț unitar, pragul 1"), "0,09");
    expect(screen.getByText(/^0,09\sRON$/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Adaugă prag" }));
    await user.type(screen.getByLabelText("De la cantitatea, pragul 2"), "1.000");
    await user.type(screen.getByLabelText("Preț unitar, pragul 2"), "0,085");
    await user.click(screen.getByRole("button", { name: "Salvează prețurile" }));
    await waitFor(() => expect(saved).toHaveBeenCalledWith("BOLT-M8"));
    expect(calls[0]?.body).toEqual({
      items: [
        {
          sku: "BOLT-M8",
          tiers: [
            { min_qty: "1", unit_price: "0.09" },
            { min_qty: "1000", unit_price: "0.085" },
          ],
        },
      ],
    });
  });

  it("fills an existing item's inputs without trailing-zero noise, in the UI language", () => {
    const item = { sku: "BOLT-M8", variant_id: "v-1", tiers: [{ min_qty: "10000", unit_price: "0.090000" }] };
    renderWithI18n(<ItemForm slug="acme" list={LIST} item={item} onSaved={() => undefined} onCancel={() => undefined} />, "ro");
    expect(screen.getByLabelText("De la cantitatea, pragul 1")).toHaveValue("10000");
    expect(screen.getByLabelText("Preț unitar, pragul 1")).toHaveValue("0,09");
  });
});

describe("price lists page (items 1 and 2)", () => {
  const page = (items: PriceList[]) =>
    mockApi({
      // a pricing manager: the page offers "New price list" only to a role that may write prices
      "GET /api/v1/me": () =>
        json({ id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "s-1", role: "admin", actions: ["pricing.write"] }),
      "GET /api/v1/suppliers/acme/price-lists": () => json({ items, total: items.length, limit: 20, offset: 0, default_currency: "RON" }),
      "GET /api/v1/suppliers/acme/segments": () => json([]),
    });

  it("starts a new list in the supplier's currency, not EUR", async () => {
    page([]);
    const user = userEvent.setup();
    renderRoutes([{ path: "/", element: <PriceListsPage slug="acme" /> }], "/");
    await user.click(await screen.findByRole("button", { name: "New price list" }));
    await waitFor(() => expect(screen.getByLabelText("Currency")).toHaveValue("RON"));
    expect(screen.getByText(/trade in RON, your default currency/)).toBeInTheDocument();
  });

  it("says which lists can apply to nobody, and why", async () => {
    page([
      { ...LIST, id: "a", name: "Euro contract", kind: "contract", currency: "EUR", buyer_org_id: "b-1", warnings: ["currency_not_traded"] },
      { ...LIST, id: "b", name: "Spring", warnings: ["expired", "no_items"] },
      { ...LIST, id: "c", name: "Base" },
    ]);
    renderRoutes([{ path: "/", element: <PriceListsPage slug="acme" /> }], "/");
    const euro = (await screen.findByRole("link", { name: "Euro contract" })).closest("tr")!;
    expect(euro).toHaveTextContent("Nobody: no buyer it names trades in EUR.");
    const spring = screen.getByRole("link", { name: "Spring" }).closest("tr")!;
    expect(spring).toHaveTextContent("Nobody: its validity has ended.");
    expect(spring).toHaveTextContent("Nobody: it holds no SKU.");
    expect(screen.getByRole("link", { name: "Base" }).closest("tr")).not.toHaveTextContent("Nobody");
  });
});

describe("price list items (item 15)", () => {
  it("searches by SKU prefix and clears the filter after adding a line, so it is visible", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = mockApi({
      "GET /api/v1/suppliers/acme/price-lists/list-1/items": () => json({ items: [], total: 0, limit: 25, offset: 0 }),
      "PUT /api/v1/suppliers/acme/price-lists/list-1/items": () => json(LIST),
    });
    const user = userEvent.setup();
    renderWithI18n(<Items slug="acme" list={LIST} />);
    await user.type(screen.getByLabelText("SKU starts with"), "HB-");
    await user.click(screen.getByRole("button", { name: "Find" }));
    await waitFor(() => expect(calls.at(-1)?.search.get("sku")).toBe("HB-"));
    await user.click(screen.getByRole("button", { name: "Add SKU" }));
    const form = screen.getByRole("form", { name: "Add SKU" });
    await user.type(within(form).getByLabelText("SKU"), "WR-13");
    await user.type(within(form).getByLabelText("Unit price, tier 1"), "7.5");
    await user.click(within(form).getByRole("button", { name: "Save prices" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1));
    await waitFor(() => {
      const last = calls.filter((c) => c.method === "GET").at(-1);
      expect(last?.search.get("sku")).toBeNull();
    });
    expect(screen.getByLabelText("SKU starts with")).toHaveValue("");
  });
});

describe("preview as buyer (item 1)", () => {
  it("shows per SKU the price, its currency, and the list and tier that gave it, or why there is none", async () => {
    const calls = mockApi({
      "GET /api/v1/suppliers/acme/prices/preview": () =>
        json({
          buyer_org_id: "b-1",
          currency: "EUR",
          currency_source: "terms",
          at: "2026-11-28",
          total: 2,
          limit: 25,
          offset: 0,
          items: [
            {
              sku: "HB-M8",
              variant_id: "v-1",
              product_name: "Hex bolt",
              quantity: "10",
              unit_price: "0.090000",
              price_list_id: "list-2",
              price_list_name: "Euro contract",
              price_list_kind: "contract",
              tier_min_qty: "1",
              next_tier_min_qty: "100",
              next_tier_unit_price: "0.080000",
              other_currencies: [],
            },
            { sku: "HB-M10", variant_id: "v-2", product_name: "Hex bolt", quantity: "10", reason: "no_price", other_currencies: ["RON"] },
          ],
        }),
    });
    renderRoutes([{ path: "/", element: <PreviewTable slug="acme" buyer={{ id: "b-1", name: "Nordbau AG" }} /> }], "/");
    expect(await screen.findByText("Nordbau AG trades with you in EUR: the currency of its customer terms.")).toBeInTheDocument();
    const m8 = screen.getByText("HB-M8").closest("tr")!;
    expect(m8).toHaveTextContent("€0.09");
    expect(within(m8).getByRole("link", { name: "Euro contract" })).toHaveAttribute("href", "/app/price-lists/list-2");
    expect(m8).toHaveTextContent("tier from 1");
    expect(m8).toHaveTextContent("€0.08 from 100");
    const m10 = screen.getByText("HB-M10").closest("tr")!;
    expect(m10).toHaveTextContent("No price: price on request");
    expect(m10).toHaveTextContent("Priced only in RON, which it does not trade in");
    expect(calls[0]?.search.get("buyer_org_id")).toBe("b-1");
  });
});

describe("buyer prices on the product page (item 1)", () => {
  it("explains a variant's missing price in the currency the buyer trades in", () => {
    const variant: Schemas["PublicVariant"] = {
      id: "v-1",
      sku: "FP-1",
      attributes: {},
      pack_size: "1",
      min_order_qty: "1",
      order_increment: "1",
      lead_time_days: 0,
      in_stock: true,
      price_unavailable: { reason: "other_currency", currencies: ["EUR"] },
    };
    renderWithI18n(<VariantPrice variant={variant} unit="pcs" currency="RON" />);
    expect(screen.getByText(/Your price is set in EUR, not in RON/)).toBeInTheDocument();
  });
});
