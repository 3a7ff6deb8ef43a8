import { Link, useSearchParams } from "react-router";
import { useVerifyEmail } from "../app/account/api/session";
import { Spinner } from "../components/forms";
import { useI18n } from "../i18n/context";
import { errorMessage } from "../lib/errors";
import { loadPendingInvitation } from "../lib/storage";

export function VerifyEmail() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const verification = useVerifyEmail(token);

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
  if (verification.isPending) {
    return (
      <div className="panel panel--narrow">
        <h1>{t("verify.title")}</h1>
        <Spinner />
      </div>
    );
  }
  if (verification.isError) {
    return (
      <div className="panel panel--narrow">
        <h1>{t("verify.failed")}</h1>
        <p role="alert" className="alert alert--error">
          {errorMessage(t, verification.error)}
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
