import { json, parseJson, type Sql } from "../persist/sql.js";
import type { IdempotencyRecord, IdempotencyRepo } from "./store.js";

type Row = Omit<IdempotencyRecord, "response"> & { response: string | null };
const fromRow = (r: Row): IdempotencyRecord => ({ ...r, state: r.state === "done" ? "done" : "pending", response: parseJson(r.response) });

export class SqlIdempotencyRepo implements IdempotencyRepo {
  constructor(private readonly sql: Sql) {}

  async get(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await this.sql.one<Row>(
      'SELECT scope, key, fingerprint, state, status, response, location, created_at AS "createdAt" FROM idempotency_keys WHERE scope = ? AND key = ?',
      [scope, key],
    );
    return row ? fromRow(row) : null;
  }
  async begin(r: IdempotencyRecord): Promise<boolean> {
    const sql =
      "INSERT INTO idempotency_keys (scope, key, fingerprint, state, created_at) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING";
    return (await this.sql.exec(sql, [r.scope, r.key, r.fingerprint, r.createdAt])) === 1;
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
