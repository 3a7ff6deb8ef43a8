import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Spinner } from "../../../components/forms";
import { useSession } from "../../../session/context";

export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, signedOut } = useSession();
  const location = useLocation();
  if (me === undefined) {
    return (
      <div className="page-loading">
        <Spinner />
      </div>
    );
  }
  if (me === null) {
    if (signedOut) return <Navigate to="/signin" replace />;
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?next=${next}`} replace />;
  }
  return <>{children}</>;
}
