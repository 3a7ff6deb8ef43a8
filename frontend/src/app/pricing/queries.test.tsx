import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, mockApi, problem, renderRoutes, renderWithI18n } from "../../test/utils";
import { usePriceList } from "./api/priceLists";
import { Items } from "./priceLists/Items";
import { PriceListsPage } from "./priceLists/PriceLists";
import type { PriceList } from "./priceLists/priceListForm";

afterEach(() => vi.unstubAllGlobals());

const LIST: PriceList = {
  id: "list-1",
  name: "Base",
  kind: "base",
  currency: "EUR",
  priority: 0,
  valid_from: null,
  valid_to: null,
  segment_id: null,
  buyer_org_id: null,
  item_count: 0,
  created_at: "2026-03-05T10:00:00Z",
  updated_at: "2026-03-05T10:00:00Z",
  warnings: [],
};

const ME = { id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "s-1", role: "admin", actions: ["pricing.write"] };
/** Another place that shows the list (its page header, the table of lists). */
function ItemCount() {
  const list = usePriceList("acme", "list-1");
  return <p>items: {list.data?.item_count ?? "…"}</p>;
}

const page = (items: PriceList[]) => json({ items, total: items.length, limit: 20, offset: 0, default_currency: "EUR" });

// several renders and clicks each: generous under a loaded CI machine
const SLOW = 20_000;

describe("price lists table (TanStack Table)", () => {
  it("sorts the page by a column header, and says the order", async () => {
    mockApi({
      "GET /api/v1/suppliers/acme/price-lists": () =>
        page([
          { ...LIST, id: "b", name: "Bravo", priority: 5, item_count: 3 },
          { ...LIST, id: "a", name: "alpha", priority: 10, item_count: 1 },
          { ...LIST, id: "c", name: "Charlie", priority: 1, item_count: 2 },
        ]),
      "GET /api/v1/suppliers/acme/segments": () => json([]),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: "/", element: <PriceListsPage slug="acme" /> }], "/");
    await screen.findByRole("link", { name: "Bravo" });
    const names = () => screen.getAllByRole("row").slice(1).map((row) => within(row).getAllByRole("cell")[0]?.textContent);
    expect(names()).toEqual(["Bravo", "alpha", "Charlie"]); // as the API answered

    await user.click(screen.getByRole("button", { name: "Price list name" }));
    expect(names()).toEqual(["alpha", "Bravo", "Charlie"]);
    expect(screen.getByRole("columnheader", { name: "Price list name" })).toHaveAttribute("aria-sort", "ascending");

    await user.click(screen.getByRole("button", { name: "Priority" }));
    const priority = screen.getByRole("columnheader", { name: "Priority" });
    const priorities = () => screen.getAllByRole("row").slice(1).map((row) => within(row).getAllByRole("cell")[4]?.textContent);
    // numbers compare as numbers (10 after 5), in the direction the header announces
    expect(priorities()).toEqual(priority.getAttribute("aria-sort") === "ascending" ? ["1", "5", "10"] : ["10", "5", "1"]);
    expect(screen.getByRole("columnheader", { name: "Price list name" })).not.toHaveAttribute("aria-sort");
  }, SLOW);
});

describe("pricing mutations refresh what they change", () => {
  it("adding a SKU reloads the list itself (its item count), wherever it is shown", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let count = 0;
    const calls = mockApi({
      "GET /api/v1/suppliers/acme/price-lists/list-1": () => json({ ...LIST, item_count: count }),
      "GET /api/v1/suppliers/acme/price-lists/list-1/items": () => json({ items: [], total: 0, limit: 25, offset: 0 }),
      "PUT /api/v1/suppliers/acme/price-lists/list-1/items": () => {
        count = 1;
        return json(LIST);
      },
    });
    const user = userEvent.setup();
    renderWithI18n(
      <>
        <ItemCount />
        <Items slug="acme" list={LIST} />
      </>,
    );
    expect(await screen.findByText("items: 0")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add SKU" }));
    const form = screen.getByRole("form", { name: "Add SKU" });
    await user.type(within(form).getByLabelText("SKU"), "WR-13");
    await user.type(within(form).getByLabelText("Unit price, tier 1"), "7.5");
    await user.click(within(form).getByRole("button", { name: "Save prices" }));
    expect(await screen.findByText("items: 1")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "GET" && c.path.endsWith("/price-lists/list-1"))).toHaveLength(2);
  }, SLOW);

  it("a server field error lands next to the list form's field, with the form-level alert", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    mockApi({
      "GET /api/v1/me": () => json(ME),
      "GET /api/v1/suppliers/acme/price-lists": () => page([]),
      "GET /api/v1/suppliers/acme/segments": () => json([]),
      "POST /api/v1/suppliers/acme/price-lists": () => problem(422, "validation", { errors: [{ field: "$.name", message: "a list with this name exists" }] }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: "/", element: <PriceListsPage slug="acme" /> }], "/");
    await user.click(await screen.findByRole("button", { name: "New price list" }));
    await user.type(screen.getByLabelText("Price list name"), "Base");
    await user.click(screen.getByRole("button", { name: "Create price list" }));
    const name = await screen.findByLabelText("Price list name");
    await waitFor(() => expect(name).toHaveAccessibleDescription("a list with this name exists"));
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");
  }, SLOW);
});
