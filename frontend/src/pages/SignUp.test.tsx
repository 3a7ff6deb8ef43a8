import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadPendingOrg } from "../lib/storage";
import { json, mockApi, problem, renderRoutes } from "../test/utils";
import { CheckEmail } from "./CheckEmail";
import { SignUp } from "./SignUp";

afterEach(() => vi.unstubAllGlobals());

const routes = [
  { path: "/signup", element: <SignUp /> },
  { path: "/check-email", element: <CheckEmail /> },
];
const signedOut = { "GET /api/v1/me": () => problem(401, "auth.not_authenticated") };

describe("sign-up form", () => {
  it("validates every field before calling the API", async () => {
    const calls = mockApi(signedOut);
    renderRoutes(routes, "/signup");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "not-an-address");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.type(screen.getByLabelText("Supplier address (slug)"), "-Bad Slug");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(screen.getByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");
    expect(screen.getByLabelText("Name", { exact: true })).toHaveAccessibleDescription("This field is required.");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter a valid e-mail address.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(/Use at least 10 characters/);
    expect(screen.getByLabelText("Company name")).toHaveAccessibleDescription("This field is required.");
    expect(screen.getByLabelText("Supplier address (slug)")).toHaveAccessibleDescription(/Use 1–63 lower-case letters/);
    expect(calls.some((c) => c.path === "/api/v1/auth/signup")).toBe(false);
  });

  it("asks for a slug only for suppliers and none of the company fields with an invitation", async () => {
    mockApi(signedOut);
    const user = userEvent.setup();
    const first = renderRoutes(routes, "/signup");
    expect(await screen.findByLabelText("Supplier address (slug)")).toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: "Buyer company" }));
    expect(screen.queryByLabelText("Supplier address (slug)")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Company name")).toBeInTheDocument();
    first.unmount();

    renderRoutes(routes, "/signup?invitation=tok_abcdefghijklmnopqrstuvwxyz");
    expect(await screen.findByLabelText("Email")).toBeInTheDocument();
    expect(screen.queryByLabelText("Company name")).not.toBeInTheDocument();
    expect(screen.queryByRole("radio", { name: "Supplier" })).not.toBeInTheDocument();
  });

  it("signs up a supplier, remembers the company for onboarding and shows 'Check your e-mail'", async () => {
    const calls = mockApi({ ...signedOut, "POST /api/v1/auth/signup": () => json({ status: "accepted", detail: "" }, 202) });
    renderRoutes(routes, "/signup");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Name", { exact: true }), "Ana Pop");
    await user.type(screen.getByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "Correct-Horse-1");
    await user.type(screen.getByLabelText("Company name"), "Șurub Industrie S.R.L.");
    expect(screen.getByLabelText("Supplier address (slug)")).toHaveValue("surub-industrie-s-r-l");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByRole("heading", { name: "Check your e-mail" })).toBeInTheDocument();
    expect(screen.getByText(/ana@example.com/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/v1/auth/signup")?.body).toEqual({
      email: "ana@example.com",
      name: "Ana Pop",
      password: "Correct-Horse-1",
      locale: "en",
    });
    expect(loadPendingOrg()).toEqual({ kind: "supplier", name: "Șurub Industrie S.R.L.", slug: "surub-industrie-s-r-l" });
  });

  it("shows the server's weak-password complaint next to the password", async () => {
    mockApi({
      ...signedOut,
      "POST /api/v1/auth/signup": () =>
        problem(422, "auth.weak_password", { errors: [{ field: "password", message: "must not contain the e-mail address" }] }),
    });
    renderRoutes(routes, "/signup");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("radio", { name: "Buyer company" }));
    await user.type(screen.getByLabelText("Name", { exact: true }), "Ana Pop");
    await user.type(screen.getByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "ana@example.com1");
    await user.type(screen.getByLabelText("Company name"), "Buyer SA");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(expect.stringContaining("must not contain the e-mail address")),
    );
  });
});
