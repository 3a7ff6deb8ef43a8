import type { I18n } from "../../i18n/context";
import type { MessageKey } from "../../i18n/messages";

export function roleLabel(t: I18n["t"], role: string | null | undefined): string {
  if (!role) return "";
  const key = `role.${role}` as MessageKey;
  const text = t(key);
  return text === key ? role : text;
}

export function statusLabel(t: I18n["t"], status: string): string {
  const key = `status.${status}` as MessageKey;
  const text = t(key);
  return text === key ? status : text;
}
