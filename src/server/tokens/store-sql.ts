import type { Role } from "../../core/auth/roles.js";
import { json, parseJson, type Sql } from "../persist/sql.js";
import type { StoredToken, TokenRepo } from "./store.js";

interface Row {
  id: string;
  name: string;
  roles: string;
  hash: string;
  prefix: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  principal_id: string | null;
}

const COLUMNS = "id, name, roles, hash, prefix, created_at, created_by, revoked_at, principal_id";
const fromRow = (r: Row): StoredToken => ({
  id: r.id,
  name: r.name,
  roles: parseJson<Role[]>(r.roles),
  hash: r.hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
  principalId: r.principal_id ?? null,
});

export class SqlTokenRepo implements TokenRepo {
  constructor(private readonly sql: Sql) {}

  async insert(t: StoredToken): Promise<void> {
    await this.sql.exec(`INSERT INTO tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [t.id, t.name, json(t.roles), t.hash, t.prefix, t.createdAt, t.createdBy, t.revokedAt, t.principalId]);
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    const row = await this.sql.one<Row>(`SELECT ${COLUMNS} FROM tokens WHERE hash = ?`, [hash]);
    return row ? fromRow(row) : null;
  }
  async list(): Promise<StoredToken[]> {
    return (await this.sql.rows<Row>(`SELECT ${COLUMNS} FROM tokens ORDER BY created_at, id`)).map(fromRow);
  }
  async revoke(id: string, at: string): Promise<boolean> {
    return (await this.sql.exec("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [at, id])) === 1;
  }
  async setPrincipal(id: string, principalId: string): Promise<void> {
    await this.sql.exec("UPDATE tokens SET principal_id = ? WHERE id = ?", [principalId, id]);
  }
  async count(): Promise<number> {
    return (await this.sql.one<{ n: number }>("SELECT COUNT(*) AS n FROM tokens"))!.n;
  }
}
