import { useCallback, useMemo, useState, type ReactNode } from "react";
import type { Me } from "../api/client";
import { useMe, useSignOut } from "../app/account/api/session";
import { SessionContext, type Session } from "./context";

/** Who is signed in: GET /api/v1/me on load (a query: anything that changes the identity
 * invalidates it), again on demand. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const query = useMe();
  const { refetch } = query;
  const logout = useSignOut();
  const [signedOut, setSignedOut] = useState(false);
  // a failed first load counts as signed out; a failed reload keeps who was there
  const me: Me | null | undefined = query.data !== undefined ? query.data : query.isError ? null : undefined;

  const refresh = useCallback(async (): Promise<Me | null> => {
    const result = await refetch();
    if (result.isError) throw result.error;
    const found = result.data ?? null;
    if (found) setSignedOut(false);
    return found;
  }, [refetch]);

  const { mutateAsync: logoutAsync } = logout;
  const signOut = useCallback(async () => {
    try {
      await logoutAsync();
    } finally {
      setSignedOut(true);
    }
  }, [logoutAsync]);

  const value = useMemo<Session>(() => ({ me, signedOut, refresh, signOut }), [me, signedOut, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
