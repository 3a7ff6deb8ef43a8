import type { ReactNode } from "react";
import { useI18n } from "../i18n/context";
import { errorMessage } from "../lib/errors";
import { Spinner } from "./forms";

interface Props<T> {
  data: T[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  empty: string;
  children: (items: T[]) => ReactNode;
}

/** "Could not load" with the reason and a retry button once `error` is set; the spinner until then. */
export function LoadState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return <Spinner />;
  return (
    <div className="state state--error" role="alert">
      <p>
        {t("error.loadFailed")} {errorMessage(t, error)}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        {t("app.retry")}
      </button>
    </div>
  );
}

/** Loading, error (with retry), empty, or the list itself. */
export function ListState<T>({ data, loading, error, onRetry, empty, children }: Props<T>) {
  if (error !== undefined && error !== null) return <LoadState error={error} onRetry={onRetry} />;
  if (data === undefined) return loading ? <Spinner /> : null;
  if (data.length === 0) return <p className="state state--empty">{empty}</p>;
  return (
    <>
      {children(data)}
      {loading && <Spinner />}
    </>
  );
}
