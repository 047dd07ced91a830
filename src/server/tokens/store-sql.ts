import type { Role } from "../../core/auth/roles.js";
import { json, parseJson, type Sql } from "../persist/sql.js";
import type { StoredToken, TokenRepo } from "./store.js";

type Row = Omit<StoredToken, "roles"> & { roles: string };

const COLUMNS = "id, name, roles, hash, prefix, created_at, created_by, revoked_at, principal_id";
const SELECT = `SELECT id, name, roles, hash, prefix, created_at AS "createdAt", created_by AS "createdBy", revoked_at AS "revokedAt", principal_id AS "principalId" FROM tokens`;
const fromRow = (r: Row): StoredToken => ({ ...r, roles: parseJson<Role[]>(r.roles) });

export class SqlTokenRepo implements TokenRepo {
  constructor(private readonly sql: Sql) {}

  async insert(t: StoredToken): Promise<void> {
    await this.sql.exec(`INSERT INTO tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      t.id,
      t.name,
      json(t.roles),
      t.hash,
      t.prefix,
      t.createdAt,
      t.createdBy,
      t.revokedAt,
      t.principalId,
    ]);
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    const row = await this.sql.one<Row>(`${SELECT} WHERE hash = ?`, [hash]);
    return row ? fromRow(row) : null;
  }
  async list(): Promise<StoredToken[]> {
    return (await this.sql.rows<Row>(`${SELECT} ORDER BY created_at, id`)).map(fromRow);
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
