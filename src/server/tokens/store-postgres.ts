import { toNumber, type PgSql } from "../store/postgres-sql.js";
import { asParsed } from "../store/json-columns.js";
import { TOKEN_COLUMNS as COLUMNS, tokenFromRow, type TokenRow } from "./rows.js";
import type { StoredToken, TokenRepo } from "./store.js";

export class PostgresTokenRepo implements TokenRepo {
  constructor(private readonly sql: PgSql) {}

  async insert(t: StoredToken): Promise<void> {
    await this.sql.exec(`INSERT INTO tokens (${COLUMNS}) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9)`, [
      t.id, t.name, JSON.stringify(t.roles), t.hash, t.prefix, t.createdAt, t.createdBy, t.revokedAt, t.principalId,
    ]);
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    const row = await this.sql.one<TokenRow>(`SELECT ${COLUMNS} FROM tokens WHERE hash = $1`, [hash]);
    return row ? tokenFromRow(row, asParsed) : null;
  }
  async list(): Promise<StoredToken[]> {
    return (await this.sql.rows<TokenRow>(`SELECT ${COLUMNS} FROM tokens ORDER BY created_at, id`)).map((r) => tokenFromRow(r, asParsed));
  }
  async revoke(id: string, at: string): Promise<boolean> {
    return (await this.sql.exec("UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", [at, id])) === 1;
  }
  async setPrincipal(id: string, principalId: string): Promise<void> {
    await this.sql.exec("UPDATE tokens SET principal_id = $1 WHERE id = $2", [principalId, id]);
  }
  async count(): Promise<number> {
    return toNumber((await this.sql.one<{ n: string }>("SELECT COUNT(*) AS n FROM tokens"))!.n);
  }
}
