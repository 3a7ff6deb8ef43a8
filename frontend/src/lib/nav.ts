import { loadPendingInvitation } from "./storage";

/** A same-site path from ?next=, never another origin. */
export function safeNext(value: string | null): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  return value;
}

/** Where to go after signing in: ?next=, else an invitation being answered, else the app. */
export function afterSignIn(params: URLSearchParams): string {
  const next = safeNext(params.get("next"));
  if (next) return next;
  const invitation = params.get("invitation") ?? loadPendingInvitation();
  if (invitation) return `/invitations/${encodeURIComponent(invitation)}`;
  return "/app";
}
