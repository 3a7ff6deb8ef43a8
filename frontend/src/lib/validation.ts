import type { MessageKey } from "../i18n/messages";

export const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const CODE_RE = /^[A-Za-z0-9 -]{6,32}$/;

export function validateEmail(value: string): MessageKey | null {
  if (!value.trim()) return "validation.required";
  return EMAIL_RE.test(value.trim()) ? null : "validation.email";
}

/** The server's policy: 10+ characters, two of lower / upper / digits / other. */
export function validatePassword(value: string): MessageKey | null {
  if (!value) return "validation.required";
  if (value.length < 10) return "validation.passwordLength";
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  return classes >= 2 ? null : "validation.passwordMix";
}

export function validateRequired(value: string): MessageKey | null {
  return value.trim() ? null : "validation.required";
}

export function validateSlug(value: string): MessageKey | null {
  if (!value.trim()) return "validation.required";
  return SLUG_RE.test(value) ? null : "validation.slug";
}

export function validateCode(value: string): MessageKey | null {
  if (!value.trim()) return "validation.required";
  return CODE_RE.test(value.trim()) ? null : "validation.code";
}

/** "ACME Tools S.R.L." → "acme-tools-s-r-l": a suggestion for the supplier address. */
export function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}
