import { useI18n } from "../../../i18n/context";
import { useSession } from "../../../session/context";
import { useOrg } from "../../orgContext";
import { roleLabel } from "../roleLabel";

/** /app: the buyer portal, supplier console or operator console, by the active organisation's kind. */
export function AreaHome() {
  const { t, date } = useI18n();
  const { me } = useSession();
  const { active } = useOrg();
  const title = active.kind === "buyer" ? t("area.buyer") : active.kind === "supplier" ? t("area.supplier") : t("area.operator");
  const text =
    active.kind === "buyer" ? t("home.buyerText") : active.kind === "supplier" ? t("home.supplierText") : t("home.operatorText");

  return (
    <div className="page">
      <h1>{title}</h1>
      {active.kind === "supplier" && active.status === "pending" && (
        <div className="banner banner--warning" role="status">
          <strong>{t("status.pending")}</strong>
          <p>{t("home.pendingText")}</p>
        </div>
      )}
      <section className="card">
        <p>{t("home.welcome", { name: me?.name ?? "" })}</p>
        <p>{t("home.org", { org: active.name, role: roleLabel(t, active.role) })}</p>
        <p className="muted">{t("home.created", { date: date(active.created_at) })}</p>
        <p>{text}</p>
      </section>
    </div>
  );
}

export function OperatorOnly({ children }: { children: React.ReactNode }) {
  const { active } = useOrg();
  const { t } = useI18n();
  if (active.kind !== "platform") {
    return (
      <div className="page">
        <p role="alert" className="alert alert--error">
          {t("error.forbidden")}
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
