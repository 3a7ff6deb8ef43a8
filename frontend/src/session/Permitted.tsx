import type { ReactNode } from "react";
import { useI18n } from "../i18n/context";
import { useCan } from "./permissions";

/** Renders `children` only when the active role permits `action`, else `fallback` (nothing by default). */
export function Permitted({ action, children, fallback = null }: { action: string; children: ReactNode; fallback?: ReactNode }) {
  return useCan()(action) ? children : fallback;
}

/** Everything inside is disabled (a plain `<fieldset disabled>`) when the active role lacks `action`,
 * with a line saying why; links stay usable. */
export function EditableIf({ action, children }: { action: string; children: ReactNode }) {
  const { t } = useI18n();
  const allowed = useCan()(action);
  return (
    <>
      {!allowed && <p className="muted">{t("access.readOnly")}</p>}
      <fieldset className="fieldset-plain" disabled={!allowed}>
        {children}
      </fieldset>
    </>
  );
}
