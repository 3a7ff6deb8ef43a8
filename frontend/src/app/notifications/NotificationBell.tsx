import { useCallback, useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { api, call } from "../../api/client";
import { useI18n } from "../../i18n/context";
import { NOTIFICATIONS_CHANGED } from "./notificationText";

const POLL_MS = 60_000;

/** The header bell: the number of unread notifications, refreshed every minute, on navigation,
 * and when the list page marks some read; links to the list. */
export function NotificationBell() {
  const { t, number } = useI18n();
  const location = useLocation();
  const [unread, setUnread] = useState(0);

  const recount = useCallback(async () => {
    try {
      const counted = await call(api.GET("/api/v1/notifications/unread-count"));
      setUnread(counted.unread);
    } catch {
      // the bell is a hint: a failed count keeps the last one
    }
  }, []);

  useEffect(() => {
    const load = async () => {
      await recount();
    };
    void load();
  }, [recount, location.pathname]);

  useEffect(() => {
    const timer = setInterval(() => void recount(), POLL_MS);
    const onChanged = () => void recount();
    window.addEventListener(NOTIFICATIONS_CHANGED, onChanged);
    return () => {
      clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, onChanged);
    };
  }, [recount]);

  const label = unread > 0 ? t("notifications.bellUnread", { n: number(unread) }) : t("notifications.bell");
  return (
    <Link to="/app/notifications" className="button bell" aria-label={label} title={label}>
      <span aria-hidden="true">🔔</span>
      {unread > 0 && (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? "99+" : number(unread)}
        </span>
      )}
    </Link>
  );
}
