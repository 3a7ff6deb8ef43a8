import type { CounterIn } from "./api/types";

/** The counter-offer form: per line the parsed values (null while a number is not one). */
export interface CounterDraft {
  comment: string;
  lines: Record<string, { target_price: string | null; quantity: string | null; delivery_date: string; comment: string }>;
}

/** The counter as the API takes it: only lines with something asked; null while a number is unreadable. */
export function counterBody(draft: CounterDraft): (CounterIn & { lines: NonNullable<CounterIn["lines"]> }) | null {
  const lines: NonNullable<CounterIn["lines"]> = [];
  for (const [lineId, values] of Object.entries(draft.lines)) {
    if (values.target_price === null || values.quantity === null) return null;
    const line = {
      line_id: lineId,
      target_price: values.target_price || null,
      quantity: values.quantity || null,
      delivery_date: values.delivery_date || null,
      comment: values.comment.trim() || null,
    };
    if (line.target_price || line.quantity || line.delivery_date || line.comment) lines.push(line);
  }
  return { comment: draft.comment.trim() || null, lines };
}
