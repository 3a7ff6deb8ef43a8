import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../api/client";
import { json, mockApi, renderRoutes } from "../../test/utils";
import { OrgContext } from "../orgContext";
import type { Offer, SearchAnswer, SearchHit } from "./api/types";
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
    supplier: { slug: supplier, name: `${supplier} SRL` },
    product_id: `p-${supplier}`,
    variant_id: `v-${supplier}`,
    sku: `HB-M8-${supplier}`,
    unit: "pcs",
    price,
    currency: price ? "EUR" : null,
    tiers: price ? [{ min_qty: "1000", unit_price: "0.05" }] : [],
    in_stock: true,
    lead_time_days: 2,
    moq: "100",
    ...extra,
  };
}

function hit(id: string, name: string, offers: Offer[]): SearchHit {
  return { id, name, thumbnail_url: null, manufacturer: null, mpn: null, gtin: null, offers };
}

function answer(extra: Partial<SearchAnswer> = {}): SearchAnswer {
  return {
    hits: [hit("h1", "Hex bolt M8 inox", [offer("acme", "0.07")])],
    total: 1,
    facets: { "attr.material": { inox: 3, steel: 5 }, supplier: { acme: 8 }, category: { "c-1": 8 }, in_stock: { true: 6, false: 2 } },
    facet_labels: { "attr.material": "Material" },
    value_labels: { supplier: { acme: "Acme SRL" } },
    corrected_query: null,
    next_cursor: null,
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
        "GET /api/v1/marketplaces/m/categories": () => json({ marketplace: { id: "m-1", slug: "m", name: "Metals" }, categories: [{ id: "c-1", name: "Fasteners", depth: 0 }] }),
      });
      const user = userEvent.setup();
      const { router } = renderRoutes(routes(), "/app/search/m?q=M8+inox");
      expect(await screen.findByRole("heading", { name: "Results for “M8 inox”" })).toBeInTheDocument();
      const material = await screen.findByRole("group", { name: "Material" });
      expect(within(material).getAllByRole("checkbox").map((box) => box.parentElement?.textContent)).toEqual([" steel (5)", " inox (3)"]);
      expect(await screen.findByRole("checkbox", { name: /Fasteners \(8\)/ })).toBeInTheDocument(); // category names from the tree
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
      await user.click(screen.getByRole("button", { name: "Aplică" }));
      await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("r.price")).toBe("1.5..2000"));
      await user.clear(high);
      await user.type(high, "1");
      await user.click(screen.getByRole("button", { name: "Aplică" }));
      expect(await screen.findByRole("alert")).toHaveTextContent("Introduceți numere, cel mai mic întâi.");
      expect(new URLSearchParams(router.state.location.search).get("r.price")).toBe("1.5..2000");
    },
    SLOW,
  );

  it(
    "offers of the same part from several suppliers are one result, expandable into each supplier's offer",
    async () => {
      const grouped = hit("g1", "Hex bolt DIN 933 M8 A2", [offer("acme", "0.06"), offer("bolts", "0.07", { in_stock: false, lead_time_days: 10, moq: "500" }), offer("zinc", null)]);
      mockApi({ "GET /api/v1/me": () => me(), "GET /api/v1/marketplaces/m/search": () => json(answer({ hits: [grouped], total: 1 })) });
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
          json(request.search.get("q") === "M8 inxo" ? answer({ hits: [], total: 0, corrected_query: "M8 inox" }) : answer()),
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
});

describe("header search box", () => {
  it(
    "suggests products, categories and suppliers with the match marked; arrows, Enter and Escape work",
    async () => {
      const calls = mockApi({
        "GET /api/v1/me": () => me(),
        "GET /api/v1/marketplaces/m/suggest": () =>
          json({
            products: [{ value: "t1:v1", label: "Hex bolt M8", highlights: [{ start: 9, end: 11 }], supplier_slug: "acme", product_id: "p-1" }],
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
    "Enter without a chosen suggestion searches the text; a product suggestion opens the product",
    async () => {
      mockApi({
        "GET /api/v1/me": () => me(),
        "GET /api/v1/marketplaces/m/suggest": () => json({ products: [{ value: "t1:v1", label: "Hex bolt M8", highlights: [{ start: 9, end: 11 }], supplier_slug: "acme", product_id: "p-1" }], categories: [], suppliers: [] }),
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
      await waitFor(() => expect(router.state.location.pathname).toBe("/app/browse/m/acme/p-1"));
    },
    SLOW,
  );
});
