import { Link } from "react-router";
import { useI18n } from "../i18n/context";

export function NotFound() {
  const { t } = useI18n();
  return (
    <div className="panel panel--narrow">
      <h1>{t("app.notFound")}</h1>
      <p>{t("app.notFoundText")}</p>
      <Link to="/">{t("app.backHome")}</Link>
    </div>
  );
}
