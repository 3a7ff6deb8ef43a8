import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, call } from "../api/client";
import { Spinner } from "../components/forms";
import { useI18n } from "../i18n/context";
import { errorMessage } from "../lib/errors";
import { loadPendingInvitation } from "../lib/storage";

// A token is single use: remember the call so a re-mount (React's strict mode) does not send it twice.
const attempts = new Map<string, Promise<unknown>>();

function verify(token: string): Promise<unknown> {
  let pending = attempts.get(token);
  if (!pending) {
    pending = call(api.POST("/api/v1/auth/verify-email", { body: { token } }));
    attempts.set(token, pending);
  }
  return pending;
}

export function VerifyEmail() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [state, setState] = useState<{ status: "working" | "done" | "failed"; error?: unknown }>({ status: "working" });

  useEffect(() => {
    if (!token) return;
    let live = true;
    verify(token).then(
      () => live && setState({ status: "done" }),
      (error: unknown) => live && setState({ status: "failed", error }),
    );
    return () => {
      live = false;
    };
  }, [token]);

  const invitation = loadPendingInvitation();
  const signIn = invitation ? `/signin?invitation=${encodeURIComponent(invitation)}` : "/signin";

  if (!token) {
    return (
      <div className="panel panel--narrow">
        <h1>{t("verify.failed")}</h1>
        <p role="alert">{t("verify.missing")}</p>
      </div>
    );
  }
  if (state.status === "working") {
    return (
      <div className="panel panel--narrow">
        <h1>{t("verify.title")}</h1>
        <Spinner />
      </div>
    );
  }
  if (state.status === "failed") {
    return (
      <div className="panel panel--narrow">
        <h1>{t("verify.failed")}</h1>
        <p role="alert" className="alert alert--error">
          {errorMessage(t, state.error)}
        </p>
        <Link to="/signin">{t("signin.submit")}</Link>
      </div>
    );
  }
  return (
    <div className="panel panel--narrow">
      <h1>{t("verify.done")}</h1>
      <p>{t("verify.doneText")}</p>
      <Link className="button button--primary" to={signIn}>
        {t("signin.submit")}
      </Link>
    </div>
  );
}
