import { Link, Outlet } from "react-router";
import { useI18n } from "../i18n/context";
import { useSession } from "../session/context";
import { LanguageSwitch } from "./LanguageSwitch";

export function PublicLayout() {
  const { t } = useI18n();
  const { me } = useSession();
  return (
    <div className="public">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            H
          </span>
          {t("app.name")}
        </Link>
        <div className="topbar__actions">
          <LanguageSwitch />
          {me ? (
            <Link className="button button--primary" to="/app">
              {t("landing.openApp")}
            </Link>
          ) : (
            <Link className="button" to="/signin">
              {t("landing.signIn")}
            </Link>
          )}
        </div>
      </header>
      <main id="main" className="public__main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <span>© Hansa</span>
        <Link to="/dev/mail">{t("nav.devMail")}</Link>
      </footer>
    </div>
  );
}
