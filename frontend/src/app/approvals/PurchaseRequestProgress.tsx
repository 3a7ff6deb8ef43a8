import { useI18n } from "../../i18n/context";
import { formatDateTime } from "../../i18n/format";
import type { MessageKey } from "../../i18n/messages";
import type { PurchaseRequest } from "./api/approvals";

const ROLE_WORD: Record<string, MessageKey> = { approver: "approvals.role.approver", admin: "approvals.role.admin", owner: "approvals.role.owner" };

/**
 * Where a purchase request stands: each level in order with who decided it and when, the
 * level it waits at (and for which roles), or how it ended. Checkout's pages reuse it.
 */
export function PurchaseRequestProgress({ request }: { request: PurchaseRequest }) {
  const { t, locale } = useI18n();
  const roles = (list: string[]) => list.map((role) => (ROLE_WORD[role] ? t(ROLE_WORD[role]) : role)).join(t("approvals.or"));
  const stateOf = (level: number): string => {
    const decision = request.decisions.find((d) => d.level === level);
    if (decision) {
      const date = formatDateTime(locale, decision.decided_at);
      return decision.decision === "approved"
        ? t("approvals.progress.approvedBy", { name: decision.user_name, date })
        : t("approvals.progress.rejectedBy", { name: decision.user_name, date, reason: decision.reason ?? "" });
    }
    if (request.status === "pending" && level === request.current_level) return t("approvals.progress.waiting", { roles: roles(request.levels[level - 1]?.roles ?? []) });
    if (request.status === "cancelled") return t("approvals.progress.cancelled");
    return t("approvals.progress.later");
  };
  return (
    <section aria-label={t("approvals.progress")} className="approval-progress">
      <ol className="plain-list">
        {request.levels.map((level) => {
          const waiting = request.status === "pending" && level.level === request.current_level;
          return (
            <li key={level.level} aria-current={waiting ? "step" : undefined}>
              <strong>{t("approvalSettings.levelN", { level: level.level })}</strong>: {stateOf(level.level)}
              {level.reasons.length > 0 && (
                <ul className="muted">
                  {level.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      {request.status === "approved" && <p>{t("approvals.progress.done")}</p>}
    </section>
  );
}
