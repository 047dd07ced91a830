import type { Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { StoredToken, TokenRepo } from "./store.js";

const TOKENS = new Table<StoredToken>("tokens", "id, name, roles, hash, prefix, createdAt, createdBy, revokedAt, principalId", {
  json: ["roles"],
});

export class SqlTokenRepo implements TokenRepo {
  constructor(private readonly sql: Sql) {}

  async insert(t: StoredToken): Promise<void> {
    await TOKENS.insert(this.sql, t);
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    return TOKENS.one(this.sql, "WHERE hash = ?", [hash]);
  }
  async list(): Promise<StoredToken[]> {
    return TOKENS.rows(this.sql, "ORDER BY created_at, id");
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
