import { Fragment, type ReactNode } from "react";
import { getJson } from "../api/client";
import { ListState } from "../components/ListState";
import { useI18n } from "../i18n/context";
import { useResource } from "../lib/useResource";

/** GET /api/v1/dev/mail: registered only in development, so it is not in the OpenAPI document. */
export interface DevMail {
  id: string;
  to: string;
  subject: string;
  date: string;
  body: string;
}

const URL_RE = /(https?:\/\/[^\s<>"')]+)/g;

/** The body as text with its links clickable. */
export function linkify(text: string): ReactNode[] {
  return text.split(URL_RE).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part}>
        {part}
      </a>
    ) : (
      <Fragment key={index}>{part}</Fragment>
    ),
  );
}

export function DevMailPage() {
  const { t, dateTime } = useI18n();
  const mail = useResource(() => getJson<DevMail[]>("/api/v1/dev/mail?limit=50"), "dev-mail");
  const unavailable = mail.error !== undefined && (mail.error as { status?: number }).status === 404;
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t("mail.title")}</h1>
        <button type="button" className="button" onClick={mail.reload}>
          {t("app.refresh")}
        </button>
      </div>
      <p className="muted">{t("mail.intro")}</p>
      {unavailable ? (
        <p className="state state--error" role="alert">
          {t("mail.unavailable")}
        </p>
      ) : (
        <ListState data={mail.data} loading={mail.loading} error={mail.error} onRetry={mail.reload} empty={t("mail.empty")}>
          {(items) => (
            <ul className="mail-list">
              {items.map((m) => (
                <li key={m.id} className="card mail">
                  <h2 className="mail__subject">{m.subject}</h2>
                  <dl className="meta">
                    <dt>{t("mail.to")}</dt>
                    <dd>{m.to}</dd>
                    <dt>{t("mail.date")}</dt>
                    <dd>
                      <time dateTime={m.date}>{dateTime(m.date)}</time>
                    </dd>
                  </dl>
                  <pre className="mail__body">{linkify(m.body)}</pre>
                </li>
              ))}
            </ul>
          )}
        </ListState>
      )}
    </div>
  );
}
