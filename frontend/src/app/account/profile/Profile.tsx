import { useI18n } from "../../../i18n/context";
import { useSession } from "../../../session/context";
import { ChangePassword } from "./ChangePassword";
import { TwoFactor } from "./TwoFactor";

/** The signed-in user's account: who they are, two-factor sign-in, password. */
export function Profile() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!me) return null;
  return (
    <div className="page">
      <h1>{t("profile.title")}</h1>
      <section className="card">
        <h2>{t("profile.account")}</h2>
        <dl className="meta meta--wide">
          <dt>{t("field.name")}</dt>
          <dd>{me.name}</dd>
          <dt>{t("field.email")}</dt>
          <dd>{me.email}</dd>
          <dt>{t("profile.emailVerified")}</dt>
          <dd>{me.email_verified ? t("app.yes") : t("app.no")}</dd>
        </dl>
      </section>
      <TwoFactor enabled={me.totp_enabled} />
      <ChangePassword />
    </div>
  );
}
