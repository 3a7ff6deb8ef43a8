import { useEffect } from "react";
import type { SetURLSearchParams } from "react-router";

/** Puts the typed search into the URL's `q` a moment after the last key (and back to the
 * first page: no offset, no cursor); the URL, not the field, is what the list query reads. */
export function useSearchParamQuery(search: string, params: URLSearchParams, setParams: SetURLSearchParams): void {
  const q = params.get("q") ?? "";
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (search.trim()) next.set("q", search.trim());
      else next.delete("q");
      next.delete("offset");
      next.delete("cursor");
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [search, q, params, setParams]);
}
