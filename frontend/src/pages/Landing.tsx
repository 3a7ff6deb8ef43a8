import { Link } from "react-router";
import { useI18n } from "../i18n/context";
import { useSession } from "../session/context";
import "./public.css";

export function Landing() {
  const { t } = useI18n();
  const { me } = useSession();
  return (
    <div className="landing">
      <section className="hero">
        <h1>{t("app.name")}</h1>
        <p className="hero__tagline">{t("app.tagline")}</p>
        <div className="hero__actions">
          {me ? (
            <Link className="button button--primary button--large" to="/app">
              {t("landing.openApp")}
            </Link>
          ) : (
            <>
              <Link className="button button--primary button--large" to="/signup">
                {t("landing.signUp")}
              </Link>
              <Link className="button button--large" to="/signin">
                {t("landing.signIn")}
              </Link>
            </>
          )}
        </div>
      </section>
      <section className="cards">
        <article className="card">
          <h2>{t("landing.suppliersTitle")}</h2>
          <p>{t("landing.suppliersText")}</p>
        </article>
        <article className="card">
          <h2>{t("landing.buyersTitle")}</h2>
          <p>{t("landing.buyersText")}</p>
        </article>
      </section>
    </div>
  );
}
