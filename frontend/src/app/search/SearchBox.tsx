import { Fragment, useEffect, useId, useState, type KeyboardEvent } from "react";
import { useNavigate } from "react-router";
import { useI18n } from "../../i18n/context";
import { useSuggest } from "./api/search";
import type { Suggestion, SuggestAnswer } from "./api/types";
import { highlightParts, searchPath } from "./searchState";
import "./search.css";

const DEBOUNCE_MS = 200;

type Kind = "product" | "category" | "supplier";

/** Where a suggestion leads: the results for a product's name, or the results narrowed to a category or a supplier. */
export function suggestionPath(slug: string, kind: Kind, suggestion: Suggestion): string {
  // a product suggestion names a document (a variant), not a page: its name is searched
  if (kind === "product") return searchPath(slug, suggestion.label);
  const field = kind === "category" ? "f.category" : "f.supplier";
  return `/app/search/${encodeURIComponent(slug)}?${new URLSearchParams({ [field]: suggestion.value }).toString()}`;
}

/** The three groups as one list: the arrows walk products, then categories, then suppliers. */
function flatten(answer: SuggestAnswer | undefined): { kind: Kind; suggestion: Suggestion }[] {
  if (!answer) return [];
  return [
    ...(answer.products ?? []).map((suggestion) => ({ kind: "product" as const, suggestion })),
    ...(answer.categories ?? []).map((suggestion) => ({ kind: "category" as const, suggestion })),
    ...(answer.suppliers ?? []).map((suggestion) => ({ kind: "supplier" as const, suggestion })),
  ];
}

/**
 * The header's search box: type-ahead of products, categories and suppliers (an ARIA 1.2
 * combobox: arrows move, Enter opens the marked suggestion or searches, Escape closes).
 */
export function SearchBox({ slug, initial = "" }: { slug: string; initial?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = useId();
  const [text, setText] = useState(initial);
  const [typed, setTyped] = useState(initial);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => {
    // suggestions follow the text a moment after the last key, not on every key
    const timer = setTimeout(() => setTyped(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const suggest = useSuggest(slug, typed);
  const available = typed.trim().length >= 2 ? flatten(suggest.data) : [];
  const options = open ? available : [];
  const expanded = options.length > 0;

  const go = (path: string) => {
    setOpen(false);
    setActive(-1);
    void navigate(path);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (available.length === 0) return;
      const step = e.key === "ArrowDown" ? 1 : -1;
      // -1 is the text itself: the arrows cycle through it and the suggestions
      const positions = available.length + 1;
      setActive((current) => ((((current + 1 + step) % positions) + positions) % positions) - 1);
    } else if (e.key === "Escape") {
      if (expanded) e.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const chosen = active >= 0 ? options[active] : undefined;
      if (chosen) go(suggestionPath(slug, chosen.kind, chosen.suggestion));
      else if (text.trim()) go(searchPath(slug, text.trim()));
    }
  };
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  return (
    <form role="search" className="search-box" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={`${id}-input`} className="visually-hidden">
        {t("search.label")}
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 && active < options.length ? optionId(active) : undefined}
        placeholder={t("search.placeholder")}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(true)}
      />
      <ul id={listId} role="listbox" aria-label={t("search.suggestions")} className="search-box__list" hidden={!expanded}>
        {options.map(({ kind, suggestion }, i) => (
          <li
            key={`${kind}:${suggestion.value}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`search-box__option${i === active ? " search-box__option--active" : ""}`}
            // mousedown, not click: the input's blur would close the list first
            onMouseDown={(e) => {
              e.preventDefault();
              go(suggestionPath(slug, kind, suggestion));
            }}
          >
            <span className="search-box__kind">{t(`search.kind.${kind}`)}</span>{" "}
            {highlightParts(suggestion.label, suggestion.highlights ?? []).map((part, j) => (part.marked ? <mark key={j}>{part.text}</mark> : <Fragment key={j}>{part.text}</Fragment>))}
          </li>
        ))}
      </ul>
    </form>
  );
}
