import { createContext, useContext } from "react";
import type { Me } from "../api/client";

export interface Session {
  /** undefined while the first GET /api/v1/me is under way; null when signed out. */
  me: Me | null | undefined;
  /** true after the user signed out here (so the sign-in page is not told to come back). */
  signedOut: boolean;
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside <SessionProvider>");
  return value;
}
