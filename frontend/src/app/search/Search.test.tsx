import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../api/client";
import { json, mockApi, renderRoutes } from "../../test/utils";
import { OrgContext } from "../orgContext";
import type { Offer, SearchAnswer, SearchItem } from "./api/types";
import { SearchBox } from "./SearchBox";
import { SearchPage } from "./SearchPage";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
const SLOW = 20_000;

function me() {
  return json({ id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "purchaser", actions: ["org.read", "orders.read", "orders.create"] });
}

function offer(supplier: string, price: string | null, extra: Partial<Offer> = {}): Offer {
  return {
    document_id: `t-${supplier}:v-${supplier}`,
    supplier: { id: `t-${supplier}`, slug: supplier, name: `${supplier} SRL` },
    product_id: `p-${supplier}`,
    variant_id: `v-${supplier}`,
    sku: `HB-M8-${supplier}`,
    name: "Hex bolt",
    unit: "pcs",
    in_stock: true,
    stock_band: "high",
    lead_time_days: 2,
    min_order_qty: "100",
    pack_size: "1",
    url: `/api/v1/suppliers/${supplier}/products/p-${supplier}/public`,
    price: price ? { currency: "EUR", quantity: "100", unit_price: price, tiers: [{ min_qty: "1000", unit_price: "0.05" }] } : null,
    ...extra,
  };
}

function item(key: string, name: string, offers: Offer[], extra: Partial<SearchItem> = {}): SearchItem {
  return { key, name, offers, offer_count: offers.length, thumbnail_url: null, ...extra };
}

function answer(extra: Partial<SearchAnswer> = {}): SearchAnswer {
  return {
    items: [item("h1", "Hex bolt M8 inox", [offer("acme", "0.07")])],
    total: 1,
    facets: [
      { key: "category", label: "Category", values: [{ value: "c-1", label: "Fasteners", count: 8 }] },
      { key: "supplier", label: "Supplier", values: [{ value: "acme", label: "Acme SRL", count: 8 }] },
      { key: "attr.material", label: "Material", values: [{ value: "steel", label: "steel", count: 5 }, { value: "inox", label: "inox", count: 3 }] },
      { key: "in_stock", label: "In stock", values: [{ value: "true", label: "true", count: 6 }, { value: "false", label: "false", count: 2 }] },
    ],
    ranges: [{ key: "attr.length_mm", label: "Length", unit: "mm" }],
    prices_shown: true,
    price_window_truncated: false,
    corrected_query: null,
    next_cursor: null,
    total_exact: true,
    counts_exact: true,
    ...extra,
  };
}

function routes() {
  const provide = (element: ReactNode) => <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{element}</OrgContext.Provider>;
  return [
    { path: "/app/search/:slug", element: provide(<SearchPage />) },
    { path: "/app/browse/:market/:supplier/:id", element: <p>product page</p> },
    { path: "/app/header", element: provide(<SearchBox slug="m" />) },
  ];
}

describe("search results page", () => {
  it(
    "a ticked facet goes into the URL and the API's filters; the back button undoes it",
    async () => {
      const calls = mockApi({
        "GET /api/v1/me": () => me(),
        "GET /api/v1/marketplaces/m/search": () => json(answer()),
      });
      const user = userEvent.setup();
      const { router } = renderRoutes(routes(), "/app/search/m?q=M8+inox");
      expect(await screen.findByRole("heading", { name: "Results for “M8 inox”" })).toBeInTheDocument();
      const material = await screen.findByRole("group", { name: "Material" });
      expect(within(material).getAllByRole("checkbox").map((box) => box.parentElement?.textContent)).toEqual([" steel (5)", " inox (3)"]);
      expect(await screen.findByRole("checkbox", { name: /Fasteners \(8\)/ })).toBeInTheDocument(); 
      expect(screen.getByRole("checkbox", { name: /Acme SRL \(8\)/ })).toBeInTheDocument();
      expect(screen.getByRole("checkbox", { name: "In stock only (6)" })).toBeInTheDocument();
      await user.click(within(material).getByRole("checkbox", { name: /inox/ }));
      await waitFor(() => expect(router.state.location.search).toBe("?q=M8+inox&f.attr.material=inox"));
      await waitFor(() => expect(calls.some((c) => c.search.get("filters") === JSON.stringify({ "attr.material": ["inox"] }))).toBe(true));
      await user.click(screen.getByRole("checkbox", { name: /In stock only/ }));
      await waitFor(() => expect(router.state.location.search).toBe("?q=M8+inox&f.attr.material=inox&in_stock=1"));
      expect(calls.at(-1)?.search.get("in_stock")).toBe("true");
      await act(() => router.navigate(-1));
      await waitFor(() => expect(screen.getByRole("checkbox", { name: /In stock only/ })).not.toBeChecked());
      expect(screen.getByRole("checkbox", { name: /inox/ })).toBeChecked();
    },
    SLOW,
  );

  it(
    "a price range is typed with the language's separators and kept as API decimals",
    async () => {
      mockApi({ "GET /api/v1/me": () => me(), "GET /api/v1/marketplaces/m/search": () => json(answer()) });
      const user = userEvent.setup();
      const { router } = renderRoutes(routes(), "/app/search/m?q=surub&r.price=..2000", "ro");
      const high = await screen.findByRole("textbox", { name: "Preț până la" });
      expect(high).toHaveValue("2000");
      await user.type(screen.getByRole("textbox", { name: "Preț de la" }), "1,5");
      await user.clear(high);
      await user.type(high, "2.000");
      const price = screen.getByRole("group", { name: "Preț" });
      await user.click(within(price).getByRole("button", { name: "Aplică" }));
      await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("r.price")).toBe("1.5..2000"));
      await user.clear(high);
      await user.type(high, "1");
      await user.click(within(price).getByRole("button", { name: "Aplică" }));
      expect(await screen.findByRole("alert")).toHaveTextContent("Introduceți numere, cel mai mic întâi.");
      expect(new URLSearchParams(router.state.location.search).get("r.price")).toBe("1.5..2000");
      await user.type(screen.getByRole("textbox", { name: "Length (mm) de la" }), "12,5");
      const group = screen.getByRole("group", { name: "Length (mm)" });
      await user.click(within(group).getByRole("button", { name: "Aplică" }));
      await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("r.attr.length_mm")).toBe("12.5.."));
    },
    SLOW,
  );

  it(
    "offers of the same part from several suppliers are one result, expandable into each supplier's offer",
    async () => {
      const offers = [offer("acme", "0.06"), offer("bolts", "0.07", { in_stock: false, lead_time_days: 10, min_order_qty: "500" }), offer("zinc", null)];
      const grouped = item("gtin:5940000000012", "Hex bolt DIN 933 M8 A2", offers, { lowest_price: "0.06", currency: "EUR", gtin: "5940000000012" });
      mockApi({ "GET /api/v1/me": () => me(), "GET /api/v1/marketplaces/m/search": () => json(answer({ items: [grouped], total: 3 })) });
      const user = userEvent.setup();
      renderRoutes(routes(), "/app/search/m?q=din+933");
      expect(await screen.findByText("3 offers from €0.06")).toBeInTheDocument();
      expect(screen.queryByRole("table")).toBeNull();
      await user.click(screen.getByRole("button", { name: "Show offers" }));
      const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
      expect(rows.map((row) => within(row).getAllByRole("cell")[0]?.textContent)).toEqual(["acme SRL", "bolts SRL", "zinc SRL"]);
      expect(rows[1]).toHaveTextContent("Out of stock");
      expect(rows[1]).toHaveTextContent("10 days");
      expect(rows[1]).toHaveTextContent("500 pcs");
      expect(rows[0]).toHaveTextContent("from 1,000: €0.05");
      expect(rows[2]).toHaveTextContent("Price on request");
      expect(await within(rows[1]!).findByRole("button", { name: "Add to cart Hex bolt DIN 933 M8 A2 · bolts SRL" })).toBeInTheDocument();
      await user.click(screen.getByRole("button", { name: "Hide offers" }));
      expect(screen.queryByRole("table")).toBeNull();
    },
    SLOW,
  );

  it(
    "no results offers the corrected query, keeping the filters",
    async () => {
      mockApi({
        "GET /api/v1/me": () => me(),
        "GET /api/v1/marketplaces/m/search": (request) =>
          json(request.search.get("q") === "M8 inxo" ? answer({ items: [], total: 0, corrected_query: "M8 inox" }) : answer()),
      });
      const user = userEvent.setup();
      const { router } = renderRoutes(routes(), "/app/search/m?q=M8+inxo&in_stock=1");
      expect(await screen.findByText("No products match these filters.")).toBeInTheDocument();
      await user.click(screen.getByRole("link", { name: "M8 inox" }));
      await waitFor(() => expect(router.state.location.search).toBe("?q=M8+inox&in_stock=1"));
      expect(await screen.findByRole("link", { name: "Hex bolt M8 inox" })).toBeInTheDocument();
    },
    SLOW,
  );

  it(
    "a broad search shows its total and counts as estimates",
    async () => {
      mockApi({ "GET /api/v1/me": () => me(), "GET /api/v1/marketplaces/m/search": () => json(answer({ total: 33000, total_exact: false, counts_exact: false })) });
      renderRoutes(routes(), "/app/search/m?q=inox");
      expect(await screen.findByText("about 33,000 results")).toBeInTheDocument();
      const material = screen.getByRole("group", { name: "Material" });
      expect(within(material).getByText("(~5)")).toBeInTheDocument();
      expect(screen.getByText("In stock only (~6)")).toBeInTheDocument();
    },
    SLOW,
  );

  it(
    "an exact total beside estimated facet counts says no 'about'",
    async () => {
      mockApi({ "GET /api/v1/me": () => me(), "GET /api/v1/marketplaces/m/search": () => json(answer({ total: 150, counts_exact: false })) });
      renderRoutes(routes(), "/app/search/m?q=inox");
      expect(await screen.findByText("150 results")).toBeInTheDocument();
      expect(within(screen.getByRole("group", { name: "Material" })).getByText("(~5)")).toBeInTheDocument();
    },
    SLOW,
  );

  it(
    "an exact total and counts carry no sign of an estimate",
    async () => {
      mockApi({ "GET /api/v1/me": () => me(), "GET /api/v1/marketplaces/m/search": () => json(answer({ total: 8 })) });
      renderRoutes(routes(), "/app/search/m?q=inox");
      expect(await screen.findByText("8 results")).toBeInTheDocument();
      expect(within(screen.getByRole("group", { name: "Material" })).getByText("(5)")).toBeInTheDocument();
      expect(screen.getByText("In stock only (6)")).toBeInTheDocument();
    },
    SLOW,
  );

  it(
    "results the index found for a corrected query say so",
    async () => {
      mockApi({ "GET /api/v1/me": () => me(), "GET /api/v1/marketplaces/m/search": () => json(answer({ corrected_query: "M8 inox" })) });
      renderRoutes(routes(), "/app/search/m?q=M8+inxo");
      expect(await screen.findByText(/Showing results for/)).toHaveTextContent("Showing results for M8 inox");
      expect(screen.getByRole("link", { name: "M8 inox" })).toHaveAttribute("href", "/app/search/m?q=M8+inox");
    },
    SLOW,
  );
});

describe("header search box", () => {
  it(
    "suggests products, categories and suppliers with the match marked; arrows, Enter and Escape work",
    async () => {
      const calls = mockApi({
        "GET /api/v1/me": () => me(),
        "GET /api/v1/marketplaces/m/suggest": () =>
          json({
            products: [{ value: "t1:v1", label: "Hex bolt M8", highlights: [{ start: 9, end: 11 }] }],
            categories: [{ value: "c-1", label: "M8 bolts", highlights: [{ start: 0, end: 2 }] }],
            suppliers: [{ value: "m8-tools", label: "M8 Tools", highlights: [{ start: 0, end: 2 }] }],
          }),
      });
      const user = userEvent.setup();
      const { router } = renderRoutes(routes(), "/app/header");
      const box = await screen.findByRole("combobox", { name: "Search products" });
      await user.type(box, "M8");
      const options = await screen.findAllByRole("option");
      expect(options).toHaveLength(3);
      expect(options[0]?.querySelector("mark")?.textContent).toBe("M8");
      expect(box).toHaveAttribute("aria-expanded", "true");
      expect(calls.filter((c) => c.path.endsWith("/suggest"))).toHaveLength(1); // debounced: one call for two keys
      await user.keyboard("{Escape}");
      expect(box).toHaveAttribute("aria-expanded", "false");
      await user.keyboard("{ArrowDown}{ArrowDown}");
      expect(box).toHaveAttribute("aria-activedescendant", screen.getAllByRole("option")[1]?.id);
      await user.keyboard("{Enter}");
      await waitFor(() => expect(router.state.location.pathname).toBe("/app/search/m"));
      expect(router.state.location.search).toBe("?f.category=c-1");
    },
    SLOW,
  );

  it(
    "Enter without a chosen suggestion searches the text; a product suggestion searches its name",
    async () => {
      mockApi({
        "GET /api/v1/me": () => me(),
        "GET /api/v1/marketplaces/m/suggest": () => json({ products: [{ value: "t1:v1", label: "Hex bolt M8", highlights: [{ start: 9, end: 11 }] }], categories: [], suppliers: [] }),
        "GET /api/v1/marketplaces/m/search": () => json(answer()),
      });
      const user = userEvent.setup();
      const { router } = renderRoutes(routes(), "/app/header");
      const box = await screen.findByRole("combobox", { name: "Search products" });
      await user.type(box, "M8 inxo{Enter}");
      await waitFor(() => expect(router.state.location.pathname).toBe("/app/search/m"));
      expect(router.state.location.search).toBe("?q=M8+inxo");
      await act(() => router.navigate("/app/header"));
      await user.type(await screen.findByRole("combobox", { name: "Search products" }), "M8");
      await user.click(await screen.findByRole("option", { name: "Product Hex bolt M8" }));
      await waitFor(() => expect(router.state.location.search).toBe("?q=Hex+bolt+M8"));
    },
    SLOW,
  );
});
