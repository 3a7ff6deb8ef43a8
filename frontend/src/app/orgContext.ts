import { createContext, useContext } from "react";
import type { Organisation } from "../api/client";

export interface OrgState {
  orgs: Organisation[];
  active: Organisation;
  switchTo: (orgId: string) => Promise<void>;
  reload: () => void;
}

export const OrgContext = createContext<OrgState | null>(null);

export function useOrg(): OrgState {
  const value = useContext(OrgContext);
  if (!value) throw new Error("useOrg outside the app shell");
  return value;
}

/** Roles each kind of organisation has (docs/permissions.md), strongest first. */
export const ROLES: Record<Organisation["kind"], readonly string[]> = {
  supplier: ["owner", "admin", "catalog_manager", "sales", "viewer"],
  buyer: ["owner", "admin", "purchaser", "approver", "viewer"],
  platform: ["operator", "support"],
};
