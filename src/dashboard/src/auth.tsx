/** Who is signed in, and what their roles let them do (the server's own role table). */
import { createContext, useContext } from "react";
import { rolesAllow, type Permission } from "../../core/auth/roles.js";
import type { WhoAmI } from "./api/types.js";

/** `who` is null for the moment /v1/whoami takes after a reload: pages load meanwhile, actions wait for it. */
export const AuthContext = createContext<{ who: WhoAmI | null; signOut: () => void } | null>(null);

export function useAuth(): { who: WhoAmI | null; signOut: () => void } {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside the signed-in app");
  return auth;
}

/** Whether the signed-in token may do this; actions it may not take are not shown at all. */
export function useCan(permission: Permission): boolean {
  const who = useAuth().who;
  return who !== null && rolesAllow(who.roles, permission);
}
