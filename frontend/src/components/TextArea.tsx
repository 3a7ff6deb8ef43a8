import { useId, type TextareaHTMLAttributes } from "react";

interface Props extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "onChange" | "value"> {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
}

/** A labelled multi-line field with its error under it. */
export function TextArea({ label, value, onValue, error, id, className, rows = 5, ...rest }: Props) {
  const auto = useId();
  const areaId = id ?? auto;
  const errorId = error ? `${areaId}-error` : undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={areaId}>{label}</label>
      <textarea
        id={areaId}
        rows={rows}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
        {...rest}
      />
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
