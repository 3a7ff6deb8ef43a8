import { Link, useLocation } from "react-router";
import { useI18n } from "../i18n/context";

export function CheckEmail() {
  const { t } = useI18n();
  const location = useLocation();
  const state: unknown = location.state;
  const email =
    typeof state === "object" && state !== null && "email" in state && typeof state.email === "string" ? state.email : null;
  return (
    <div className="panel panel--narrow">
      <h1>{t("checkEmail.title")}</h1>
      <p>{email ? t("checkEmail.text", { email }) : t("checkEmail.textNoEmail")}</p>
      <p className="muted">
        {t("checkEmail.devHint")} <Link to="/dev/mail">{t("nav.devMail")}</Link>
      </p>
      <p>
        <Link to="/signin">{t("signin.submit")}</Link>
      </p>
    </div>
  );
}
