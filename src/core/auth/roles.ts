/**
 * Roles and what they may do. A token holds one or more roles; a route names
 * the permission it needs. Kept pure so the dashboard can hide what a role
 * cannot do, using the very same table the server enforces.
 */
export const ROLES = ["viewer", "sdk", "operator", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "read",
  "sdk:read",
  "telemetry:write",
  "program:write",
  "candidate:write",
  "alias:write",
  "traffic:write",
  "rollout:write",
  "rollout:approve",
  "freeze:write",
  "token:admin",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ["read", "sdk:read"],
  sdk: ["sdk:read", "telemetry:write"],
  operator: [
    "read",
    "sdk:read",
    "telemetry:write",
    "program:write",
    "candidate:write",
    "alias:write",
    "traffic:write",
    "rollout:write",
    "freeze:write",
  ],
  approver: ["read", "sdk:read", "rollout:approve"],
  admin: PERMISSIONS,
};

export function rolesAllow(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role].includes(permission));
}

/** Roles that grant a permission, for error messages ("needs one of: operator, admin"). */
export function rolesGranting(permission: Permission): Role[] {
  return ROLES.filter((role) => GRANTS[role].includes(permission));
}
