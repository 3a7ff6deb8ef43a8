import { useId, type ReactNode } from "react";
import { Button as AriaButton, Input, Label, Text, TextField as AriaTextField, type ButtonProps } from "react-aria-components";
import { useController, type Control, type FieldPath, type FieldValues } from "react-hook-form";
import "../../lib/zodUnderCsp";
import "./fields.css";

// React Aria's usePress adds an inline <style> (touch-action on pressables) unless an element
// with this id exists. The CSP forbids inline styles: the rule is in fields.css, this marker
// stands in for the style element.
const PRESSABLE_STYLE_ID = "react-aria-pressable-style";
if (typeof document !== "undefined" && !document.getElementById(PRESSABLE_STYLE_ID)) {
  const marker = document.createElement("meta");
  marker.id = PRESSABLE_STYLE_ID;
  document.head.append(marker);
}

/**
 * The pricing area's form kit: React Aria Components (labels, descriptions and errors
 * wired for assistive technology) bound to react-hook-form, drawn with our own classes
 * (`field`, `field__hint`, `field__error`, `button`) so the look stays as it was.
 */

interface TextInputProps<T extends FieldValues, O> {
  control: Control<T, unknown, O>;
  name: FieldPath<T>;
  label: string;
  hint?: string | undefined;
  type?: "text" | "search" | "date" | "email" | "password";
  inputMode?: "numeric" | "decimal" | "text";
  maxLength?: number;
  autoComplete?: string;
  disabled?: boolean;
  required?: boolean;
  className?: string;
  /** Rewrites what is typed (an upper-cased currency code). */
  transform?: (value: string) => string;
  autoFocus?: boolean;
  /** Drawn on the input element itself. */
  placeholder?: string;
  spellCheck?: boolean;
  autoCapitalize?: string;
}

export function TextInput<T extends FieldValues, O = T>({ control, name, label, hint, disabled, required, className, transform, placeholder, spellCheck, autoCapitalize, ...input }: TextInputProps<T, O>) {
  const {
    field: { ref, value, onChange, onBlur },
    fieldState,
  } = useController({ control, name });
  const error = fieldState.error?.message;
  return (
    <AriaTextField
      className={`field${error ? " field--invalid" : ""}${className ? ` ${className}` : ""}`}
      name={name}
      value={String(value ?? "")}
      onChange={(typed) => onChange(transform ? transform(typed) : typed)}
      onBlur={onBlur}
      isDisabled={disabled}
      isRequired={required}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      {...input}
    >
      <Label>{label}</Label>
      <Input ref={ref} placeholder={placeholder} spellCheck={spellCheck} autoCapitalize={autoCapitalize} />
      {hint && (
        <Text slot="description" elementType="p" className="field__hint">
          {hint}
        </Text>
      )}
      {error && (
        <Text slot="errorMessage" elementType="p" className="field__error">
          {error}
        </Text>
      )}
    </AriaTextField>
  );
}

interface SelectInputProps<T extends FieldValues, O> {
  control: Control<T, unknown, O>;
  name: FieldPath<T>;
  label: string;
  options: readonly { value: string; label: string }[];
  disabled?: boolean;
}

/** A native select (keyboard and mobile pickers as the platform draws them), bound to the form. */
export function SelectInput<T extends FieldValues, O = T>({ control, name, label, options, disabled }: SelectInputProps<T, O>) {
  const {
    field: { ref, value, onChange, onBlur },
    fieldState,
  } = useController({ control, name });
  const id = useId();
  const error = fieldState.error?.message;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        ref={ref}
        name={name}
        value={String(value ?? "")}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

type Tone = "primary" | "danger" | "link" | "plain";

/** A button in our look; `busy` disables it and may show `busyLabel`. */
export function Button({ tone = "plain", busy = false, busyLabel, children, className, ...props }: Omit<ButtonProps, "children" | "className"> & { tone?: Tone; busy?: boolean; busyLabel?: string; children: ReactNode; className?: string }) {
  const toneClass = tone === "plain" ? "" : ` button--${tone}`;
  return (
    <AriaButton {...props} className={`button${toneClass}${className ? ` ${className}` : ""}`} isDisabled={busy || props.isDisabled} aria-busy={busy || undefined}>
      {busy && busyLabel ? busyLabel : children}
    </AriaButton>
  );
}
