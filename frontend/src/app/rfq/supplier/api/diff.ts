import type { FieldChange, PriceBreak, RevisionDiff, RfqFile as SharedFile } from "../../shared/types";
import type { ApiRevision, Revision, RfqFile } from "./types";

/** A file as the API names it (`filename`, `size_bytes`) → as the shared views read it. */
export function sharedFile(file: RfqFile): SharedFile {
  return { id: file.id, name: file.filename, size: file.size_bytes, content_type: file.content_type, line_id: file.line_id ?? null, purpose: file.purpose, created_at: file.created_at };
}

/** "100 @ 1.2; 500 @ 1.1" (the API's words for breaks in a diff) → the breaks. */
function breaksOf(text: string): PriceBreak[] {
  return text
    .split(";")
    .map((part) => part.trim().split(" @ "))
    .filter((pair) => pair.length === 2)
    .map(([min_quantity = "", unit_price = ""]) => ({ min_quantity, unit_price }));
}

/** A changed value as the API words it (plain text) → as the shared diff view reads it. */
function value(field: string, text: string | null | undefined): unknown {
  if (text === null || text === undefined) return null;
  if (field === "breaks") return breaksOf(text);
  if (field === "alternative") return text.startsWith("sku ") ? { sku: text.slice(4) } : { description: text };
  return text;
}

interface ApiChange {
  field: string;
  before: string | null;
  after: string | null;
}

function change(c: ApiChange): FieldChange {
  return { field: c.field, old: value(c.field, c.before), new: value(c.field, c.after) };
}

/** A revision from the API with its diff (`before`/`after` texts) in the shared view's terms (`old`/`new`). */
export function readRevision(revision: ApiRevision): Revision {
  const diff: RevisionDiff | null = revision.diff ? { terms: (revision.diff.terms ?? []).map(change), lines: (revision.diff.lines ?? []).map((line) => ({ line_id: line.line_id, changes: line.changes.map(change) })) } : null;
  return { ...revision, lines: revision.lines ?? [], diff, files: (revision.files ?? []).map(sharedFile) };
}
