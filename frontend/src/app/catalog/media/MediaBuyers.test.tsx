import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { json, mockApi, renderWithI18n } from "../../../test/utils";
import { MediaSection } from "./Media";

afterEach(() => vi.unstubAllGlobals());

const BASE = "/api/v1/suppliers/acme/products/p-1/media";
const SHEET = {
  id: "m-1",
  product_id: "p-1",
  kind: "document",
  filename: "sheet.pdf",
  content_type: "application/pdf",
  size: 2048,
  sha256: "0".repeat(64),
  position: 0,
  url: "/files/m-1",
  title: "Datasheet",
  visibility: "buyers",
  buyer_org_ids: ["b-1"],
  rendition_state: "none",
  created_at: "2026-03-05T10:00:00Z",
} as unknown as Schemas["MediaOut"];

describe("product documents for named buyer companies", () => {
  it("shows the named buyers by name and changes them with the picker", async () => {
    const calls = mockApi({
      [`GET ${BASE}`]: () => json([SHEET]),
      "GET /api/v1/suppliers/acme/buyer-directory/names": () => json({ items: [{ id: "b-1", name: "Nordbau GmbH", status: "active" }] }),
      "GET /api/v1/suppliers/acme/buyer-directory": () => json({ items: [{ id: "b-2", name: "Nordstern SRL", is_customer: false }] }),
      [`PATCH ${BASE}/m-1`]: ({ body }) => json({ ...SHEET, ...(body as object) }),
    });
    const user = userEvent.setup();
    renderWithI18n(<MediaSection slug="acme" productId="p-1" />);
    expect(await screen.findByText(/Nordbau GmbH/)).toBeInTheDocument();
    expect(screen.queryByText(/b-1/)).toBeNull();

    await user.click(screen.getByRole("button", { name: "Change the buyer companies of Datasheet" }));
    const picker = screen.getByRole("combobox", { name: "Buyer companies who may download Datasheet" });
    await user.click(screen.getByRole("button", { name: "Remove Nordbau GmbH" }));
    await user.click(screen.getByRole("button", { name: "Save buyers" }));
    expect(screen.getByText("Choose a buyer company.")).toBeInTheDocument();
    await user.type(picker, "nordst");
    await user.click(await screen.findByRole("option", { name: "Nordstern SRL" }));
    await user.click(screen.getByRole("button", { name: "Save buyers" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ visibility: "buyers", buyer_org_ids: ["b-2"], clear_title: false });
    expect(await screen.findByText("sheet.pdf saved.")).toBeInTheDocument();
  });

  it("names buyer companies at upload, by name", async () => {
    mockApi({ [`GET ${BASE}`]: () => json([]) });
    const user = userEvent.setup();
    renderWithI18n(<MediaSection slug="acme" productId="p-1" />);
    await user.selectOptions(screen.getByLabelText("Who may download"), "buyers");
    expect(screen.getByRole("combobox", { name: "Named buyer companies" })).toBeInTheDocument();
  });
});
