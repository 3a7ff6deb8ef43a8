import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Tenant } from "../../../api/client";
import { json, mockApi, problem, renderWithI18n } from "../../../test/utils";
import { Audit } from "../audit/Audit";
import { Tenants } from "./Tenants";

afterEach(() => vi.unstubAllGlobals());

function tenant(slug: string, status: Tenant["status"]): Tenant {
  return {
    id: `id-${slug}`,
    slug,
    name: slug.toUpperCase(),
    status,
    schema_name: `t_${slug}`,
    schema_version: 1,
    created_at: "2026-03-05T10:00:00Z",
    updated_at: "2026-03-05T10:00:00Z",
    archived_at: null,
  };
}

const TENANTS = [tenant("acme", "pending"), tenant("bolt", "active"), tenant("cog", "suspended")];

function api(overrides = {}) {
  return mockApi({
    "GET /api/v1/operator/tenants": ({ search }) => {
      const status = search.get("status");
      const items = status ? TENANTS.filter((t) => t.status === status) : TENANTS;
      return json({ items, total: items.length, limit: 20, offset: 0 });
    },
    "POST /api/v1/operator/tenants/id-acme/approve": () => json({ ...TENANTS[0], status: "active" }),
    "POST /api/v1/operator/tenants/id-bolt/suspend": () => json({ ...TENANTS[1], status: "suspended" }),
    "POST /api/v1/operator/tenants/id-cog/reactivate": () => json({ ...TENANTS[2], status: "active" }),
    ...overrides,
  });
}

const row = (name: string) => screen.getByRole("cell", { name }).closest("tr") as HTMLElement;

describe("operator tenants table", () => {
  it("lists tenants with the action their status allows", async () => {
    api();
    renderWithI18n(<Tenants />);
    expect(await screen.findByRole("cell", { name: "ACME" })).toBeInTheDocument();
    expect(within(row("ACME")).getByRole("button", { name: "Approve" })).toBeInTheDocument();
    expect(within(row("BOLT")).getByRole("button", { name: "Suspend" })).toBeInTheDocument();
    expect(within(row("COG")).getByRole("button", { name: "Reactivate" })).toBeInTheDocument();
    expect(within(row("ACME")).queryByRole("button", { name: "Suspend" })).not.toBeInTheDocument();
    expect(screen.getByText("1–3 of 3")).toBeInTheDocument();
  });

  it("approves a pending tenant and updates its row", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const calls = api();
    renderWithI18n(<Tenants />);
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole("row", { name: /ACME/ })).getByRole("button", { name: "Approve" }));
    expect(await screen.findByText("ACME is approved.")).toBeInTheDocument();
    expect(within(row("ACME")).getByText("Active")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.path).toBe("/api/v1/operator/tenants/id-acme/approve");
    expect(post?.headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("asks a reason before suspending, and sends it", async () => {
    const calls = api();
    renderWithI18n(<Tenants />);
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole("row", { name: /BOLT/ })).getByRole("button", { name: "Suspend" }));
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.type(screen.getByLabelText("Reason for suspension"), "unpaid invoices");
    await user.click(screen.getByRole("button", { name: "Confirm suspension" }));
    expect(await screen.findByText("BOLT is suspended.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "unpaid invoices" });
    expect(within(row("BOLT")).getByRole("button", { name: "Reactivate" })).toBeInTheDocument();
  });

  it("reactivates a suspended tenant; a refused action shows an alert", async () => {
    api({ "POST /api/v1/operator/tenants/id-acme/approve": () => problem(409, "tenants.invalid_transition", { detail: "not pending any more" }) });
    renderWithI18n(<Tenants />);
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole("row", { name: /COG/ })).getByRole("button", { name: "Reactivate" }));
    expect(await screen.findByText("COG is active again.")).toBeInTheDocument();
    await user.click(within(row("ACME")).getByRole("button", { name: "Approve" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("not pending any more");
  });

  it("sends the search and status filter to the API", async () => {
    const calls = api();
    renderWithI18n(<Tenants />);
    const user = userEvent.setup();
    await screen.findByRole("cell", { name: "ACME" });
    await user.selectOptions(screen.getByLabelText("Status"), "suspended");
    await waitFor(() => expect(screen.queryByRole("cell", { name: "ACME" })).not.toBeInTheDocument());
    expect(screen.getByRole("cell", { name: "COG" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Search"), "zzz");
    await waitFor(() => expect(calls.some((c) => c.search.get("search") === "zzz" && c.search.get("status") === "suspended")).toBe(true));
  });

  it("shows an error state with a retry button when the list fails", async () => {
    let fail = true;
    api({
      "GET /api/v1/operator/tenants": () => (fail ? problem(500, "internal") : json({ items: [], total: 0, limit: 20, offset: 0 })),
    });
    renderWithI18n(<Tenants />);
    const user = userEvent.setup();
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load this list.");
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No tenants match.")).toBeInTheDocument();
  });

  it("approving refreshes the audit trail (another page's query) and keeps the row where it was", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    const entries = [{ id: 1, at: "2026-03-05T10:00:00Z", action: "tenant.created", actor_kind: "system", actor_id: "system", target_type: "tenant", target_id: "id-acme", org: null }];
    const calls = api({
      "GET /api/v1/operator/audit": () => json({ items: entries, next_cursor: null }),
      "POST /api/v1/operator/tenants/id-acme/approve": () => {
        entries.unshift({ ...entries[0]!, id: 2, action: "tenant.approved", actor_kind: "user" });
        return json({ ...TENANTS[0], status: "active" });
      },
    });
    renderWithI18n(
      <>
        <Tenants />
        <Audit />
      </>,
    );
    const user = userEvent.setup();
    expect(await screen.findByText("tenant.created")).toBeInTheDocument();
    await user.click(within(await screen.findByRole("row", { name: /ACME/ })).getByRole("button", { name: "Approve" }));
    expect(await screen.findByText("tenant.approved")).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "/api/v1/operator/audit")).toHaveLength(2);
    expect(within(row("ACME")).getByText("Active")).toBeInTheDocument();
  });

  it("keeps the typed reason when the server refuses (the row's form is not remounted)", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    api({ "POST /api/v1/operator/tenants/id-acme/reject": () => problem(409, "tenants.invalid_transition", { detail: "not pending any more" }) });
    renderWithI18n(<Tenants />);
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole("row", { name: /ACME/ })).getByRole("button", { name: "Reject" }));
    await user.type(screen.getByLabelText("Reason for rejecting ACME"), "no VAT number");
    await user.click(screen.getByRole("button", { name: "Reject" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("not pending any more");
    expect(screen.getByLabelText("Reason for rejecting ACME")).toHaveValue("no VAT number");
  });
});
