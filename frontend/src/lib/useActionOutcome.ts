import { useCallback, useState } from "react";
import { useI18n } from "../i18n/context";
import { errorMessage } from "./errors";

/**
 * What a page's row actions (approve, revoke, apply…) last said: a confirmation for the
 * polite notice or an error for the alert. `run(work)` clears both, then shows the
 * sentence `work` answers, or the failure in the UI language; it answers whether it worked.
 */
export function useActionOutcome() {
  const { t } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (work: () => Promise<string>): Promise<boolean> => {
      setNotice(null);
      setError(null);
      try {
        setNotice(await work());
        return true;
      } catch (failure) {
        setError(errorMessage(t, failure));
        return false;
      }
    },
    [t],
  );
  return { notice, error, run, setNotice, setError };
}
