import { api, call, type Schemas } from "../../api/client";
import { BuyerPicker, buyerName, useBuyerNames } from "../../components/BuyerPicker";
import { SelectField, TextField } from "../../components/forms";
import { useI18n } from "../../i18n/context";
import type { MessageKey } from "../../i18n/messages";
import { useResource } from "../../lib/useResource";

export type PriceList = Schemas["PriceListOut"];
export type Segment = Schemas["SegmentOut"];
export const KINDS = ["base", "segment", "customer", "contract"] as const;
export type Kind = (typeof KINDS)[number];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface ListDraft {
  name: string;
  kind: Kind;
  currency: string;
  priority: string;
  valid_from: string;
  valid_to: string;
  segment_id: string;
  buyer_org_id: string;
  /** The picked buyer's name, until the list is saved (a saved list's is looked up). */
  buyer_name: string;
}

/** A draft of ``list``, or of a new list in ``currency`` (the supplier's default, once known). */
export function draftFromList(list: PriceList | null, currency = ""): ListDraft {
  return {
    name: list?.name ?? "",
    kind: list?.kind ?? "base",
    currency: list?.currency ?? currency,
    priority: String(list?.priority ?? 0),
    valid_from: list?.valid_from ?? "",
    valid_to: list?.valid_to ?? "",
    segment_id: list?.segment_id ?? "",
    buyer_org_id: list?.buyer_org_id ?? "",
    buyer_name: "",
  };
}

/**
 * The supplier's default currency (what a buyer without customer terms trades in):
 * new lists and terms start in it rather than in EUR. Undefined while loading; "" when
 * it cannot be read (the field stays editable and the server checks the code).
 */
export function useDefaultCurrency(slug: string): string | undefined {
  return useResource(
    () =>
      call(api.GET("/api/v1/suppliers/{tenant}/price-lists", { params: { path: { tenant: slug }, query: { limit: 1 } } }))
        .then((page) => page.default_currency)
        .catch(() => ""),
    `default-currency:${slug}`,
  ).data;
}

/** Why a list can apply to nobody, one sentence per warning the server computed. */
export function ListWarnings({ list }: { list: PriceList }) {
  const { t } = useI18n();
  const warnings = list.warnings ?? [];
  if (!warnings.length) return null;
  return (
    <ul className="list-warnings" aria-label={t("priceWarning.title")}>
      {warnings.map((w) => (
        <li key={w} className="field__error">
          {t(`priceWarning.${w}`, { currency: list.currency })}
        </li>
      ))}
    </ul>
  );
}

export function validateList(d: ListDraft): Record<string, MessageKey> {
  const e: Record<string, MessageKey> = {};
  if (!d.name.trim()) e.name = "validation.required";
  if (!/^[A-Z]{3}$/.test(d.currency.trim())) e.currency = "validation.currency";
  if (!/^-?\d{1,7}$/.test(d.priority.trim()) || Math.abs(Number(d.priority)) > 1_000_000) e.priority = "validation.priority";
  if (d.valid_from && !DATE_RE.test(d.valid_from)) e.valid_from = "validation.date";
  if (d.valid_to && !DATE_RE.test(d.valid_to)) e.valid_to = "validation.date";
  if (!e.valid_from && !e.valid_to && d.valid_from && d.valid_to && d.valid_from > d.valid_to) e.valid_to = "validation.window";
  if (d.kind === "segment" && !d.segment_id) e.segment_id = "validation.required";
  if ((d.kind === "customer" || d.kind === "contract") && !d.buyer_org_id) e.buyer_org_id = "buyers.required";
  return e;
}

/** The assignment the kind asks for: a segment, a buyer company, or nothing. */
export function assignment(d: ListDraft): { segment_id: string | null; buyer_org_id: string | null } {
  return {
    segment_id: d.kind === "segment" ? d.segment_id : null,
    buyer_org_id: d.kind === "customer" || d.kind === "contract" ? d.buyer_org_id : null,
  };
}

interface Props {
  slug: string;
  draft: ListDraft;
  onDraft: (d: ListDraft) => void;
  errors: Record<string, string>;
  segments: Segment[];
  fixed: boolean;
}

export function PriceListFields({ slug, draft, onDraft, errors, segments, fixed }: Props) {
  const { t } = useI18n();
  const names = useBuyerNames(slug, draft.buyer_name ? [] : [draft.buyer_org_id]);
  const buyer = draft.buyer_org_id ? [{ id: draft.buyer_org_id, name: draft.buyer_name || buyerName(t, names, draft.buyer_org_id) }] : [];
  const set = (key: keyof ListDraft) => (value: string) => onDraft({ ...draft, [key]: value });
  return (
    <div className="form-grid">
      <TextField label={t("priceLists.name")} value={draft.name} onValue={set("name")} error={errors.name} required maxLength={200} />
      <SelectField
        label={t("priceLists.kind")}
        value={draft.kind}
        onValue={set("kind")}
        disabled={fixed}
        error={errors.kind}
        options={KINDS.map((k) => ({ value: k, label: t(`priceKind.${k}`) }))}
      />
      <TextField
        label={t("priceLists.currency")}
        value={draft.currency}
        onValue={(v) => set("currency")(v.toUpperCase())}
        disabled={fixed}
        error={errors.currency}
        maxLength={3}
        autoComplete="off"
      />
      <TextField label={t("priceLists.priority")} value={draft.priority} onValue={set("priority")} error={errors.priority} inputMode="numeric" hint={t("priceLists.priorityHint")} />
      <TextField label={t("priceLists.validFrom")} type="date" value={draft.valid_from} onValue={set("valid_from")} error={errors.valid_from} />
      <TextField label={t("priceLists.validTo")} type="date" value={draft.valid_to} onValue={set("valid_to")} error={errors.valid_to} />
      {draft.kind === "segment" && (
        <SelectField
          label={t("priceLists.segment")}
          value={draft.segment_id}
          onValue={set("segment_id")}
          error={errors.segment_id}
          options={[{ value: "", label: segments.length ? t("priceLists.chooseSegment") : t("segments.none") }, ...segments.map((s) => ({ value: s.id, label: s.name }))]}
        />
      )}
      {(draft.kind === "customer" || draft.kind === "contract") && (
        <BuyerPicker
          slug={slug}
          label={t("buyers.listBuyer")}
          value={buyer}
          onChange={(next) => onDraft({ ...draft, buyer_org_id: next[0]?.id ?? "", buyer_name: next[0]?.name ?? "" })}
          error={errors.buyer_org_id}
        />
      )}
    </div>
  );
}
