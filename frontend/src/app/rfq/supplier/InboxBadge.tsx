import { useI18n } from "../../../i18n/context";
import { useCan } from "../../../session/permissions";
import { useOrg } from "../../orgContext";
import { useNewInvitations } from "./api/rfqs";
import "./inboxBadge.css";

/** The count of open invitations not yet looked at, beside the nav entry (nothing when none). */
export function RfqInboxBadge() {
  const { t, number } = useI18n();
  const can = useCan();
  const { active } = useOrg();
  const count = useNewInvitations(active.slug ?? "", active.kind === "supplier" && can("quotes.read")).data ?? 0;
  if (count === 0) return null;
  return (
    <span className="rfq-nav-badge">
      <span aria-hidden="true">{number(count)}</span>
      <span className="visually-hidden">{t("nav.rfqInboxNew", { count })}</span>
    </span>
  );
}
