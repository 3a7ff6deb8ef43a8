import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, call } from "../api/client";
import { FormAlert, Notice, Spinner } from "../components/forms";
import { useI18n } from "../i18n/context";
import { errorMessage } from "../lib/errors";
import { savePendingInvitation } from "../lib/storage";
import { useSession } from "../session/context";

export function Invitation() {
  const { t } = useI18n();
  const { me } = useSession();
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);

  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      const org = await call(api.POST("/api/v1/invitations/accept", { body: { token } }));
      savePendingInvitation(null);
      await call(api.POST("/api/v1/orgs/active", { body: { org_id: org.id } }));
      void navigate("/app", { replace: true });
    } catch (failure) {
      setError(errorMessage(t, failure));
      setBusy(false);
    }
  };

  const decline = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(api.POST("/api/v1/invitations/decline", { body: { token } }));
      savePendingInvitation(null);
      setDeclined(true);
    } catch (failure) {
      setError(errorMessage(t, failure));
    } finally {
      setBusy(false);
    }
  };

  const encoded = encodeURIComponent(token);
  return (
    <div className="panel panel--narrow">
      <h1>{t("invitation.title")}</h1>
      <p>{t("invitation.text")}</p>
      <FormAlert message={error} />
      <Notice message={declined ? t("invitation.declined") : null} />
      {me === undefined ? (
        <Spinner />
      ) : me === null ? (
        <>
          <p>{t("invitation.signedOut")}</p>
          <div className="form-actions">
            <Link className="button button--primary" to={`/signin?invitation=${encoded}`} onClick={() => savePendingInvitation(token)}>
              {t("invitation.signIn")}
            </Link>
            <Link className="button" to={`/signup?invitation=${encoded}`} onClick={() => savePendingInvitation(token)}>
              {t("invitation.signUp")}
            </Link>
          </div>
        </>
      ) : declined ? (
        <Link to="/app">{t("landing.openApp")}</Link>
      ) : (
        <div className="form-actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void accept()}>
            {t("invitation.accept")}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void decline()}>
            {t("invitation.decline")}
          </button>
        </div>
      )}
    </div>
  );
}
