import { useI18n } from "../../../i18n/context";
import type { Organisation } from "../../../api/client";

/** Above every page of a suspended organisation: why (the operator's reason) and what to do,
 * rather than pages that merely fail to load. */
export function SuspendedNotice({ org }: { org: Organisation }) {
  const { t } = useI18n();
  if (org.status !== "suspended") return null;
  return (
    <div className="banner banner--error" role="alert">
      <strong>{t("status.suspended")}</strong>
      <p>{t("access.suspended")}</p>
      {org.status_reason && <p>{t("access.suspendedReason", { reason: org.status_reason })}</p>}
      <p>{t("access.suspendedContact")}</p>
    </div>
  );
}
