import { useI18n } from "../i18n/context";

interface Props {
  offset: number;
  limit: number;
  total: number;
  busy?: boolean;
  label: string;
  onOffset: (offset: number) => void;
}

/** Previous / "1–20 of 45" / Next under a paged list. */
export function Pagination({ offset, limit, total, busy = false, label, onOffset }: Props) {
  const { t, number } = useI18n();
  if (total <= 0) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" className="button" disabled={offset === 0 || busy} onClick={() => onOffset(Math.max(0, offset - limit))}>
        {t("tenants.previous")}
      </button>
      <span aria-live="polite">
        {t("tenants.showing", {
          from: number(Math.min(offset + 1, total)),
          to: number(Math.min(offset + limit, total)),
          total: number(total),
        })}
      </span>
      <button type="button" className="button" disabled={offset + limit >= total || busy} onClick={() => onOffset(offset + limit)}>
        {t("tenants.next")}
      </button>
    </nav>
  );
}
