import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useAcceptInvitation, useDeclineInvitation } from "../app/account/api/orgs";
import { FormAlert, Notice, Spinner } from "../components/forms";
import { Button } from "../components/kit/fields";
import { useI18n } from "../i18n/context";
import { errorMessage } from "../lib/errors";
import { savePendingInvitation } from "../lib/storage";
import { useSession } from "../session/context";

export function Invitation() {
  const { t } = useI18n();
  const { me } = useSession();
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);
  const acceptance = useAcceptInvitation();
  const refusal = useDeclineInvitation();
  const busy = acceptance.isPending || refusal.isPending;

  const accept = async () => {
    setError(null);
    try {
      await acceptance.mutateAsync(token); // joins, acts for the organisation, and asks everything again
      savePendingInvitation(null);
      void navigate("/app", { replace: true });
    } catch (failure) {
      setError(errorMessage(t, failure));
    }
  };

  const decline = async () => {
    setError(null);
    try {
      await refusal.mutateAsync(token);
      savePendingInvitation(null);
      setDeclined(true);
    } catch (failure) {
      setError(errorMessage(t, failure));
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
          <Button tone="primary" busy={busy} onPress={() => void accept()}>
            {t("invitation.accept")}
          </Button>
          <Button busy={busy} onPress={() => void decline()}>
            {t("invitation.decline")}
          </Button>
        </div>
      )}
    </div>
  );
}
