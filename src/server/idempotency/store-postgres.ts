import type { PgSql } from "../store/postgres-sql.js";
import { fromRow, responseText, type IdempotencyRow } from "./rows.js";
import type { IdempotencyRecord, IdempotencyRepo } from "./store.js";

export class PostgresIdempotencyRepo implements IdempotencyRepo {
  constructor(private readonly sql: PgSql) {}

  async get(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await this.sql.one<IdempotencyRow>("SELECT * FROM idempotency_keys WHERE scope = $1 AND key = $2", [scope, key]);
    return row ? fromRow(row) : null;
  }
  async begin(r: IdempotencyRecord): Promise<boolean> {
    const n = await this.sql.exec("INSERT INTO idempotency_keys (scope, key, fingerprint, state, status, response, location, created_at) VALUES ($1, $2, $3, 'pending', NULL, NULL, NULL, $4) ON CONFLICT DO NOTHING", [r.scope, r.key, r.fingerprint, r.createdAt]);
    return n === 1;
  }
  async finish(scope: string, key: string, status: number, response: unknown, location: string | null): Promise<void> {
    await this.sql.exec("UPDATE idempotency_keys SET state = 'done', status = $1, response = $2, location = $3 WHERE scope = $4 AND key = $5", [status, responseText(response), location, scope, key]);
  }
  async remove(scope: string, key: string): Promise<void> {
    await this.sql.exec("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2", [scope, key]);
  }
  async expire(before: string): Promise<number> {
    return this.sql.exec("DELETE FROM idempotency_keys WHERE created_at < $1", [before]);
  }
}
