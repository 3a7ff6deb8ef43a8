import { afterEach, describe, expect, it, vi } from "vitest";
import { mockApi, json, problem } from "../test/utils";
import { api, ApiError, call, CSRF_HEADER, getJson } from "./client";

afterEach(() => vi.unstubAllGlobals());

describe("API client", () => {
  it("sends the hansa_csrf cookie as X-CSRF-Token on POST, PATCH and DELETE", async () => {
    document.cookie = "hansa_csrf=token-123; path=/";
    const calls = mockApi({
      "POST /api/v1/auth/logout": () => new Response(null, { status: 204 }),
      "PATCH /api/v1/orgs/o1/members/u1": () => json({ user_id: "u1", email: "a@b.co", name: "A", role: "admin" }),
      "DELETE /api/v1/orgs/o1/api-keys/k1": () => json({}),
    });
    await call(api.POST("/api/v1/auth/logout"));
    await call(api.PATCH("/api/v1/orgs/{org_id}/members/{user_id}", { params: { path: { org_id: "o1", user_id: "u1" } }, body: { role: "admin" } }));
    await call(api.DELETE("/api/v1/orgs/{org_id}/api-keys/{key_id}", { params: { path: { org_id: "o1", key_id: "k1" } } }));
    expect(calls.map((c) => c.headers.get(CSRF_HEADER))).toEqual(["token-123", "token-123", "token-123"]);
  });

  it("does not send the CSRF header on GET", async () => {
    document.cookie = "hansa_csrf=token-123; path=/";
    const calls = mockApi({ "GET /api/v1/orgs": () => json([]) });
    await call(api.GET("/api/v1/orgs"));
    expect(calls[0]?.headers.get(CSRF_HEADER)).toBeNull();
  });

  it("sends no CSRF header when there is no cookie (signed out)", async () => {
    const calls = mockApi({ "POST /api/v1/auth/password/forgot": () => json({ status: "accepted", detail: "" }, 202) });
    await call(api.POST("/api/v1/auth/password/forgot", { body: { email: "a@example.com" } }));
    expect(calls[0]?.headers.has(CSRF_HEADER)).toBe(false);
  });

  it("turns problem+json into an ApiError with field errors by name", async () => {
    mockApi({
      "POST /api/v1/auth/signup": () =>
        problem(422, "auth.weak_password", {
          errors: [
            { field: "password", message: "at least 10 characters", source: "body" },
            { field: "$.email", message: "not an e-mail address" },
          ],
        }),
    });
    const failure = await call(api.POST("/api/v1/auth/signup", { body: { email: "x", name: "n", password: "p", locale: "en" } })).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ApiError);
    const error = failure as ApiError;
    expect(error.status).toBe(422);
    expect(error.code).toBe("auth.weak_password");
    expect(error.fieldErrors).toEqual({ password: "at least 10 characters", email: "not an e-mail address" });
    expect(error.hasFieldErrors).toBe(true);
  });

  it("keeps Retry-After of a 429 and reports network failures as code 'network'", async () => {
    mockApi({
      "POST /api/v1/auth/login": () =>
        new Response(JSON.stringify({ code: "auth.rate_limited", title: "Too many", status: 429 }), {
          status: 429,
          headers: { "Content-Type": "application/problem+json", "Retry-After": "120" },
        }),
    });
    const limited = (await call(api.POST("/api/v1/auth/login", { body: { email: "a@b.co", password: "x", mode: "cookie" } })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(limited.code).toBe("auth.rate_limited");
    expect(limited.retryAfter).toBe(120);

    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    const offline = (await getJson("/api/v1/dev/mail").catch((e: unknown) => e)) as ApiError;
    expect(offline).toBeInstanceOf(ApiError);
    expect(offline.status).toBe(0);
    expect(offline.code).toBe("network");
  });
});
