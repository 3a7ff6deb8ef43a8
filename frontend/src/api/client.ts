import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Me = Schemas["MeOut"];
export type Organisation = Schemas["OrganisationOut"];
export type OrgKind = Organisation["kind"];
export type Tenant = Schemas["TenantOut"];
export type TenantStatus = Tenant["status"];
export type AuditEntry = Schemas["AuditEntry"];
export type Invitation = Schemas["InvitationOut"];

export const CSRF_COOKIE = "hansa_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** One field's server-side complaint, as problem+json `errors[]` carries it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The body of every error the API answers (application/problem+json). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
  errors?: FieldProblem[];
}

/** A failed API call: the HTTP status and the problem+json body, with field errors by field name. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = problem.code ?? (status === 0 ? "network" : `http_${status}`);
    this.title = problem.title ?? "";
    this.detail = problem.detail ?? "";
    const fields: Record<string, string> = {};
    for (const item of problem.errors ?? []) {
      const name = normaliseField(item.field);
      if (name && !(name in fields)) fields[name] = item.message;
    }
    this.fieldErrors = fields;
    this.retryAfter = retryAfter;
  }

  get hasFieldErrors(): boolean {
    return Object.keys(this.fieldErrors).length > 0;
  }
}

/** `$.email`, `body.email`, `email` all name the field `email`. */
function normaliseField(field: unknown): string {
  if (typeof field !== "string") return "";
  return field.replace(/^\$\.?/, "").replace(/^(body|data)\./, "");
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function toApiError(response: Response, body: unknown): ApiError {
  const retry = response.headers.get("Retry-After");
  const problem: Problem = isProblem(body) ? body : { detail: typeof body === "string" ? body : undefined };
  // Litestar's own errors (before our handler) say status_code/detail; keep what is there.
  return new ApiError(response.status, problem, retry !== null && retry !== "" ? Number(retry) : null);
}

export function readCookie(name: string): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Puts the session's CSRF token (the readable `hansa_csrf` cookie), if any, on `headers`. */
function setCsrfHeader(headers: Headers): void {
  const token = readCookie(CSRF_COOKIE);
  if (token) headers.set(CSRF_HEADER, token);
}

/** Sends the session's CSRF token on every unsafe method. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!UNSAFE_METHODS.has(request.method.toUpperCase())) return undefined;
    setCsrfHeader(request.headers);
    return request;
  },
};

function origin(): string {
  return typeof window !== "undefined" ? window.location.origin : "http://localhost";
}

/** The typed client over the generated schema: same origin, cookies included. */
export const api = createClient<paths>({
  baseUrl: origin(),
  credentials: "include",
  headers: { Accept: "application/json, application/problem+json" },
  // resolved at call time so tests can stub the global fetch
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(csrfMiddleware);

interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws an {@link ApiError}. */
export async function call<D>(pending: Promise<Answer<D>>): Promise<D> {
  let answer: Answer<D>;
  try {
    answer = await pending;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(0, { code: "network", detail: cause instanceof Error ? cause.message : String(cause) });
  }
  if (!answer.response.ok || answer.error !== undefined) throw toApiError(answer.response, answer.error);
  return answer.data as D;
}

/** Fetches `path` on this origin with cookies; answers the parsed JSON body, or throws an {@link ApiError}. */
async function fetchJson<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await globalThis.fetch(new Request(origin() + path, { ...init, credentials: "include" }));
  } catch (cause) {
    throw new ApiError(0, { code: "network", detail: cause instanceof Error ? cause.message : String(cause) });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!response.ok) throw toApiError(response, body);
  return body as T;
}

/** For routes missing from the OpenAPI document (the development mail page). */
export function getJson<T>(path: string): Promise<T> {
  return fetchJson<T>(path, { headers: { Accept: "application/json" } });
}

/** POST a file as multipart (the generated client has no body type for it), with the CSRF token. */
export function postMultipart<T>(path: string, form: FormData): Promise<T> {
  const headers = new Headers({ Accept: "application/json, application/problem+json" });
  setCsrfHeader(headers);
  return fetchJson<T>(path, { method: "POST", body: form, headers });
}
