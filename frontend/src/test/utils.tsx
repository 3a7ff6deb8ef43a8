import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider, type RouteObject } from "react-router";
import { vi } from "vitest";
import { QueryProvider } from "../api/query";
import { I18nProvider } from "../i18n/I18nProvider";
import type { Locale } from "../i18n/format";
import { SessionProvider } from "../session/SessionProvider";

export interface Recorded {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (request: Recorded) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ type: `urn:hansa:problem:${code}`, title: code, status, detail: code, code, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json" },
  });
}

/** Stubs the global fetch with handlers keyed "METHOD /path"; unknown calls answer 404. Returns the call log. */
export function mockApi(handlers: Record<string, Handler>): Recorded[] {
  const calls: Recorded[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request | string, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const url = new URL(request.url);
      const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
      const recorded: Recorded = {
        method: request.method,
        path: url.pathname,
        search: url.searchParams,
        headers: request.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      calls.push(recorded);
      const handler = handlers[`${request.method} ${url.pathname}`];
      return handler ? handler(recorded) : problem(404, "not_found");
    }),
  );
  return calls;
}

export function renderRoutes(routes: RouteObject[], path: string, locale: Locale = "en") {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  // a fresh query cache per render: no answer leaks from one test into the next
  const view = render(
    <QueryProvider>
      <I18nProvider initial={locale}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </I18nProvider>
    </QueryProvider>,
  );
  return { ...view, router };
}

export function renderWithI18n(element: ReactElement, locale: Locale = "en") {
  return render(
    <QueryProvider>
      <I18nProvider initial={locale}>{element}</I18nProvider>
    </QueryProvider>,
  );
}
