import { useId } from "react";
import { useController, type Control, type FieldPath, type FieldValues } from "react-hook-form";

interface Props<T extends FieldValues, O> {
  control: Control<T, unknown, O>;
  name: FieldPath<T>;
  label: string;
  hint?: string | undefined;
  accept?: string;
  /** Called with the new file besides the form (a step that depends on the file starts over). */
  onFile?: (file: File | null) => void;
}

/**
 * A file chosen for upload, bound to the form as a `File` (or null), with the kit's label,
 * hint and error wiring. The input is uncontrolled (browsers forbid setting its value):
 * reset the form's field to null and give the input a new `key` to empty it.
 */
export function FileInput<T extends FieldValues, O = T>({ control, name, label, hint, accept, onFile }: Props<T, O>) {
  const id = useId();
  const {
    field: { ref, onChange, onBlur },
    fieldState,
  } = useController({ control, name });
  const error = fieldState.error?.message;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={ref}
        id={id}
        name={name}
        type="file"
        accept={accept}
        onChange={(e) => {
          const file = e.target.files?.[0] ?? null;
          onChange(file);
          onFile?.(file);
        }}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="field__hint">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
