import { useState } from "react";
import { Link } from "react-router";
import { api, call } from "../../api/client";
import { FormAlert, Notice } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { NOTIFICATIONS_CHANGED, notificationLink, notificationText, type Notification } from "./notificationText";

export const PAGE_SIZE = 20;

/** The signed-in user's notifications, newest first, paged; mark one or all read. */
export function Notifications() {
  const { t, dateTime } = useI18n();
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const page = useResource(
    () => call(api.GET("/api/v1/notifications", { params: { query: { limit: PAGE_SIZE, offset } } })),
    `notifications:${offset}`,
  );

  const changed = () => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));

  const markRead = async (notification: Notification) => {
    setActionError(null);
    try {
      const updated = await call(
        api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: notification.id } } }),
      );
      page.setData(
        (current) =>
          current && {
            ...current,
            unread: Math.max(0, current.unread - 1),
            items: current.items.map((n) => (n.id === updated.id ? updated : n)),
          },
      );
      changed();
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const markAll = async () => {
    setActionError(null);
    setNotice(null);
    try {
      await call(api.POST("/api/v1/notifications/read-all"));
      page.reload();
      setNotice(t("notifications.allRead"));
      changed();
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const data = page.data;
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t("notifications.title")}</h1>
        {data !== undefined && data.unread > 0 && (
          <button type="button" className="button" onClick={() => void markAll()}>
            {t("notifications.markAllRead")}
          </button>
        )}
      </div>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <ListState data={data?.items} loading={page.loading} error={page.error} onRetry={page.reload} empty={t("notifications.empty")}>
        {(items) => (
          <ul className="notifications">
            {items.map((n) => {
              const link = notificationLink(n);
              return (
                <li key={n.id} className={`notification${n.read_at ? "" : " notification--unread"}`}>
                  <p>
                    {!n.read_at && <span className="badge badge--pending">{t("notifications.unread")}</span>} {notificationText(t, n)}
                  </p>
                  <p className="muted">
                    <time dateTime={n.created_at}>{dateTime(n.created_at)}</time>
                    {link && (
                      <>
                        {" · "}
                        <Link to={link}>{t("notifications.open")}</Link>
                      </>
                    )}
                  </p>
                  {!n.read_at && (
                    <button type="button" className="button button--link" onClick={() => void markRead(n)}>
                      {t("notifications.markRead")}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE_SIZE} total={data?.total ?? 0} busy={page.loading} label={t("notifications.pages")} onOffset={setOffset} />
    </div>
  );
}
