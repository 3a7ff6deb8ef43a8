import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { ApiError, type Schemas } from "../api/client";
import { useBuyerDirectory } from "../app/supplier/api/buyers";
import { useI18n } from "../i18n/context";
import { errorMessage } from "../lib/errors";
import "./BuyerPicker.css";

/** (the pricing and catalog areas import it from here) */
export { useBuyerNames } from "../app/supplier/api/buyers";

/** A buyer company as the supplier's forms hold it: never shown by its id. */
export interface BuyerRef {
  id: string;
  name: string;
}

type Match = Schemas["BuyerMatch"];
type BuyerName = Schemas["BuyerName"];

export const MIN_QUERY = 2;
export const DEBOUNCE_MS = 250;

interface Props {
  slug: string;
  label: string;
  value: readonly BuyerRef[];
  onChange: (next: BuyerRef[]) => void;
  /** Several companies (segment members, a document's named buyers) or one (a price list's, terms'). */
  multiple?: boolean;
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean;
}

/** Type-ahead over the buyer directory: arrow keys move, Enter picks, Escape closes;
 * picked companies are chips with a remove button. */
export function BuyerPicker({ slug, label, value, onChange, multiple = false, error, hint, disabled }: Props) {
  const { t } = useI18n();
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useDirectorySearch(slug, query);
  const chosen = new Set(value.map((b) => b.id));
  const options = search.matches.filter((m) => !chosen.has(m.id));

  const pick = (match: Match) => {
    onChange(multiple ? [...value, { id: match.id, name: match.name }] : [{ id: match.id, name: match.name }]);
    setQuery("");
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      if (!options.length) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === "Enter" && open && active >= 0 && options[active]) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ") || undefined;
  const showList = open && query.trim().length >= MIN_QUERY;
  return (
    <div className={`field buyer-picker${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {value.length > 0 && (
        <ul className="chips" aria-label={t("buyers.chosen", { label })}>
          {value.map((buyer) => (
            <li key={buyer.id} className="chip">
              <span>{buyer.name}</span>
              <button
                type="button"
                className="chip__remove"
                disabled={disabled}
                aria-label={t("buyers.remove", { name: buyer.name })}
                onClick={() => onChange(value.filter((b) => b.id !== buyer.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        value={query}
        disabled={disabled}
        placeholder={multiple || value.length === 0 ? t("buyers.placeholder") : t("buyers.replace")}
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={t("buyers.results", { label })} className="buyer-picker__list" hidden={!showList}>
        {options.map((match, index) => (
          <li
            key={match.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? "buyer-picker__option buyer-picker__option--active" : "buyer-picker__option"}
            // mousedown, not click: the input's blur would close the list first
            onMouseDown={(e) => {
              e.preventDefault();
              pick(match);
            }}
          >
            {match.name}
            {match.is_customer && <span className="muted"> · {t("buyers.customer")}</span>}
          </li>
        ))}
      </ul>
      <p role="status" className={showList ? "field__hint" : "visually-hidden"}>
        {showList ? searchStatus(t, search, options.length) : ""}
      </p>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

interface SearchState {
  matches: Match[];
  busy: boolean;
  error: unknown;
}

function searchStatus(t: ReturnType<typeof useI18n>["t"], search: SearchState, count: number): string {
  if (search.busy) return t("buyers.searching");
  if (search.error instanceof ApiError && search.error.code === "customers.supplier_not_approved") return t("buyers.notApproved");
  if (search.error !== undefined) return errorMessage(t, search.error);
  return count ? t("buyers.found", { count }) : t("buyers.none");
}

/** The directory's answer for `query`, asked {@link DEBOUNCE_MS} after the last keystroke. */
function useDirectorySearch(slug: string, query: string): SearchState {
  const q = query.trim();
  const [settled, setSettled] = useState(q);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(q), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);
  const search = useBuyerDirectory(slug, settled, MIN_QUERY);
  if (q.length < MIN_QUERY) return { matches: [], busy: false, error: undefined };
  if (settled !== q || search.isPending) return { matches: [], busy: true, error: undefined };
  if (search.isError) return { matches: [], busy: false, error: search.error };
  return { matches: search.data.items, busy: false, error: undefined };
}

/** A buyer's display name: its name once known, never its id. */
export function buyerName(t: ReturnType<typeof useI18n>["t"], names: Record<string, BuyerName>, id: string): string {
  const found = names[id];
  if (!found) return t("buyers.unknown");
  return found.status === "active" ? found.name : t("buyers.withStatus", { name: found.name, status: t(`buyerStatus.${found.status}`) });
}

/** The chosen companies of a set of ids, named as far as known. */
export function buyerRefs(t: ReturnType<typeof useI18n>["t"], names: Record<string, BuyerName>, ids: readonly string[]): BuyerRef[] {
  return ids.map((id) => ({ id, name: buyerName(t, names, id) }));
}
