import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useController, useForm, useWatch, type Control } from "react-hook-form";
import { z } from "zod";
import type { Schemas } from "../../../api/client";
import { BuyerPicker, buyerName, useBuyerNames } from "../../../components/BuyerPicker";
import { SelectInput, TextInput } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import type { MessageKey } from "../../../i18n/messages";
import { checkedBy } from "../../../lib/forms";
import type { PriceList } from "../api/priceLists";
import type { Segment } from "../api/segments";

export type { PriceList } from "../api/priceLists";
export type { Segment } from "../api/segments";
export const KINDS = ["base", "segment", "customer", "contract"] as const;
export type Kind = (typeof KINDS)[number];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The list form's values: what is typed, as typed. */
const listShape = z.object({
  name: z.string(),
  kind: z.enum(KINDS),
  currency: z.string(),
  priority: z.string(),
  valid_from: z.string(),
  valid_to: z.string(),
  segment_id: z.string(),
  buyer_org_id: z.string(),
  /** The picked buyer's name, until the list is saved (a saved list's is looked up). */
  buyer_name: z.string(),
});
export type ListDraft = z.infer<typeof listShape>;

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

/** The body of a new list. */
export function newListBody(d: ListDraft): Schemas["NewPriceList"] {
  return {
    name: d.name.trim(),
    kind: d.kind,
    currency: d.currency.trim(),
    priority: Number(d.priority),
    valid_from: d.valid_from || null,
    valid_to: d.valid_to || null,
    ...assignment(d),
  };
}

/** The body that saves a list's editable fields (kind and currency are fixed). */
export function listPatchBody(d: ListDraft): Schemas["PriceListPatch"] {
  const a = assignment(d);
  return {
    name: d.name.trim(),
    priority: Number(d.priority),
    valid_from: d.valid_from || null,
    valid_to: d.valid_to || null,
    clear_valid_from: !d.valid_from,
    clear_valid_to: !d.valid_to,
    ...(a.segment_id ? { segment_id: a.segment_id } : {}),
    ...(a.buyer_org_id ? { buyer_org_id: a.buyer_org_id } : {}),
  };
}

/** The list form: checked on submit (and again on the next submit, as before) by {@link validateList}. */
export function useListForm(initial: ListDraft) {
  const { t } = useI18n();
  const schema = useMemo(() => listShape.superRefine(checkedBy((d: ListDraft) => Object.fromEntries(Object.entries(validateList(d)).map(([k, v]) => [k, t(v)])))), [t]);
  return useForm<ListDraft>({ defaultValues: initial, resolver: zodResolver(schema), mode: "onSubmit", reValidateMode: "onSubmit" });
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

interface Props {
  slug: string;
  control: Control<ListDraft>;
  segments: Segment[];
  fixed: boolean;
}

export function PriceListFields({ slug, control, segments, fixed }: Props) {
  const { t } = useI18n();
  const kind = useWatch({ control, name: "kind" });
  return (
    <div className="form-grid">
      <TextInput control={control} name="name" label={t("priceLists.name")} required maxLength={200} />
      <SelectInput control={control} name="kind" label={t("priceLists.kind")} disabled={fixed} options={KINDS.map((k) => ({ value: k, label: t(`priceKind.${k}`) }))} />
      <TextInput control={control} name="currency" label={t("priceLists.currency")} disabled={fixed} maxLength={3} autoComplete="off" transform={(v) => v.toUpperCase()} />
      <TextInput control={control} name="priority" label={t("priceLists.priority")} inputMode="numeric" hint={t("priceLists.priorityHint")} />
      <TextInput control={control} name="valid_from" label={t("priceLists.validFrom")} type="date" />
      <TextInput control={control} name="valid_to" label={t("priceLists.validTo")} type="date" />
      {kind === "segment" && (
        <SelectInput
          control={control}
          name="segment_id"
          label={t("priceLists.segment")}
          options={[{ value: "", label: segments.length ? t("priceLists.chooseSegment") : t("segments.none") }, ...segments.map((s) => ({ value: s.id, label: s.name }))]}
        />
      )}
      {(kind === "customer" || kind === "contract") && <ListBuyer slug={slug} control={control} />}
    </div>
  );
}

/** The buyer company a customer or contract list is for, picked by name. */
function ListBuyer({ slug, control }: { slug: string; control: Control<ListDraft> }) {
  const { t } = useI18n();
  const id = useController({ control, name: "buyer_org_id" });
  const name = useController({ control, name: "buyer_name" });
  const buyerId = id.field.value;
  const names = useBuyerNames(slug, name.field.value ? [] : [buyerId]);
  const buyer = buyerId ? [{ id: buyerId, name: name.field.value || buyerName(t, names, buyerId) }] : [];
  return (
    <BuyerPicker
      slug={slug}
      label={t("buyers.listBuyer")}
      value={buyer}
      onChange={(next) => {
        id.field.onChange(next[0]?.id ?? "");
        name.field.onChange(next[0]?.name ?? "");
      }}
      error={id.fieldState.error?.message}
    />
  );
}
