import { useState } from "react";
import { Link } from "react-router";
import { loadState } from "../../../api/query";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { useMarkAllRead, useMarkRead, useNotifications, type Notification } from "../api/notifications";
import "../notifications.css";
import { notificationLink, notificationText } from "./notificationText";

export const PAGE_SIZE = 20;

/** The signed-in user's notifications, newest first, paged; mark one or all read. */
export function Notifications() {
  const { t, dateTime } = useI18n();
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const page = useNotifications({ limit: PAGE_SIZE, offset });
  const read = useMarkRead();
  const readAll = useMarkAllRead();

  const markRead = async (notification: Notification) => {
    setActionError(null);
    try {
      await read.mutateAsync(notification.id);
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const markAll = async () => {
    setActionError(null);
    setNotice(null);
    try {
      await readAll.mutateAsync();
      setNotice(t("notifications.allRead"));
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
          <Button busy={readAll.isPending} onPress={() => void markAll()}>
            {t("notifications.markAllRead")}
          </Button>
        )}
      </div>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <ListState data={data?.items} {...loadState(page)} empty={t("notifications.empty")}>
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
                    <Button tone="link" onPress={() => void markRead(n)}>
                      {t("notifications.markRead")}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE_SIZE} total={data?.total ?? 0} busy={page.isFetching} label={t("notifications.pages")} onOffset={setOffset} />
    </div>
  );
}
