/**
 * Who acts: a principal (a person or a service account) holds roles and may have several
 * tokens. Identity is the principal, never a token's label. Pure rules, shared by the server
 * and the dashboard.
 */
import type { Role } from "./roles.js";

export const PRINCIPAL_KINDS = ["person", "service", "system"] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

export interface Principal {
  /** Immutable; "system:<name>" for the reserved system principals, "p_<uuid>" otherwise. */
  id: string;
  /** Unique, immutable and never reused (a disabled principal keeps its name). */
  name: string;
  kind: PrincipalKind;
  roles: Role[];
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
}

/** Lower-case letters, digits and . _ - : no case or Unicode look-alikes. */
export const PRINCIPAL_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Names the system acts under; no one can create or impersonate them through the API. */
export const SYSTEM_PRINCIPAL_NAMES = ["arena", "controller", "demo-seed", "bootstrap-admin", "anonymous", "system"] as const;
const RESERVED_PREFIXES = ["recovered-admin", "system", "legacy-"];

export const systemPrincipalId = (name: string): string => `system:${name}`;

/**
 * What two names look like to a person: case, separators and Unicode compatibility forms
 * removed. Two principals never share a skeleton, so "a.lice" cannot pass for "alice".
 */
export function nameSkeleton(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Why a name cannot be given to a new principal through the API, or null if it can. */
export function principalNameProblem(name: string): string | null {
  if (!PRINCIPAL_NAME.test(name)) return "must be 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
  const skeleton = nameSkeleton(name);
  const reserved = SYSTEM_PRINCIPAL_NAMES.find((n) => nameSkeleton(n) === skeleton);
  if (reserved) return `"${name}" is the reserved system principal "${reserved}" (or looks like it)`;
  const prefix = RESERVED_PREFIXES.find((p) => skeleton.startsWith(nameSkeleton(p)));
  if (prefix) return `names starting with "${prefix}" are reserved for the system`;
  return null;
}

/** A token acts with its own roles, limited to what its principal holds now. */
export function effectiveRoles(principalRoles: readonly Role[], tokenRoles: readonly Role[]): Role[] {
  return tokenRoles.filter((r) => principalRoles.includes(r));
}

export interface TokenGrant {
  id: string;
  principalId: string | null;
  roles: Role[];
  revokedAt: string | null;
}

/**
 * Principals that can still administer: active, holding admin, with at least one active token
 * that carries admin. `without` removes a principal or a token first (the change being checked).
 */
export function activeAdmins(
  principals: readonly Principal[],
  tokens: readonly TokenGrant[],
  without: { principalId?: string; tokenId?: string } = {},
): Principal[] {
  return principals.filter(
    (p) =>
      p.id !== without.principalId &&
      p.disabledAt === null &&
      p.roles.includes("admin") &&
      tokens.some(
        (t) =>
          t.principalId === p.id && t.id !== without.tokenId && t.revokedAt === null && effectiveRoles(p.roles, t.roles).includes("admin"),
      ),
  );
}
