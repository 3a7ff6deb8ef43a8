import { useQuery } from "@tanstack/react-query";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, call, type Organisation } from "../../api/client";
import { Invitation } from "../../pages/Invitation";
import { json, mockApi, problem, renderRoutes, type Recorded } from "../../test/utils";
import { useOrgs } from "./api/orgs";
import { Onboarding } from "./onboarding/Onboarding";
import { AppLayout } from "./shell/AppLayout";

afterEach(() => vi.unstubAllGlobals());

const BUYER: Organisation = { id: "b1", kind: "buyer", name: "Buyer AG", role: "owner", status: "active", created_at: "2026-03-05T10:00:00Z" };
const SUPPLIER: Organisation = { id: "s1", kind: "supplier", name: "Acme SRL", slug: "acme", role: "owner", status: "active", created_at: "2026-03-05T10:00:00Z" };
const me = (active: string | null) => ({ id: "u1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: active, role: "owner", actions: [] });
const count = (calls: Recorded[], method: string, path: string) => calls.filter((c) => c.method === method && c.path === path).length;

/** A page of another area, with its own query: what it shows must not outlive the organisation it was asked for. */
function OtherAreaPage() {
  const answer = useQuery({ queryKey: ["pricing", "acme", "price-lists"], queryFn: () => call(api.GET("/api/v1/suppliers/{tenant}/price-lists", { params: { path: { tenant: "acme" } } })) });
  return <p>{answer.data ? "price lists loaded" : "…"}</p>;
}

describe("account mutations refresh what they change", () => {
  it("switching organisation asks every query again: who I am, my organisations, and other areas' pages", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let active = "b1";
    const calls = mockApi({
      "GET /api/v1/me": () => json(me(active)),
      "GET /api/v1/orgs": () => json([BUYER, SUPPLIER]),
      "GET /api/v1/notifications/unread-count": () => json({ unread: 0 }),
      "GET /api/v1/suppliers/acme/price-lists": () => json({ items: [], total: 0, limit: 20, offset: 0, default_currency: "EUR" }),
      "POST /api/v1/orgs/active": ({ body }) => {
        active = (body as { org_id: string }).org_id;
        return json({ org_id: active });
      },
    });
    const { router } = renderRoutes([{ path: "/app", element: <AppLayout />, children: [{ path: "other", element: <OtherAreaPage /> }] }], "/app/other");
    expect(await screen.findByText("price lists loaded")).toBeInTheDocument();
    const before = { me: count(calls, "GET", "/api/v1/me"), orgs: count(calls, "GET", "/api/v1/orgs"), other: count(calls, "GET", "/api/v1/suppliers/acme/price-lists") };

    await userEvent.setup().selectOptions(screen.getByLabelText("Organisation"), "s1");
    await waitFor(() => expect(router.state.location.pathname).toBe("/app"));
    expect(count(calls, "GET", "/api/v1/me")).toBeGreaterThan(before.me);
    expect(count(calls, "GET", "/api/v1/orgs")).toBeGreaterThan(before.orgs);
    await waitFor(() => expect(count(calls, "GET", "/api/v1/suppliers/acme/price-lists")).toBeGreaterThan(before.other));
    expect(screen.getByLabelText("Organisation")).toHaveValue("s1");
  });

  it("accepting an invitation asks the organisations again (the switcher lists the new one)", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let joined = false;
    const calls = mockApi({
      "GET /api/v1/me": () => json(me(joined ? "s1" : null)),
      "GET /api/v1/orgs": () => json(joined ? [SUPPLIER] : []),
      "POST /api/v1/invitations/accept": () => {
        joined = true;
        return json(SUPPLIER);
      },
      "POST /api/v1/orgs/active": () => json({ org_id: "s1" }),
    });
    function OrgNames() {
      const orgs = useOrgs();
      return <p>organisations: {orgs.data?.map((o) => o.name).join(", ") || "none"}</p>;
    }
    renderRoutes(
      [
        {
          path: "/invitations/:token",
          element: (
            <>
              <OrgNames />
              <Invitation />
            </>
          ),
        },
        { path: "/app", element: <OrgNames /> },
      ],
      "/invitations/tok_1",
    );
    expect(await screen.findByText("organisations: none")).toBeInTheDocument();
    await userEvent.setup().click(await screen.findByRole("button", { name: "Accept invitation" }));
    expect(await screen.findByText("organisations: Acme SRL")).toBeInTheDocument();
    expect(count(calls, "GET", "/api/v1/orgs")).toBeGreaterThanOrEqual(2);
  });
});

describe("onboarding form", () => {
  it("after creating the organisation the app opens (the cached 'no organisation yet' does not send the user back)", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let created = false;
    mockApi({
      "GET /api/v1/me": () => json(me(created ? "s1" : null)),
      "GET /api/v1/orgs": () => json(created ? [SUPPLIER] : []),
      "GET /api/v1/notifications/unread-count": () => json({ unread: 0 }),
      "POST /api/v1/orgs": () => {
        created = true;
        return json(SUPPLIER, 201);
      },
      "POST /api/v1/orgs/active": () => json({ org_id: "s1" }),
    });
    const { router } = renderRoutes(
      [
        { path: "/app", element: <AppLayout />, children: [{ index: true, element: <p>the console</p> }] },
        { path: "/app/onboarding", element: <Onboarding /> },
      ],
      "/app",
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Company name"), "Acme SRL");
    await user.click(screen.getByRole("button", { name: "Create organisation" }));
    expect(await screen.findByText("the console")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/app");
  });

  it("puts the server's complaints next to the fields they name (a taken slug, the company name)", async () => {
    document.cookie = "hansa_csrf=csrf-1; path=/";
    let attempt = 0;
    mockApi({
      "GET /api/v1/me": () => json(me(null)),
      "POST /api/v1/orgs": () => {
        attempt += 1;
        return attempt === 1 ? problem(409, "tenants.slug_taken") : problem(422, "validation", { errors: [{ field: "$.name", message: "too similar to an existing company" }] });
      },
    });
    renderRoutes([{ path: "/app/onboarding", element: <Onboarding /> }], "/app/onboarding");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Company name"), "Acme Tools");
    expect(screen.getByLabelText("Supplier address (slug)")).toHaveValue("acme-tools");
    await user.click(screen.getByRole("button", { name: "Create organisation" }));
    await waitFor(() => expect(screen.getByLabelText("Supplier address (slug)")).toHaveAccessibleDescription(expect.stringContaining("This address is already taken")));
    expect(screen.getByLabelText("Supplier address (slug)")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");

    await user.click(screen.getByRole("button", { name: "Create organisation" }));
    await waitFor(() => expect(screen.getByLabelText("Company name")).toHaveAccessibleDescription("too similar to an existing company"));
    expect(screen.getByLabelText("Company name")).toHaveAttribute("aria-invalid", "true");
  });
});
