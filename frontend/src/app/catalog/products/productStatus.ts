import type { MessageKey } from "../../../i18n/messages";

export const PRODUCT_STATUSES = ["draft", "published", "archived"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export function productStatusLabel(t: (k: MessageKey) => string, status: string): string {
  return PRODUCT_STATUSES.includes(status as ProductStatus) ? t(`productStatus.${status as ProductStatus}`) : status;
}
