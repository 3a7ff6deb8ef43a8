import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/**
 * Server state (TanStack Query). No
 * automatic retries (a failed list shows its error and a "Try again" button) and no
 * refetch on window focus; a page mounted again reloads its data.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

/** One client for the app's lifetime (or a test's render). */
export function QueryProvider({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const [own] = useState(() => client ?? createQueryClient());
  return <QueryClientProvider client={own}>{children}</QueryClientProvider>;
}

interface ListQuery<T> {
  data: T | undefined;
  error: unknown;
  isFetching: boolean;
  refetch: () => Promise<unknown>;
}

/**
 * A query as `ListState` / `LoadState` take it. A retry shows the spinner, not the old
 * error, as before.
 */
export function loadState<T>(query: ListQuery<T>) {
  return {
    loading: query.isFetching,
    error: query.isFetching ? undefined : (query.error ?? undefined),
    onRetry: () => void query.refetch(),
  };
}
