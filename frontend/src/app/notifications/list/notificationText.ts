import type { I18n } from "../../../i18n/context";
import type { CountedKey, MessageKey } from "../../../i18n/messages";
import { en } from "../../../i18n/messages";
import type { Notification } from "../api/notifications";

/** The param a counted notification's sentence agrees with ("1 row" / "12 rows"). */
const COUNTED_BY: Record<string, string> = { "import.done": "rows", "import.failed": "errors" };

/** The sentence for a notification, in the UI's language, from its kind and params. */
export function notificationText(t: I18n["t"], notification: Notification): string {
  const key = `notification.${notification.kind}`;
  const counted = COUNTED_BY[notification.kind];
  if (!(key in en) && !(counted && `${key}_other` in en)) return t("notification.unknown", { kind: notification.kind });
  const vars: Record<string, string | number> = { reason: t("notification.noReason") };
  for (const [name, value] of Object.entries(notification.params)) {
    if (typeof value === "string" || typeof value === "number") vars[name] = value;
  }
  if (counted) return t(key as CountedKey, { ...vars, count: Number(vars[counted] ?? 0) });
  return t(key as MessageKey, vars);
}

/** The RFQ kinds only a supplier gets; the others go to the buyer, and a kind both sides
 * get ("message", "quote_expired") says its side in its params. */
const RFQ_SUPPLIER_KINDS = new Set([
  "rfq.invited",
  "rfq.deadline_extended",
  "rfq.closed",
  "rfq.cancelled",
  "rfq.countered",
  "rfq.quote_approval_requested",
  "rfq.awarded",
  "rfq.lost",
  "rfq.award_mapping",
]);

function rfqLink(notification: Notification): string | null {
  const rfqId = notification.params["rfq_id"];
  if (typeof rfqId !== "string") return null;
  const side = notification.params["side"] ?? (RFQ_SUPPLIER_KINDS.has(notification.kind) ? "supplier" : "buyer");
  return side === "supplier" ? `/app/quote-requests/${rfqId}` : `/app/rfqs/${rfqId}`;
}

/** Where a notification leads in the app, if anywhere. */
export function notificationLink(notification: Notification): string | null {
  const area = notification.kind.split(".")[0];
  if (area === "rfq") return rfqLink(notification);
  if (notification.kind === "supplier.awaiting_approval") return "/app/operator/tenants";
  if (area === "listing") return "/app/marketplaces";
  if (area === "import") return "/app/imports";
  if (notification.kind === "approvals.requested") return "/app/approvals";
  return null;
}
