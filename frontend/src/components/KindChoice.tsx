import { useId } from "react";
import { useI18n } from "../i18n/context";
import type { PendingOrg } from "../lib/storage";

/** Radio group: "Supplier" / "Buyer company". */
export function KindChoice({ value, onChange }: { value: PendingOrg["kind"]; onChange: (kind: PendingOrg["kind"]) => void }) {
  const { t } = useI18n();
  const name = useId();
  return (
    <fieldset className="choice">
      <legend>{t("signup.kindLegend")}</legend>
      {(["supplier", "buyer"] as const).map((kind) => (
        <label key={kind} className={`choice__option${value === kind ? " choice__option--checked" : ""}`}>
          <input type="radio" name={name} value={kind} checked={value === kind} onChange={() => onChange(kind)} />
          <span>{t(kind === "supplier" ? "kind.supplier" : "kind.buyer")}</span>
        </label>
      ))}
    </fieldset>
  );
}
