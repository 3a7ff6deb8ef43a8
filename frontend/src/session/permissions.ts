import { useCallback, useContext } from "react";
import { SessionContext } from "./context";

const EVERYTHING = () => true;

/**
 * Whether the signed-in user's role in the active organisation permits `action`
 * (`area.verb`, docs/permissions.md). The list comes from GET /api/v1/me, built from
 * the same compiled authorizer the server checks with: the UI hides or disables what
 * the server would refuse. Empty while the organisation is suspended.
 *
 * A page rendered without a session (a component test of the page alone) hides
 * nothing; the app shell always has one.
 */
export function useCan(): (action: string) => boolean {
  const session = useContext(SessionContext);
  const actions = session?.me?.actions;
  const can = useCallback((action: string) => actions?.includes(action) ?? false, [actions]);
  return session ? can : EVERYTHING;
}
