import { CSRF_COOKIE, CSRF_HEADER, ApiError, readCookie, toApiError } from "../../../api/client";

/**
 * JSON calls to the RFQ routes of either side: the CSRF token on unsafe methods, an Idempotency-Key
 * where the caller gives one, problem+json as an ApiError (field errors by field).
 */
export async function rfqCall<T>(method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
  const headers = new Headers({ Accept: "application/json, application/problem+json" });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  if (method !== "GET") {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers.set(CSRF_HEADER, token);
  }
  if (idempotencyKey) headers.set("Idempotency-Key", idempotencyKey);
  let response: Response;
  try {
    const origin = typeof window !== "undefined" ? window.location.origin : "http://localhost";
    response = await globalThis.fetch(new Request(origin + path, { method, headers, credentials: "include", body: body === undefined ? null : JSON.stringify(body) }));
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
