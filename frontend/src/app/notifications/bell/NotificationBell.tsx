import { useEffect } from "react";
import { Link, useLocation } from "react-router";
import { useI18n } from "../../../i18n/context";
import { useUnreadCount } from "../api/notifications";
import "../notifications.css";

/** The header bell: the number of unread notifications, refreshed every minute, on navigation,
 * and whenever a notification is marked read (the mutations invalidate its query); links to the list. */
export function NotificationBell() {
  const { t, number } = useI18n();
  const location = useLocation();
  const count = useUnreadCount();
  const { refetch } = count;
  const unread = count.data ?? 0;

  useEffect(() => {
    void refetch();
  }, [refetch, location.pathname]);

  const label = unread > 0 ? t("notifications.bellUnread", { count: unread }) : t("notifications.bell");
  return (
    <Link to="/app/notifications" className="button bell" aria-label={label} title={label}>
      <svg className="bell__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread > 0 && (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? "99+" : number(unread)}
        </span>
      )}
    </Link>
  );
}
