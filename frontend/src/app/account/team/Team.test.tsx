import { render, screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Organisation } from "../../../api/client";
import { QueryProvider } from "../../../api/query";
import { I18nProvider } from "../../../i18n/I18nProvider";
import { SessionProvider } from "../../../session/SessionProvider";
import { json, mockApi } from "../../../test/utils";
import { OrgContext } from "../../orgContext";
import { Team } from "./Team";

afterEach(() => vi.unstubAllGlobals());

const ORG: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "purchaser", status: "active", created_at: "2026-03-05T10:00:00Z" };
const MEMBERS = [
  { user_id: "u-owner", name: "Olga Owner", email: "olga@example.com", role: "owner" },
  { user_id: "u-me", name: "Paul Purchaser", email: "paul@example.com", role: "purchaser" },
  { user_id: "u-view", name: "Vera Viewer", email: "vera@example.com", role: "viewer" },
];
const PURCHASER = ["catalog.read", "members.read", "org.read", "orders.create", "orders.read"];
const ADMIN = [...PURCHASER, "members.invite", "members.manage"];

function api(actions: string[]) {
  return mockApi({
    "GET /api/v1/me": () =>
      json({ id: "u-me", email: "paul@example.com", name: "Paul", email_verified: true, totp_enabled: false, locale: "en", active_org_id: "b1", role: "x", actions }),
    "GET /api/v1/orgs/b1/members": () => json(MEMBERS),
    "GET /api/v1/orgs/b1/invitations": () => json([]),
  });
}

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

const row = (name: string) => screen.getByRole("cell", { name: new RegExp(`^${name}`) }).closest("tr") as HTMLElement;

describe("team page by role", () => {
  it("shows a purchaser no role menus, no Remove buttons and no invitation form: only Leave on their own row", async () => {
    api(PURCHASER);
    render(wrap(<Team />));
    await screen.findByRole("cell", { name: "vera@example.com" });
    await waitFor(() => expect(within(row("Paul Purchaser")).getByRole("button", { name: "Leave" })).toBeInTheDocument());
    expect(screen.queryByRole("combobox", { name: /Access level for/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Remove" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Invite a colleague" })).not.toBeInTheDocument();
    expect(within(row("Vera Viewer")).getByText("Viewer")).toBeInTheDocument();
  });

  it("lets an admin manage everyone but the owner, and offers no owner role", async () => {
    api(ADMIN);
    render(wrap(<Team />));
    await waitFor(() => expect(within(row("Vera Viewer")).getByRole("button", { name: "Remove" })).toBeInTheDocument());
    const menu = within(row("Vera Viewer")).getByRole("combobox", { name: "Access level for Vera Viewer" });
    expect(within(menu).queryByRole("option", { name: "Owner" })).not.toBeInTheDocument();
    expect(within(row("Olga Owner")).queryByRole("button", { name: "Remove" })).not.toBeInTheDocument();
    expect(within(row("Olga Owner")).queryByRole("combobox")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Invite a colleague" })).toBeInTheDocument();
  });
});
