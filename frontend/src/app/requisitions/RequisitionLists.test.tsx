import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../api/client";
import { json, mockApi, problem, renderRoutes } from "../../test/utils";
import { OrgContext } from "../orgContext";
import type { PricedLine, RequisitionList, RequisitionListDetail } from "./api/lists";
import { RequisitionListPage } from "./RequisitionListPage";
import { RequisitionLists } from "./RequisitionLists";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
const WRITER = ["org.read", "requisitions.read", "requisitions.write", "orders.create"];
const READER = ["org.read", "requisitions.read"];
const SLOW = 20_000;

function me(actions: string[]) {
  return () => json({ id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "purchaser", actions });
}

function summary(id: string, name: string, visibility: "private" | "shared" = "private"): RequisitionList {
  return { id, org_id: "b1", owner_id: "u-1", name, visibility, line_count: 2, created_at: "2026-03-05T10:00:00Z", updated_at: "2026-03-05T10:00:00Z", owner_name: "Ana", can_manage: true };
}

const BOLT: PricedLine = {
  id: "l-1",
  tenant_id: "s1",
  supplier_name: "Bolts SRL",
  supplier_slug: "bolts",
  sku: "HB-M8",
  quantity: "100",
  note: null,
  added_at: "2026-03-05T10:00:00Z",
  orderable: true,
  reason: null,
  product_name: "Hex bolt M8",
  currency: "EUR",
  unit_price: "0.07",
  line_total: "7.00",
  stock: "in_stock",
  suggested_quantity: null,
};
const WRENCH: PricedLine = { ...BOLT, id: "l-2", sku: "WR-13", quantity: "5", orderable: false, reason: "below_minimum", product_name: "Wrench 13", unit_price: null, line_total: null, suggested_quantity: "50" };
const DETAIL: RequisitionListDetail = { summary: summary("r-1", "Weekly bolts", "shared"), lines: [BOLT, WRENCH], totals: [{ currency: "EUR", total: "7.00" }] };

function routes() {
  const provide = (element: React.ReactNode) => <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{element}</OrgContext.Provider>;
  return [
    { path: "/app/requisition-lists", element: provide(<RequisitionLists />) },
    { path: "/app/requisition-lists/:id", element: provide(<RequisitionListPage />) },
  ];
}

describe("requisition lists page", () => {
  it(
    "shows the lists, filters mine/shared, pages on with the cursor",
    async () => {
      const calls = mockApi({
        "GET /api/v1/me": me(READER),
        "GET /api/v1/orgs/b1/requisition-lists": (request) => {
          if (request.search.get("cursor") === "c-1") return json({ items: [summary("r-3", "Zinc")], next_cursor: null });
          if (request.search.get("scope") === "shared") return json({ items: [summary("r-1", "Weekly bolts", "shared")], next_cursor: null });
          return json({ items: [summary("r-1", "Weekly bolts", "shared"), summary("r-2", "My tools")], next_cursor: "c-1" });
        },
      });
      const user = userEvent.setup();
      renderRoutes(routes(), "/app/requisition-lists");
      expect(await screen.findByRole("link", { name: "Weekly bolts" })).toHaveAttribute("href", "/app/requisition-lists/r-1");
      expect(screen.getByRole("cell", { name: "The whole company" })).toBeInTheDocument();
      await waitFor(() => expect(screen.queryByRole("button", { name: "New list" })).not.toBeInTheDocument()); // a reader
      await user.click(screen.getByRole("button", { name: "Show more" }));
      expect(await screen.findByRole("link", { name: "Zinc" })).toBeInTheDocument();
      await user.selectOptions(screen.getByRole("combobox", { name: "Show" }), "shared");
      await waitFor(() => expect(screen.queryByRole("link", { name: "My tools" })).not.toBeInTheDocument());
      expect(calls.some((c) => c.search.get("scope") === "shared")).toBe(true);
    },
    SLOW,
  );

  it(
    "creates a list and opens it; an empty name is refused before calling the server",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      const calls = mockApi({
        "GET /api/v1/me": me(WRITER),
        "GET /api/v1/orgs/b1/requisition-lists": () => json({ items: [], next_cursor: null }),
        "POST /api/v1/orgs/b1/requisition-lists": (request) => json({ ...summary("r-9", (request.body as { name: string }).name, "shared"), line_count: 0 }, 201),
        "GET /api/v1/orgs/b1/requisition-lists/r-9": () => json({ summary: summary("r-9", "Site Cluj", "shared"), lines: [], totals: [] }),
      });
      const user = userEvent.setup();
      const { router } = renderRoutes(routes(), "/app/requisition-lists");
      expect(await screen.findByText("No requisition lists yet.")).toBeInTheDocument();
      await user.click(await screen.findByRole("button", { name: "New list" }));
      const form = screen.getByRole("form", { name: "New list" });
      await user.click(within(form).getByRole("button", { name: "New list" }));
      expect(await within(form).findByText(/required/i)).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
      await user.type(within(form).getByRole("textbox", { name: /^Name/ }), "Site Cluj");
      await user.selectOptions(within(form).getByRole("combobox", { name: "Visible to" }), "shared");
      await user.click(within(form).getByRole("button", { name: "New list" }));
      await waitFor(() => expect(router.state.location.pathname).toBe("/app/requisition-lists/r-9"));
      expect(calls.find((c) => c.method === "POST")?.body).toEqual({ name: "Site Cluj", visibility: "shared" });
      expect(await screen.findByRole("heading", { name: "Site Cluj" })).toBeInTheDocument();
    },
    SLOW,
  );

  it(
    "saves the cart as a list, and says so when the cart is empty",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      const calls = mockApi({
        "GET /api/v1/me": me(WRITER),
        "GET /api/v1/orgs/b1/requisition-lists": () => json({ items: [], next_cursor: null }),
        "POST /api/v1/orgs/b1/requisition-lists/from-cart": () => problem(422, "requisitions.empty_cart"),
      });
      const user = userEvent.setup();
      renderRoutes(routes(), "/app/requisition-lists");
      await user.click(await screen.findByRole("button", { name: "New list" }));
      const form = screen.getByRole("form", { name: "New list" });
      await user.type(within(form).getByRole("textbox", { name: /^Name/ }), "From my cart");
      await user.click(within(form).getByRole("checkbox", { name: "Start with the lines of my cart" }));
      await user.click(within(form).getByRole("button", { name: "New list" }));
      expect(await within(form).findByText("Your cart is empty: there is nothing to save.")).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST").map((c) => [c.path, c.body])).toEqual([["/api/v1/orgs/b1/requisition-lists/from-cart", { name: "From my cart", visibility: "private" }]]);
    },
    SLOW,
  );
});

describe("requisition list page", () => {
  it(
    "shows today's prices and why a line cannot be ordered, puts selected lines in the cart and lists what was skipped",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      const calls = mockApi({
        "GET /api/v1/me": me(WRITER),
        "GET /api/v1/orgs/b1/requisition-lists/r-1": () => json(DETAIL),
        "POST /api/v1/orgs/b1/requisition-lists/r-1/to-cart": () =>
          json({ added: [{ line_id: "l-1", tenant_id: "s1", sku: "HB-M8", quantity: "100" }], skipped: [{ line_id: "l-2", tenant_id: "s1", sku: "WR-13", quantity: "5", reason: "below_minimum" }] }),
      });
      const user = userEvent.setup();
      renderRoutes(routes(), "/app/requisition-lists/r-1");
      const bolt = (await screen.findByRole("cell", { name: "HB-M8" })).closest("tr") as HTMLElement;
      expect(within(bolt).getByText("€0.07")).toBeInTheDocument();
      expect(within(bolt).getByText("In stock")).toBeInTheDocument();
      const wrench = screen.getByRole("cell", { name: "WR-13" }).closest("tr") as HTMLElement;
      expect(within(wrench).getByText(/below the minimum order quantity · try 50/)).toBeInTheDocument();
      expect(screen.getByText("Total €7.00")).toBeInTheDocument();

      expect(screen.getByRole("button", { name: "Add 0 selected lines to cart" })).toBeDisabled();
      await user.click(screen.getByRole("checkbox", { name: "Select HB-M8" }));
      await user.click(screen.getByRole("checkbox", { name: "Select WR-13" }));
      await user.click(screen.getByRole("button", { name: "Add 2 selected lines to cart" }));
      expect(await screen.findByText("1 line added to your cart.")).toBeInTheDocument();
      const skipped = screen.getByRole("region", { name: "Not added to the cart" });
      expect(within(skipped).getByText("WR-13: below the minimum order quantity")).toBeInTheDocument();
      expect(calls.find((c) => c.path.endsWith("/to-cart"))?.body).toEqual({ line_ids: ["l-1", "l-2"] });

      await user.click(screen.getByRole("button", { name: "Add all to cart" }));
      await waitFor(() => expect(calls.filter((c) => c.path.endsWith("/to-cart"))).toHaveLength(2));
      expect(calls.filter((c) => c.path.endsWith("/to-cart")).at(-1)?.body).toEqual({});
    },
    SLOW,
  );

  it(
    "adds by SKU and asks for the supplier when several sell it",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      let refuse = true;
      const calls = mockApi({
        "GET /api/v1/me": me(WRITER),
        "GET /api/v1/orgs/b1/requisition-lists/r-1": () => json(DETAIL),
        "POST /api/v1/orgs/b1/requisition-lists/r-1/lines": () => {
          if (refuse) {
            refuse = false;
            return problem(422, "requisitions.invalid_lines", { errors: [{ field: "lines[0].tenant_id", message: "NT-M8: several suppliers sell it; name one" }] });
          }
          return json({ ...DETAIL, lines: [...DETAIL.lines, { ...BOLT, id: "l-3", sku: "NT-M8", product_name: "Nut M8" }] });
        },
      });
      const user = userEvent.setup();
      renderRoutes(routes(), "/app/requisition-lists/r-1");
      const form = await screen.findByRole("form", { name: "Add by SKU" });
      await user.type(within(form).getByRole("textbox", { name: /^SKU/ }), "NT-M8");
      await user.type(within(form).getByRole("textbox", { name: /^Quantity/ }), "0");
      await user.click(within(form).getByRole("button", { name: "Add to list" }));
      expect(await within(form).findByText("Enter a quantity above zero.")).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);

      await user.clear(within(form).getByRole("textbox", { name: /^Quantity/ }));
      await user.type(within(form).getByRole("textbox", { name: /^Quantity/ }), "1,000");
      await user.click(within(form).getByRole("button", { name: "Add to list" }));
      expect(await within(form).findByText("Several suppliers sell this SKU: choose one.")).toBeInTheDocument();
      await user.selectOptions(within(form).getByRole("combobox", { name: "Supplier" }), "s1");
      await user.click(within(form).getByRole("button", { name: "Add to list" }));
      expect(await screen.findByRole("cell", { name: "NT-M8" })).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([
        { lines: [{ sku: "NT-M8", quantity: "1000" }] },
        { lines: [{ sku: "NT-M8", quantity: "1000", tenant_id: "s1" }] },
      ]);
    },
    SLOW,
  );
});
