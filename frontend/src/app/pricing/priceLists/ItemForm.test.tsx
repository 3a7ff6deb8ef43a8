import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, mockApi, renderWithI18n } from "../../../test/utils";
import { ItemForm } from "./ItemForm";
import type { PriceList } from "./priceListForm";

afterEach(() => vi.unstubAllGlobals());

const LIST: PriceList = {
  id: "list-1",
  name: "Base EUR",
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
};

describe("price list item form (tier editor)", () => {
  it("shows tier errors next to their inputs and sends nothing", async () => {
    const calls = mockApi({});
    const user = userEvent.setup();
    renderWithI18n(<ItemForm slug="acme" list={LIST} item={null} onSaved={() => undefined} onCancel={() => undefined} />);
    await user.type(screen.getByLabelText("SKU"), "BOLT-M8");
    await user.type(screen.getByLabelText("Unit price, tier 1"), "1.1234567");
    await user.click(screen.getByRole("button", { name: "Add tier" }));
    await user.clear(screen.getByLabelText("From quantity, tier 2"));
    await user.type(screen.getByLabelText("From quantity, tier 2"), "1");
    await user.type(screen.getByLabelText("Unit price, tier 2"), "0.9");
    await user.click(screen.getByRole("button", { name: "Save prices" }));

    const price = screen.getByLabelText("Unit price, tier 1");
    expect(price).toHaveAttribute("aria-invalid", "true");
    expect(price).toHaveAccessibleDescription("Use at most 6 decimals.");
    expect(screen.getByLabelText("From quantity, tier 2")).toHaveAccessibleDescription("Two tiers start at this quantity.");
    expect(screen.getByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");
    expect(calls).toHaveLength(0);
  });

  it("saves the tiers as decimal strings, exactly as typed", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = mockApi({ "PUT /api/v1/suppliers/acme/price-lists/list-1/items": () => json(LIST) });
    const saved = vi.fn();
    const user = userEvent.setup();
    renderWithI18n(<ItemForm slug="acme" list={LIST} item={null} onSaved={saved} onCancel={() => undefined} />);
    await user.type(screen.getByLabelText("SKU"), "BOLT-M8");
    await user.type(screen.getByLabelText("Unit price, tier 1"), "0.085000");
    expect(screen.getByText("€0.085")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add tier" }));
    await user.type(screen.getByLabelText("From quantity, tier 2"), "1000");
    await user.type(screen.getByLabelText("Unit price, tier 2"), "0.07");
    await user.click(screen.getByRole("button", { name: "Save prices" }));
    await waitFor(() => expect(saved).toHaveBeenCalledWith("BOLT-M8"));
    expect(calls[0]?.body).toEqual({
      items: [
        {
          sku: "BOLT-M8",
          tiers: [
            { min_qty: "1", unit_price: "0.085000" },
            { min_qty: "1000", unit_price: "0.07" },
          ],
        },
      ],
    });
    expect(calls[0]?.headers.get("X-CSRF-Token")).toBe("csrf-1");
  });
});
