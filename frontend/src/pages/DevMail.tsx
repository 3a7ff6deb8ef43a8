import { Fragment, type ReactNode } from "react";
import { loadState } from "../api/query";
import { useDevMail } from "../app/account/api/session";
import { Button } from "../components/kit/fields";
import { ListState } from "../components/ListState";
import { useI18n } from "../i18n/context";
import "./public.css";

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
  const mail = useDevMail();
  const unavailable = mail.error !== null && (mail.error as { status?: number }).status === 404;
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t("mail.title")}</h1>
        <Button onPress={() => void mail.refetch()}>{t("app.refresh")}</Button>
      </div>
      <p className="muted">{t("mail.intro")}</p>
      {unavailable ? (
        <p className="state state--error" role="alert">
          {t("mail.unavailable")}
        </p>
      ) : (
        <ListState data={mail.data} {...loadState(mail)} empty={t("mail.empty")}>
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
