import { useId, useState } from "react";
import { useI18n } from "../../../i18n/context";
import { formatDecimalInput, typedDecimal } from "../../../lib/decimal";
import { formatMoney, formatQuantity } from "../../../lib/money";

/** A Decimal string as money in the UI language, or a dash when there is none. */
export function Money({ amount, currency }: { amount: string | null | undefined; currency: string }) {
  const { locale } = useI18n();
  return <>{amount == null || amount === "" ? "—" : formatMoney(locale, amount, currency)}</>;
}

/** A Decimal string quantity in the UI language, with its unit when given. */
export function Quantity({ amount, unit }: { amount: string | null | undefined; unit?: string | null | undefined }) {
  const { locale } = useI18n();
  if (amount == null || amount === "") return <>—</>;
  return <>{unit ? `${formatQuantity(locale, amount)} ${unit}` : formatQuantity(locale, amount)}</>;
}

interface DecimalInputProps {
  label: string;
  /** The API's decimal string, or "" for none. */
  value: string;
  /** The parsed decimal string, "" when emptied, or null while the text is not a number. */
  onValue: (value: string | null) => void;
  /** Shown when the text is not a non-negative number with at most `scale` decimals. */
  invalidMessage: string;
  scale?: number;
  hint?: string | undefined;
  error?: string | undefined;
  hideLabel?: boolean;
  disabled?: boolean;
  className?: string;
  /** Text after the input: the currency or the unit. */
  suffix?: string | undefined;
}

/**
 * A money or quantity input in the user's separators ("1.234,5" in Romanian, "1,234.5" in
 * English): what is typed stays as typed, the parent gets the API's decimal string (or
 * null while it is not a number), and leaving the field writes it back the language's way.
 */
export function DecimalInput({ label, value, onValue, invalidMessage, scale = 6, hint, error, hideLabel, disabled, className, suffix }: DecimalInputProps) {
  const { locale } = useI18n();
  const id = useId();
  const shown = value === "" ? "" : formatDecimalInput(locale, value);
  const [text, setText] = useState(shown);
  const [lastValue, setLastValue] = useState(value);
  const [invalid, setInvalid] = useState(false);
  if (value !== lastValue) {
    // the parent changed the value (a reset, "use target"): show it, unless it is what was typed,
    // or the parent only stored "" for the half-typed number it was told is none yet ("0," on the way to "0,09")
    setLastValue(value);
    const typedNow = text.trim() ? typedDecimal(locale, text, scale) : "";
    if (typedNow !== value && !(typedNow === null && value === "")) setText(shown);
  }
  const typed = (next: string) => {
    setText(next);
    if (!next.trim()) {
      setInvalid(false);
      setLastValue("");
      onValue("");
      return;
    }
    const parsed = typedDecimal(locale, next, scale);
    setInvalid(parsed === null);
    if (parsed !== null) setLastValue(parsed);
    onValue(parsed);
  };
  const message = invalid ? invalidMessage : error;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  return (
    <div className={`field rfq-decimal${message ? " field--invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <span className="rfq-decimal__box">
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          value={text}
          disabled={disabled}
          onChange={(event) => typed(event.target.value)}
          onBlur={() => {
            if (!invalid && text.trim()) setText(shown);
          }}
          aria-invalid={message ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        />
        {suffix && <span className="muted">{suffix}</span>}
      </span>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {message && (
        <p id={errorId} className="field__error">
          {message}
        </p>
      )}
    </div>
  );
}
