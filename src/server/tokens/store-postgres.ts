import type { Role } from "../../core/auth/roles.js";
import { toNumber, type PgSql } from "../store/postgres-sql.js";
import type { StoredToken, TokenRepo } from "./store.js";

interface Row {
  id: string;
  name: string;
  roles: Role[];
  hash: string;
  prefix: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}
const fromRow = (r: Row): StoredToken => ({
  id: r.id,
  name: r.name,
  roles: r.roles,
  hash: r.hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
});

const COLUMNS = "id, name, roles, hash, prefix, created_at, created_by, revoked_at";

export class PostgresTokenRepo implements TokenRepo {
  constructor(private readonly sql: PgSql) {}

  async insert(t: StoredToken): Promise<void> {
    await this.sql.exec(`INSERT INTO tokens (${COLUMNS}) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8)`, [
      t.id, t.name, JSON.stringify(t.roles), t.hash, t.prefix, t.createdAt, t.createdBy, t.revokedAt,
    ]);
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    const row = await this.sql.one<Row>(`SELECT ${COLUMNS} FROM tokens WHERE hash = $1`, [hash]);
    return row ? fromRow(row) : null;
  }
  async list(): Promise<StoredToken[]> {
    return (await this.sql.rows<Row>(`SELECT ${COLUMNS} FROM tokens ORDER BY created_at, id`)).map(fromRow);
  }
  async revoke(id: string, at: string): Promise<boolean> {
    return (await this.sql.exec("UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", [at, id])) === 1;
  }
  async count(): Promise<number> {
    return toNumber((await this.sql.one<{ n: string }>("SELECT COUNT(*) AS n FROM tokens"))!.n);
  }
}
