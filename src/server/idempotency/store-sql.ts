import { json, type Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { IdempotencyRecord, IdempotencyRepo } from "./store.js";

const KEYS = new Table<IdempotencyRecord>("idempotency_keys", "scope, key, fingerprint, state, status, response, location, createdAt", {
  json: ["response"],
});

export class SqlIdempotencyRepo implements IdempotencyRepo {
  constructor(private readonly sql: Sql) {}

  async get(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return KEYS.one(this.sql, "WHERE scope = ? AND key = ?", [scope, key]);
  }
  async begin(r: IdempotencyRecord): Promise<boolean> {
    return (await KEYS.insert(this.sql, r, "ON CONFLICT DO NOTHING")) === 1;
  }
  async finish(scope: string, key: string, status: number, response: unknown, location: string | null): Promise<void> {
    // The answer is kept as JSON text (a TEXT column on both), null included.
    await this.sql.exec("UPDATE idempotency_keys SET state = 'done', status = ?, response = ?, location = ? WHERE scope = ? AND key = ?", [
      status,
      json(response) ?? "null",
      location,
      scope,
      key,
    ]);
  }
  async remove(scope: string, key: string): Promise<void> {
    await this.sql.exec("DELETE FROM idempotency_keys WHERE scope = ? AND key = ?", [scope, key]);
  }
  async expire(before: string): Promise<number> {
    return this.sql.exec("DELETE FROM idempotency_keys WHERE created_at < ?", [before]);
  }
}
