import type { ReactNode } from "react";
import { useI18n } from "../../i18n/context";
import { useOrg } from "../orgContext";

/** The active supplier's address (`/api/v1/suppliers/{slug}`), or null outside a supplier. */
export function useSupplierSlug(): string | null {
  const { active } = useOrg();
  return active.kind === "supplier" ? (active.slug ?? null) : null;
}

/** Supplier console pages: anyone else sees a refusal. */
export function SupplierOnly({ children }: { children: (slug: string) => ReactNode }) {
  const slug = useSupplierSlug();
  const { t } = useI18n();
  if (!slug) {
    return (
      <div className="page">
        <p role="alert" className="alert alert--error">
          {t("error.forbidden")}
        </p>
      </div>
    );
  }
  return <>{children(slug)}</>;
}
