import type { Role } from "../../core/auth/roles.js";
import type { JsonDecoder } from "../store/json-columns.js";
import type { StoredToken } from "./store.js";

/** A tokens row as both SQL stores return it (roles: JSON text in SQLite, JSONB in PostgreSQL). */
export interface TokenRow {
  id: string;
  name: string;
  roles: unknown;
  hash: string;
  prefix: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  principal_id: string | null;
}

export const TOKEN_COLUMNS = "id, name, roles, hash, prefix, created_at, created_by, revoked_at, principal_id";

export function tokenFromRow(r: TokenRow, json: JsonDecoder): StoredToken {
  return {
    id: r.id,
    name: r.name,
    roles: json(r.roles) as Role[],
    hash: r.hash,
    prefix: r.prefix,
    createdAt: r.created_at,
    createdBy: r.created_by,
    revokedAt: r.revoked_at,
    principalId: r.principal_id ?? null,
  };
}
