import { ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie, toApiError } from "../../../../api/client";

/**
 * JSON calls to the supplier's RFQ routes: `/api/v1/suppliers/{slug}/…` with cookies, the
 * CSRF token on unsafe methods and problem+json turned into an ApiError (field errors by
 * their API path, `lines[2].unit_price`).
 */
export function supplierPath(slug: string, tail: string): string {
  return `/api/v1/suppliers/${encodeURIComponent(slug)}${tail}`;
}

export async function requestJson<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const sent = new Headers({ Accept: "application/json, application/problem+json", ...headers });
  if (method !== "GET") {
    const token = readCookie(CSRF_COOKIE);
    if (token) sent.set(CSRF_HEADER, token);
  }
  if (body !== undefined) sent.set("Content-Type", "application/json");
  const origin = typeof window !== "undefined" ? window.location.origin : "http://localhost";
  let response: Response;
  try {
    response = await globalThis.fetch(new Request(origin + path, { method, headers: sent, credentials: "include", body: body === undefined ? undefined : JSON.stringify(body) }));
  } catch (cause) {
    throw new ApiError(0, { code: "network", detail: cause instanceof Error ? cause.message : String(cause) });
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!response.ok) throw toApiError(response, parsed);
  return parsed as T;
}

/** A fresh Idempotency-Key for one attempt (a retry of the same attempt reuses it). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
