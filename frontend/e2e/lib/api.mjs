// The JSON API, for the setup the browser tests do not click through.

import assert from "node:assert/strict";
import { linkFrom, waitForMail } from "./server.mjs";

export const VERIFY_SUBJECT = "Confirm your e-mail address for Hansa";

/** One JSON call to `server`'s API: `{ status, data }` (data null for an empty body). */
export async function apiCall(server, method, path, body, token) {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : null };
}

/** Signs a person up, verifies the e-mail from the mail and signs in: a bearer token. */
export async function apiUser(server, { email, name }, password) {
  assert.equal((await apiCall(server, "POST", "/auth/signup", { email, name, password })).status, 202);
  const mail = await waitForMail(server, email, VERIFY_SUBJECT);
  const token = linkFrom(mail, "/verify-email").searchParams.get("token");
  assert.equal((await apiCall(server, "POST", "/auth/verify-email", { token })).status, 200);
  const login = await apiCall(server, "POST", "/auth/login", { email, password, mode: "bearer" });
  assert.equal(login.status, 200, JSON.stringify(login.data));
  return login.data.token;
}
