import { useI18n } from "../../../i18n/context";
import { formatMoney, formatQuantity } from "../../../lib/money";
import { revisionDiff } from "../shared/diff";
import { FileLink } from "../shared/files";
import { RevisionDiffView } from "../shared/RevisionDiffView";
import type { CounterOffer, Revision, RfqLine } from "./api/types";

/** What a sent revision quoted, line by line (the latest open, the older folded). */
function RevisionLines({ revision, currency, lineLabel, open }: { revision: Revision; currency: string; lineLabel: (id: string) => string; open: boolean }) {
  const { t, locale } = useI18n();
  const money = (amount: string | null | undefined) => (amount == null ? "—" : formatMoney(locale, amount, currency));
  return (
    <details open={open}>
      <summary>{t("rfqSupplier.quotedLines")}</summary>
      <div className="table-wrap">
        <table aria-label={t("rfqSupplier.quotedLinesOf", { n: revision.number })}>
          <thead>
            <tr>
              <th scope="col">{t("rfqSupplier.line")}</th>
              <th scope="col">{t("rfqSupplier.unitPriceShort")}</th>
              <th scope="col">{t("rfqSupplier.breaks")}</th>
              <th scope="col">{t("rfq.field.moq")}</th>
              <th scope="col">{t("rfq.field.lead_time_days")}</th>
              <th scope="col">{t("rfq.field.sku")}</th>
            </tr>
          </thead>
          <tbody>
            {revision.lines.map((line) => (
              <tr key={line.line_id}>
                <th scope="row">{lineLabel(line.line_id)}</th>
                {line.status === "quoted" ? (
                  <>
                    <td>{money(line.unit_price)}</td>
                    <td>{(line.breaks ?? []).map((b) => `${formatQuantity(locale, b.min_quantity)}+ ${money(b.unit_price)}`).join("; ") || "—"}</td>
                    <td>{line.moq == null ? "—" : formatQuantity(locale, line.moq)}</td>
                    <td>{line.lead_time_days == null ? "—" : t("rfq.days", { count: line.lead_time_days })}</td>
                    <td>{line.sku ?? "—"}</td>
                  </>
                ) : (
                  <td colSpan={5} className="muted">
                    {t("rfqSupplier.notQuoted")}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** The supplier's sent revisions, newest first, each with what changed against the one before. */
export function Revisions({ revisions, lines, currency, fileHref }: { revisions: Revision[]; lines: RfqLine[]; currency: string; fileHref: (fileId: string) => string }) {
  const { t, locale, dateTime, date } = useI18n();
  const byId = new Map(lines.map((line) => [line.id, line]));
  const lineLabel = (id: string) => {
    const line = byId.get(id);
    return line ? `${line.position}. ${line.description}` : id;
  };
  const sorted = [...revisions].sort((a, b) => b.number - a.number);
  if (sorted.length === 0) return <p className="muted">{t("rfqSupplier.noRevisions")}</p>;
  return (
    <ol className="rfq-revisions" reversed>
      {sorted.map((revision) => {
        const diff = revisionDiff(revisions, revision);
        return (
          <li key={revision.number} className="card">
            <h3>
              {t("rfqSupplier.revisionN", { n: revision.number })} · {dateTime(revision.sent_at)}
              {revision.sent_by_name ? ` · ${revision.sent_by_name}` : ""}
            </h3>
            <p>
              {t("rfqSupplier.total", { total: formatMoney(locale, revision.total, revision.currency || currency) })}
              {revision.valid_until ? ` · ${t("rfqSupplier.validUntilShort", { date: date(revision.valid_until) })}` : ""}
            </p>
            {revision.files.length > 0 && (
              <ul className="rfq-files">
                {revision.files.map((file) => (
                  <li key={file.id}>
                    <FileLink file={file} href={fileHref(file.id)} />
                  </li>
                ))}
              </ul>
            )}
            <RevisionLines revision={revision} currency={revision.currency || currency} lineLabel={lineLabel} open={revision === sorted[0]} />
            {diff && revision.number > 1 && <RevisionDiffView diff={diff} currency={revision.currency || currency} lineLabel={lineLabel} />}
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
            <h3>
              {t("rfqSupplier.counterOn", { n: counter.revision ?? counter.revision_number ?? "?" })} · {dateTime(counter.created_at)}
              {counter.created_by_name ? ` · ${counter.created_by_name}` : ""}
            </h3>
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
