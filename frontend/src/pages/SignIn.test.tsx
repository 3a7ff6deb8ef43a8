import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, mockApi, problem, renderRoutes } from "../test/utils";
import { SignIn } from "./SignIn";

afterEach(() => vi.unstubAllGlobals());

const ME = { id: "u1", email: "ana@example.com", name: "Ana", email_verified: true, totp_enabled: false, locale: "en", active_org_id: null };
const routes = [
  { path: "/signin", element: <SignIn /> },
  { path: "/app", element: <h1>App home</h1> },
];

describe("sign-in form", () => {
  it("shows field errors next to empty fields without calling the API", async () => {
    const calls = mockApi({ "GET /api/v1/me": () => problem(401, "auth.not_authenticated") });
    renderRoutes(routes, "/signin");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    const email = screen.getByLabelText("Email");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAccessibleDescription("This field is required.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("This field is required.");
    expect(calls.filter((c) => c.path === "/api/v1/auth/login")).toHaveLength(0);
  });

  it("says 'Wrong e-mail or password' in an alert on 401", async () => {
    mockApi({
      "GET /api/v1/me": () => problem(401, "auth.not_authenticated"),
      "POST /api/v1/auth/login": () => problem(401, "auth.invalid_credentials"),
    });
    renderRoutes(routes, "/signin");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong e-mail or password");
  });

  it("puts the server's field errors next to their fields", async () => {
    mockApi({
      "GET /api/v1/me": () => problem(401, "auth.not_authenticated"),
      "POST /api/v1/auth/login": () =>
        problem(400, "http.invalid_request", { errors: [{ field: "email", message: "Expected `str` matching regex", source: "body" }] }),
    });
    renderRoutes(routes, "/signin");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "whatever-123");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Expected `str` matching regex"));
    expect(screen.getByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");
  });

  it("asks for the authentication code when the login answers mfa_required, then signs in", async () => {
    let signedIn = false;
    const calls = mockApi({
      "GET /api/v1/me": () => (signedIn ? json(ME) : problem(401, "auth.not_authenticated")),
      "POST /api/v1/auth/login": () => json({ mfa_required: true }),
      "POST /api/v1/auth/login/2fa": ({ body }) => {
        if ((body as { code: string }).code !== "123456") return problem(401, "auth.invalid_credentials");
        signedIn = true;
        return json({ mfa_required: false, csrf_token: "c", user: ME });
      },
    });
    const { router } = renderRoutes(routes, "/signin");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "Correct-Horse-1");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    const code = await screen.findByLabelText("Authentication code");
    await user.type(code, "000000");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(screen.getByLabelText("Authentication code")).toHaveAttribute("aria-invalid", "true"));

    await user.clear(screen.getByLabelText("Authentication code"));
    await user.type(screen.getByLabelText("Authentication code"), "123456");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("heading", { name: "App home" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/app");
    expect(calls.find((c) => c.path === "/api/v1/auth/login")?.body).toEqual({
      email: "ana@example.com",
      password: "Correct-Horse-1",
      mode: "cookie",
    });
  });
});
