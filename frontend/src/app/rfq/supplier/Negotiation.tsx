import { useI18n } from "../../../i18n/context";
import { formatMoney, formatQuantity } from "../../../lib/money";
import type { CounterOffer, FieldChange, Revision, RfqLine } from "./api/types";

/** A changed value as text: decimals as money or quantities, breaks and alternatives spelled out. */
function useShowValue(currency: string) {
  const { t, locale } = useI18n();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value === "string" && (field === "unit_price" || field === "total" || field === "line_total")) return formatMoney(locale, value, currency);
    if (typeof value === "string" && field === "moq") return formatQuantity(locale, value);
    if (field === "status" && (value === "quoted" || value === "not_quoted")) return t(value === "quoted" ? "rfqSupplier.quoted" : "rfqSupplier.notQuoted");
    if (field === "breaks" && Array.isArray(value)) {
      return (value as { min_quantity: string; unit_price: string }[]).map((b) => `≥ ${formatQuantity(locale, b.min_quantity)}: ${formatMoney(locale, b.unit_price, currency)}`).join("; ") || "—";
    }
    if (typeof value === "object") {
      const alt = value as { sku?: string | null; description?: string | null };
      return alt.sku ?? alt.description ?? JSON.stringify(value);
    }
    return typeof value === "string" || typeof value === "number" ? String(value) : "—";
  };
}

function Changes({ changes, currency }: { changes: FieldChange[]; currency: string }) {
  const { t } = useI18n();
  const show = useShowValue(currency);
  return (
    <ul className="rfq-diff">
      {changes.map((change) => (
        <li key={change.field}>
          {t(`rfqSupplier.field.${change.field}` as "rfqSupplier.field.unit_price")}: <del>{show(change.field, change.before)}</del> → <ins>{show(change.field, change.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

/** The supplier's sent revisions, newest first, each with what changed against the one before. */
export function Revisions({ revisions, lines, currency }: { revisions: Revision[]; lines: RfqLine[]; currency: string }) {
  const { t, locale, dateTime } = useI18n();
  const byId = new Map(lines.map((line) => [line.id, line]));
  const sorted = [...revisions].sort((a, b) => b.number - a.number);
  if (sorted.length === 0) return <p className="muted">{t("rfqSupplier.noRevisions")}</p>;
  return (
    <ol className="rfq-revisions" reversed>
      {sorted.map((revision) => {
        const lineChanges = (revision.diff?.lines ?? []).filter((line) => line.changes.length > 0);
        const terms = revision.diff?.terms ?? [];
        return (
          <li key={revision.number} className="card">
            <h4>
              {t("rfqSupplier.revisionN", { n: revision.number })} · {dateTime(revision.sent_at)}
              {revision.sent_by_name ? ` · ${revision.sent_by_name}` : ""}
            </h4>
            <p>
              {t("rfqSupplier.total", { total: formatMoney(locale, revision.total, revision.currency || currency) })}
              {revision.valid_until ? ` · ${t("rfqSupplier.validUntilShort", { date: revision.valid_until })}` : ""}
            </p>
            {revision.number > 1 && lineChanges.length === 0 && terms.length === 0 && <p className="muted">{t("rfqSupplier.noChanges")}</p>}
            {terms.length > 0 && (
              <div>
                <strong>{t("rfqSupplier.terms")}</strong>
                <Changes changes={terms} currency={currency} />
              </div>
            )}
            {lineChanges.map((line) => {
              const rfqLine = byId.get(line.line_id);
              return (
                <div key={line.line_id}>
                  <strong>{rfqLine ? `${rfqLine.position}. ${rfqLine.description}` : line.line_id}</strong>
                  <Changes changes={line.changes} currency={currency} />
                </div>
              );
            })}
          </li>
        );
      })}
    </ol>
  );
}

/** The buyer's counter-offers, newest first: per line the target, quantity, date and comment. */
export function Counters({ counters, lines, currency }: { counters: CounterOffer[]; lines: RfqLine[]; currency: string }) {
  const { t, locale, dateTime, date } = useI18n();
  const byId = new Map(lines.map((line) => [line.id, line]));
  if (counters.length === 0) return <p className="muted">{t("rfqSupplier.noCounters")}</p>;
  return (
    <ol className="rfq-revisions">
      {[...counters]
        .sort((a, b) => b.created_at.localeCompare(a.created_at))
        .map((counter) => (
          <li key={counter.id} className="card">
            <h4>
              {t("rfqSupplier.counterOn", { n: counter.revision_number })} · {dateTime(counter.created_at)}
              {counter.created_by_name ? ` · ${counter.created_by_name}` : ""}
            </h4>
            {counter.comment && <p>{counter.comment}</p>}
            <div className="table-wrap">
              <table className="table--dense">
                <thead>
                  <tr>
                    <th scope="col">{t("rfqSupplier.line")}</th>
                    <th scope="col">{t("rfqSupplier.target")}</th>
                    <th scope="col">{t("rfqSupplier.quantity")}</th>
                    <th scope="col">{t("rfqSupplier.deliveryDate")}</th>
                    <th scope="col">{t("rfqSupplier.comment")}</th>
                  </tr>
                </thead>
                <tbody>
                  {counter.lines.map((line) => {
                    const rfqLine = byId.get(line.line_id);
                    return (
                      <tr key={line.line_id}>
                        <td>{rfqLine ? `${rfqLine.position}. ${rfqLine.description}` : line.line_id}</td>
                        <td className="numeric">{line.target_price ? formatMoney(locale, line.target_price, currency) : "—"}</td>
                        <td className="numeric">{line.quantity ? `${formatQuantity(locale, line.quantity)} ${rfqLine?.unit ?? ""}` : "—"}</td>
                        <td>{line.delivery_date ? date(line.delivery_date) : "—"}</td>
                        <td>{line.comment ?? ""}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </li>
        ))}
    </ol>
  );
}

/** The latest counter's line asks, by RFQ line id (what the editor shows beside each line). */
export function latestCounterLines(counters: CounterOffer[] | undefined): Map<string, CounterOffer["lines"][number]> {
  const latest = [...(counters ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  return new Map((latest?.lines ?? []).map((line) => [line.line_id, line]));
}
