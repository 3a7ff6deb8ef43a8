import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderRoutes } from "../../test/utils";
import type { ChangeIn, OrderLine } from "./api/orders";
import { ChangeForm } from "./OrderForms";

const LINES = [
  { id: "l-1", sku: "AL-1", cancelled: false },
  { id: "l-2", sku: "BE-1", cancelled: false },
] as unknown as OrderLine[];

describe("the buyer's change request", () => {
  it("removes a line and asks for another ship-to location", async () => {
    const onSubmit = vi.fn((body: ChangeIn) => Promise.resolve(body));
    const onClose = vi.fn();
    const shipTo = [{ value: "loc-2", label: "Depot" }];
    renderRoutes([{ path: "/", element: <ChangeForm title="Request a change" lines={LINES} shipTo={shipTo} onSubmit={onSubmit} onClose={onClose} /> }], "/");
    await userEvent.click(await screen.findByLabelText("Remove BE-1"));
    await userEvent.selectOptions(screen.getByLabelText("Ship to"), "loc-2");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(onSubmit).toHaveBeenCalledWith({
      lines: [{ line_id: "l-2", quantity: null, requested_date: null, substitute_sku: null, remove: true }],
      requested_delivery_date: null,
      ship_to_location_id: "loc-2",
      reason: null,
    });
    expect(onClose).toHaveBeenCalled();
  });
});
