import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, call, type Me } from "../api/client";
import { SessionContext, type Session } from "./context";

/** Who is signed in: GET /api/v1/me on load (which also renews the cookies), again on demand. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);

  const refresh = useCallback(async (): Promise<Me | null> => {
    try {
      const found = await call(api.GET("/api/v1/me"));
      setMe(found);
      setSignedOut(false);
      return found;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        setMe(null);
        return null;
      }
      setMe((current) => (current === undefined ? null : current));
      throw error;
    }
  }, []);

  useEffect(() => {
    const load = async () => {
      await refresh();
    };
    load().catch(() => undefined);
  }, [refresh]);

  const signOut = useCallback(async () => {
    try {
      await call(api.POST("/api/v1/auth/logout"));
    } finally {
      setSignedOut(true);
      setMe(null);
    }
  }, []);

  const value = useMemo<Session>(() => ({ me, signedOut, refresh, signOut }), [me, signedOut, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
