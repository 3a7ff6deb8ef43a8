import { ApiError } from "../api/client";
import type { I18n } from "../i18n/context";
import type { MessageKey } from "../i18n/messages";

const BY_CODE: Record<string, MessageKey> = {
  "auth.invalid_credentials": "error.invalidCredentials",
  "auth.rate_limited": "error.rateLimited",
  "http.rate_limited": "error.rateLimited",
  "auth.not_authenticated": "error.notAuthenticated",
  "auth.csrf_failed": "error.csrf",
  "auth.email_not_verified": "error.emailNotVerified",
  "auth.invalid_token": "error.invalidToken",
  "tenants.slug_taken": "error.slugTaken",
  "orgs.last_owner": "error.lastOwner",
  "orgs.invitation_invalid": "error.invitationInvalid",
  "orgs.invitation_pending": "error.invitationPending",
  "permissions.already_member": "error.alreadyMember",
  "orgs.suspended": "error.suspended",
  "http.forbidden": "error.forbidden",
  network: "error.network",
};

/** A sentence for the form-level alert, in the UI language. */
export function errorMessage(t: I18n["t"], error: unknown): string {
  if (error instanceof ApiError) {
    const key = BY_CODE[error.code];
    if (key) return t(key);
    if (error.status === 403) return t("error.forbidden");
    if (error.status === 404) return t("error.notFound");
    if (error.status >= 400 && error.status < 500 && error.detail) return error.detail;
  }
  return t("error.generic");
}

/** Field errors from a failed call, plus those codes that belong to one field. */
export function fieldErrors(t: I18n["t"], error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields: Record<string, string> = { ...error.fieldErrors };
  if (error.code === "tenants.slug_taken") fields.slug = t("error.slugTaken");
  if (error.code === "orgs.invitation_pending" || error.code === "permissions.already_member") fields.email = errorMessage(t, error);
  return fields;
}

/** Splits a failure into field errors and the form-level message (none when fields say it all). */
export function formErrors(t: I18n["t"], error: unknown): { fields: Record<string, string>; form: string } {
  const fields = fieldErrors(t, error);
  const hasFields = Object.keys(fields).length > 0;
  return { fields, form: hasFields ? t("validation.fixErrors") : errorMessage(t, error) };
}
