import { useId, useState } from "react";
import { Button } from "../../../components/kit/fields";
import { useI18n } from "../../../i18n/context";
import type { HeaderCheck } from "../api/imports";

export type { HeaderCheck } from "../api/imports";
const LEAVE_OUT = "";

/** How the header normalises (the server does the same): "Product name" -> "product_name". */
export function normaliseHeader(name: string): string {
  return name.replace(/\ufeff/g, "").trim().toLowerCase().split(/\s+/).join("_");
}

/** The starting choice for each file header: the saved mapping, else the header itself when known, else left out. */
export function initialMapping(check: HeaderCheck): Record<string, string> {
  const choice: Record<string, string> = {};
  check.headers.forEach((header, i) => {
    const key = normaliseHeader(header);
    const saved = check.mapping[key];
    const read = check.normalised[i] ?? key;
    choice[key] = saved ?? (check.unknown.includes(read) ? LEAVE_OUT : read);
  });
  return choice;
}

/** The required columns no header is mapped to yet. */
export function stillMissing(required: readonly string[], choice: Record<string, string>): string[] {
  const given = new Set(Object.values(choice));
  return required.filter((c) => !given.has(c));
}

export const REQUIRED: Record<HeaderCheck["kind"], readonly string[]> = {
  products: ["sku"],
  inventory: ["sku", "location", "on_hand"],
  prices: ["price_list", "sku", "min_qty", "unit_price"],
};

interface Props {
  check: HeaderCheck;
  filename: string;
  busy: boolean;
  onApply: (mapping: Record<string, string>) => void;
  onCancel: () => void;
}

/** The column-mapping step: one choice per file column; what is chosen is saved for the kind. */
export function ColumnMapping({ check, filename, busy, onApply, onCancel }: Props) {
  const { t } = useI18n();
  const titleId = useId();
  // plain state, not react-hook-form: the keys are file headers ("pack.size", "attr:x"), which
  // react-hook-form would read as nested paths; nothing here is checked by the server field by field
  const [choice, setChoice] = useState(() => initialMapping(check));
  const missing = stillMissing(REQUIRED[check.kind], choice);
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t("imports.mapping")}</h2>
      <p>{t("imports.mappingIntro", { file: filename, kind: t(`importKind.${check.kind}`) })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("imports.mappingSource")}</th>
              <th scope="col">{t("imports.mappingTarget")}</th>
            </tr>
          </thead>
          <tbody>
            {check.headers.map((header) => {
              const key = normaliseHeader(header);
              const options = [...new Set([...check.columns, ...(key.startsWith("attr:") ? [key] : [])])];
              return (
                <tr key={key}>
                  <th scope="row">{header}</th>
                  <td>
                    <select aria-label={t("imports.mappingTarget") + ": " + header} value={choice[key] ?? LEAVE_OUT} onChange={(e) => setChoice((c) => ({ ...c, [key]: e.target.value }))}>
                      <option value={LEAVE_OUT}>{t("imports.mappingLeaveOut")}</option>
                      {options.map((column) => (
                        <option key={column} value={column}>
                          {column}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {missing.length > 0 && (
        <p className="field__error" role="status">
          {t("imports.mappingMissing", { columns: missing.join(", ") })}
        </p>
      )}
      <div className="form-actions">
        <Button tone="primary" isDisabled={busy || missing.length > 0} onPress={() => onApply(choice)}>
          {t("imports.mappingApply")}
        </Button>
        <Button onPress={onCancel}>{t("app.cancel")}</Button>
      </div>
    </section>
  );
}
