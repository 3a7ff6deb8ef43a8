import { useI18n } from "../../../i18n/context";
import type { MessageKey } from "../../../i18n/messages";
import { formatMoney, formatQuantity } from "../../../lib/money";
import type { Alternative, FieldChange, PriceBreak, RevisionDiff } from "./types";

interface Props {
  diff: RevisionDiff;
  currency: string;
  /** How each RFQ line is called ("3. Hex bolt M8"), by its id. */
  lineLabel: (lineId: string) => string;
}

const FIELD_KEYS: Record<string, MessageKey> = {
  status: "rfq.field.status",
  unit_price: "rfq.field.unit_price",
  breaks: "rfq.field.breaks",
  moq: "rfq.field.moq",
  lead_time_days: "rfq.field.lead_time_days",
  sku: "rfq.field.sku",
  alternative: "rfq.field.alternative",
  note: "rfq.field.note",
  payment_terms_days: "rfq.field.payment_terms_days",
  incoterms: "rfq.field.incoterms",
  delivery_terms: "rfq.field.delivery_terms",
  valid_until: "rfq.field.valid_until",
  currency: "rfq.field.currency",
  total: "rfq.field.total",
};

/** "100 @ 9.5; 500 @ 9" → its breaks; none when the text is not in that form. */
export function breaksText(text: string): PriceBreak[] {
  const parts = text.split(";").map((part) => /^\s*(\d+(?:\.\d+)?)\s*@\s*(\d+(?:\.\d+)?)\s*$/.exec(part));
  if (parts.some((match) => match === null)) return [];
  return parts.map((match) => ({ min_quantity: match?.[1] ?? "", unit_price: match?.[2] ?? "" }));
}

/** A changed value as text in the UI language: money with its currency, days, breaks, dates. */
export function useChangeText(currency: string) {
  const { t, locale, date } = useI18n();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return "—";
    const plain = typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
    switch (field) {
      case "unit_price":
      case "total":
        return formatMoney(locale, plain, currency);
      case "moq":
        return formatQuantity(locale, plain);
      case "lead_time_days":
      case "payment_terms_days":
        return t("rfq.days", { count: Number(value) });
      case "valid_until":
        return date(plain);
      case "status":
        return value === "not_quoted" ? t("rfq.lineNotQuoted") : t("rfq.lineQuoted");
      case "breaks":
        // the API words a diff's breaks as text ("100 @ 9.5; 500 @ 9"): read back, said in the UI language
        if (!Array.isArray(value)) return breaksText(plain).map((b) => t("rfq.breakText", { quantity: formatQuantity(locale, b.min_quantity), price: formatMoney(locale, b.unit_price, currency) })).join("; ") || plain;
        return (value as PriceBreak[]).map((b) => t("rfq.breakText", { quantity: formatQuantity(locale, b.min_quantity), price: formatMoney(locale, b.unit_price, currency) })).join("; ");
      case "alternative": {
        if (typeof value !== "object") return plain;
        const alternative = value as Alternative;
        return alternative.sku ? t("rfq.alternativeSku", { sku: alternative.sku }) : (alternative.description ?? "—");
      }
      default:
        return plain;
    }
  };
}

function ChangeList({ changes, currency }: { changes: FieldChange[]; currency: string }) {
  const { t } = useI18n();
  const text = useChangeText(currency);
  return (
    <ul className="rfq-diff__changes">
      {changes.map((change) => (
        <li key={change.field}>
          <span className="rfq-diff__field">{FIELD_KEYS[change.field] ? t(FIELD_KEYS[change.field] as MessageKey) : change.field}:</span>{" "}
          <del aria-label={t("rfq.diffOld")}>{text(change.field, change.old)}</del> <span aria-hidden="true">→</span> <ins aria-label={t("rfq.diffNew")}>{text(change.field, change.new)}</ins>
        </li>
      ))}
    </ul>
  );
}

/** What changed from the previous revision: per line each field old → new, then the terms. */
export function RevisionDiffView({ diff, currency, lineLabel }: Props) {
  const { t } = useI18n();
  if (diff.lines.length === 0 && diff.terms.length === 0) return <p className="muted">{t("rfq.diffNone")}</p>;
  return (
    <div className="rfq-diff">
      {diff.lines.length > 0 && (
        <ul className="rfq-diff__lines" aria-label={t("rfq.diffLines")}>
          {diff.lines.map((line) => (
            <li key={line.line_id}>
              <strong>{lineLabel(line.line_id)}</strong>
              <ChangeList changes={line.changes} currency={currency} />
            </li>
          ))}
        </ul>
      )}
      {diff.terms.length > 0 && (
        <section aria-label={t("rfq.diffTerms")}>
          <strong>{t("rfq.diffTerms")}</strong>
          <ChangeList changes={diff.terms} currency={currency} />
        </section>
      )}
    </div>
  );
}
