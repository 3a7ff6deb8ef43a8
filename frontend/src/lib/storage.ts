import type { OrgKind } from "../api/client";

const PENDING_ORG = "hansa.pendingOrg";
const PENDING_INVITATION = "hansa.pendingInvitation";

export interface PendingOrg {
  kind: Exclude<OrgKind, "platform">;
  name: string;
  slug: string;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* storage blocked */
  }
}

/** What the sign-up form asked about the company, for the onboarding step after sign-in. */
export function loadPendingOrg(): PendingOrg | null {
  const raw = read(PENDING_ORG);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<PendingOrg>;
    if (value.kind !== "supplier" && value.kind !== "buyer") return null;
    return { kind: value.kind, name: String(value.name ?? ""), slug: String(value.slug ?? "") };
  } catch {
    return null;
  }
}

export function savePendingOrg(value: PendingOrg | null): void {
  write(PENDING_ORG, value ? JSON.stringify(value) : null);
}

export function loadPendingInvitation(): string | null {
  return read(PENDING_INVITATION);
}

export function savePendingInvitation(token: string | null): void {
  write(PENDING_INVITATION, token);
}
