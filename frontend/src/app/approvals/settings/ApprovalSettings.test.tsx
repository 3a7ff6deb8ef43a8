import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import type { Locale } from "../../../i18n/format";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { SessionProvider } from "../../../session/SessionProvider";
import { json, mockApi, problem } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import type { ApprovalRule, ApprovalSettings as Settings } from "../api/approvals";
import { ApprovalSettings } from "./ApprovalSettings";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Nordbau", role: "admin", status: "active", created_at: "2026-03-05T10:00:00Z" };
const MEMBERS = [
  { user_id: "u-2", name: "Paul Purchaser", email: "paul@example.com", role: "purchaser" },
  { user_id: "u-3", name: "Ana Approver", email: "ana@example.com", role: "approver" },
];
const RULE: ApprovalRule = {
  id: "r-1",
  name: "Above 10,000 EUR",
  condition: "total_above",
  currency: "EUR",
  amount: "10000",
  supplier_id: null,
  category_id: null,
  levels: [{ roles: ["approver"] }, { roles: ["admin"] }],
  created_at: "2026-03-05T10:00:00Z",
  updated_at: "2026-03-05T10:00:00Z",
};
const SLOW = 20_000;

function wrap(children: ReactNode, locale: Locale = "en") {
  return (
    <QueryProvider>
      <I18nProvider initial={locale}>
        <SessionProvider>
          <OrgContext.Provider value={{ orgs: [ORG], active: ORG, switchTo: () => Promise.resolve(), reload: () => undefined }}>{children}</OrgContext.Provider>
        </SessionProvider>
      </I18nProvider>
    </QueryProvider>
  );
}

const me = (locale: Locale) => () => json({ id: "u-1", email: "o@example.com", name: "Olga", email_verified: true, totp_enabled: false, locale, active_org_id: "b1", role: "admin", actions: ["org.read", "members.read", "approvals.manage"] });

describe("approval settings", () => {
  it(
    "reads a member's limits typed with Romanian decimal commas, refuses a bad amount before calling, and puts the server's complaint on its field",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      let settings: Settings = { limits: [], rules: [RULE] };
      let refuse = true;
      const calls = mockApi({
        "GET /api/v1/me": me("ro"),
        "GET /api/v1/orgs/b1/members": () => json(MEMBERS),
        "GET /api/v1/orgs/b1/approval-settings": () => json(settings),
        "PUT /api/v1/orgs/b1/approval-settings/limits/u-2": (request) => {
          if (refuse) {
            refuse = false;
            return problem(422, "approvals.invalid_settings", { errors: [{ field: "limits[0].per_month", message: "Refused by the server" }] });
          }
          const body = request.body as Settings["limits"][number];
          settings = { ...settings, limits: [{ user_id: "u-2", limits: body.limits }] };
          return json({ user_id: "u-2", limits: body.limits });
        },
      });
      const user = userEvent.setup();
      render(wrap(<ApprovalSettings />, "ro"));
      const row = (await screen.findByRole("cell", { name: /Paul Purchaser/ })).closest("tr") as HTMLElement;
      await user.click(within(row).getByRole("button", { name: "Stabilește limite" }));
      const form = screen.getByRole("form", { name: "Limitele de cheltuieli ale lui Paul Purchaser" });
      const perOrder = within(form).getByRole("textbox", { name: /^Pe comandă/ });
      const perMonth = within(form).getByRole("textbox", { name: /^Pe lună/ });

      await user.type(perOrder, "cinci mii");
      await user.click(within(form).getByRole("button", { name: "Salvează limitele" }));
      await waitFor(() => expect(perOrder).toHaveAttribute("aria-invalid", "true"));
      expect(calls.filter((c) => c.method === "PUT")).toHaveLength(0);

      await user.clear(perOrder);
      await user.type(perOrder, "5.000,50");
      await user.type(perMonth, "20000");
      await user.click(within(form).getByRole("button", { name: "Salvează limitele" }));
      await waitFor(() => expect(perMonth).toHaveAttribute("aria-invalid", "true"));
      expect(within(form).getByText("Refused by the server")).toBeInTheDocument();

      await user.click(within(form).getByRole("button", { name: "Salvează limitele" }));
      expect(await screen.findByText("Limitele lui Paul Purchaser sunt salvate.")).toBeInTheDocument();
      const put = calls.filter((c) => c.method === "PUT").at(-1)?.body;
      expect(put).toEqual({ limits: [{ currency: "EUR", per_order: "5000.50", per_month: "20000" }] });
    },
    SLOW,
  );

  it(
    "adds a rule with two levels and asks for a role on each level",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      const calls = mockApi({
        "GET /api/v1/me": me("en"),
        "GET /api/v1/orgs/b1/members": () => json(MEMBERS),
        "GET /api/v1/orgs/b1/approval-settings": () => json({ limits: [], rules: [] }),
        "POST /api/v1/orgs/b1/approval-settings/rules": (request) => json({ ...RULE, ...(request.body as object), id: "r-2" }, 201),
      });
      const user = userEvent.setup();
      render(wrap(<ApprovalSettings />));
      await user.click(await screen.findByRole("button", { name: "Add rule" }));
      const form = screen.getByRole("form", { name: "Add rule" });
      await user.type(within(form).getByRole("textbox", { name: /^Name/ }), "Big orders");
      await user.type(within(form).getByRole("textbox", { name: /^Amount/ }), "10,000");
      await user.click(within(form).getByRole("button", { name: "Add a level" }));
      const second = within(form).getByRole("group", { name: "Level 2" });
      await user.click(within(second).getByRole("checkbox", { name: "Admin" }));
      await user.click(within(form).getByRole("button", { name: "Save rule" }));
      expect(await within(second).findByText("Choose at least one role.")).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);

      await user.click(within(second).getByRole("checkbox", { name: "Owner" }));
      await user.click(within(form).getByRole("button", { name: "Save rule" }));
      expect(await screen.findByText("Rule Big orders saved.")).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST").at(-1)?.body).toEqual({
        name: "Big orders",
        condition: "total_above",
        currency: "EUR",
        amount: "10000",
        levels: [{ roles: ["approver"] }, { roles: ["owner"] }],
      });
    },
    SLOW,
  );

  it(
    "offers the marketplaces' categories by name for a rule on a category",
    async () => {
      document.cookie = "hansa_csrf=csrf-1; path=/";
      const market = { id: "m-1", slug: "fasteners", name: "Fasteners", kind: "vertical", status: "active", description: "", created_at: "2026-03-05T10:00:00Z", updated_at: "2026-03-05T10:00:00Z", archived_at: null };
      const category = (id: string, path: string, name: string) => ({ id, marketplace_id: "m-1", parent_id: null, slug: path, path, name, depth: path.split("/").length - 1, position: 0, attributes: [] });
      const calls = mockApi({
        "GET /api/v1/me": me("en"),
        "GET /api/v1/orgs/b1/members": () => json(MEMBERS),
        "GET /api/v1/orgs/b1/approval-settings": () => json({ limits: [], rules: [] }),
        "GET /api/v1/marketplaces": () => json([market]),
        "GET /api/v1/marketplaces/fasteners/categories": () => json({ marketplace: market, categories: [category("c-1", "bolts", "Bolts"), category("c-2", "bolts/hex", "Hex bolts")] }),
        "POST /api/v1/orgs/b1/approval-settings/rules": (request) => json({ ...RULE, ...(request.body as object), id: "r-3" }, 201),
      });
      const user = userEvent.setup();
      render(wrap(<ApprovalSettings />));
      await user.click(await screen.findByRole("button", { name: "Add rule" }));
      const form = screen.getByRole("form", { name: "Add rule" });
      await user.type(within(form).getByRole("textbox", { name: /^Name/ }), "Bolts");
      await user.selectOptions(within(form).getByRole("combobox", { name: "Applies to" }), "category");
      await user.click(within(form).getByRole("button", { name: "Save rule" }));
      expect(await within(form).findByText("Choose a category.")).toBeInTheDocument();
      const select = within(form).getByRole("combobox", { name: "Category" });
      await within(select).findByRole("option", { name: "Fasteners › Bolts › Hex bolts" });
      await user.selectOptions(select, "Fasteners › Bolts › Hex bolts");
      await user.click(within(form).getByRole("button", { name: "Save rule" }));
      expect(await screen.findByText("Rule Bolts saved.")).toBeInTheDocument();
      expect(calls.filter((c) => c.method === "POST").at(-1)?.body).toEqual({ name: "Bolts", condition: "category", category_id: "c-2", levels: [{ roles: ["approver"] }] });
    },
    SLOW,
  );
});
