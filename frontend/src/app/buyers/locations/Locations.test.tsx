import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { SessionProvider } from "../../../session/SessionProvider";
import { json, mockApi, problem } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import type { BuyerLocation } from "../api/locations";
import { Locations } from "./Locations";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "admin", status: "active", created_at: "2026-03-05T10:00:00Z" };
const READER = ["org.read", "locations.read", "orders.create"];
const ADMIN = [...READER, "locations.manage"];
const HQ: BuyerLocation = {
  id: "l-1",
  org_id: "b1",
  name: "Head office",
  is_ship_to: true,
  is_bill_to: true,
  is_default_ship_to: true,
  is_default_bill_to: true,
  line1: "Str. Fabricii 12",
  line2: null,
  city: "Cluj-Napoca",
  region: null,
  postal_code: "400632",
  country: "RO",
  contact_name: "Ana Pop",
  contact_email: null,
  contact_phone: null,
  tax_id: "RO18547290",
  created_at: "2026-03-05T10:00:00Z",
  updated_at: "2026-03-05T10:00:00Z",
};
const SLOW = 20_000;

function wrap(children: ReactNode) {
  return (
    <QueryProvider>
      <I18nProvider initial="en">
        <SessionProvider>
          <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>
        </SessionProvider>
      </I18nProvider>
    </QueryProvider>
  );
}

function me(actions: string[]) {
  return () => json({ id: "u-1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "x", actions });
}

describe("locations page", () => {
  it("shows a purchaser the locations and their defaults, without edit controls", async () => {
    mockApi({ "GET /api/v1/me": me(READER), "GET /api/v1/orgs/b1/locations": () => json([HQ]) });
    render(wrap(<Locations />));
    const row = (await screen.findByRole("cell", { name: "Head office" })).closest("tr") as HTMLElement;
    expect(within(row).getByText("Default ship-to")).toBeInTheDocument();
    expect(within(row).getByText("Default bill-to")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Add location" })).not.toBeInTheDocument());
    expect(screen.queryByRole("button", { name: "Edit" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
  });

  it(
    "puts the server's complaint next to its field, then adds the location and reloads the list",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      let stored: BuyerLocation[] = [HQ];
      let refuse = true;
      const calls = mockApi({
        "GET /api/v1/me": me(ADMIN),
        "GET /api/v1/orgs/b1/locations": () => json(stored),
        "POST /api/v1/orgs/b1/locations": (request) => {
          if (refuse) {
            refuse = false;
            return problem(400, "http.bad_request", { errors: [{ field: "$.tax_id", message: "Tax ID refused by the server" }] });
          }
          const body = request.body as Partial<BuyerLocation>;
          const created = { ...HQ, ...body, id: "l-2", is_default_ship_to: false, is_default_bill_to: false };
          stored = [...stored, created];
          return json(created, 201);
        },
      });
      const user = userEvent.setup();
      render(wrap(<Locations />));
      await user.click(await screen.findByRole("button", { name: "Add location" }));
      const form = screen.getByRole("form", { name: "Add location" });
      await user.type(within(form).getByRole("textbox", { name: /^Name/ }), "Depot Turda");
      await user.type(within(form).getByRole("textbox", { name: /^Address(?! line)/ }), "Str. Libertății 3");
      await user.type(within(form).getByRole("textbox", { name: /^City/ }), "Turda");
      await user.type(within(form).getByRole("textbox", { name: /^Country/ }), "ro");
      await user.type(within(form).getByRole("textbox", { name: /^Tax ID/ }), "RO1");
      await user.click(within(form).getByRole("button", { name: "Add location" }));

      const taxId = await within(form).findByRole("textbox", { name: /^Tax ID/ });
      await waitFor(() => expect(taxId).toHaveAttribute("aria-invalid", "true"));
      expect(within(form).getByText("Tax ID refused by the server")).toBeInTheDocument();
      expect(screen.queryByRole("cell", { name: "Depot Turda" })).not.toBeInTheDocument();

      await user.click(within(form).getByRole("button", { name: "Add location" }));
      await screen.findByRole("cell", { name: "Depot Turda" });
      const posted = calls.filter((c) => c.method === "POST").at(-1)?.body as Record<string, unknown>;
      expect(posted).toMatchObject({ name: "Depot Turda", country: "RO", is_ship_to: true, is_bill_to: false, tax_id: "RO1" });
      expect(posted).not.toHaveProperty("line2"); // empty optional fields are left out
      expect(calls.filter((c) => c.method === "GET" && c.path === "/api/v1/orgs/b1/locations")).toHaveLength(2);
      expect(screen.getByText("Depot Turda saved.")).toBeInTheDocument();
    },
    SLOW,
  );

  it("refuses a location that is neither ship-to nor bill-to before calling the server", async () => {
    const calls = mockApi({ "GET /api/v1/me": me(ADMIN), "GET /api/v1/orgs/b1/locations": () => json([]) });
    const user = userEvent.setup();
    render(wrap(<Locations />));
    await user.click(await screen.findByRole("button", { name: "Add location" }));
    const form = screen.getByRole("form", { name: "Add location" });
    await user.click(within(form).getByRole("checkbox", { name: "Ship-to" }));
    await user.click(within(form).getByRole("button", { name: "Add location" }));
    expect(await within(form).findByText("Choose ship-to, bill-to or both.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  }, SLOW);
});
