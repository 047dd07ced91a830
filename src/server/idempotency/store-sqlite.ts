import type { Database } from "better-sqlite3";
import { fromRow, responseText, type IdempotencyRow } from "./rows.js";
import type { IdempotencyRecord, IdempotencyRepo } from "./store.js";

export class SqliteIdempotencyRepo implements IdempotencyRepo {
  private readonly getStmt;
  private readonly beginStmt;
  private readonly finishStmt;
  private readonly removeStmt;
  private readonly expireStmt;
  constructor(db: Database) {
    this.getStmt = db.prepare<[string, string], IdempotencyRow>("SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?");
    this.beginStmt = db.prepare("INSERT INTO idempotency_keys (scope, key, fingerprint, state, status, response, location, created_at) VALUES (?, ?, ?, 'pending', NULL, NULL, NULL, ?) ON CONFLICT DO NOTHING");
    this.finishStmt = db.prepare("UPDATE idempotency_keys SET state = 'done', status = ?, response = ?, location = ? WHERE scope = ? AND key = ?");
    this.removeStmt = db.prepare("DELETE FROM idempotency_keys WHERE scope = ? AND key = ?");
    this.expireStmt = db.prepare("DELETE FROM idempotency_keys WHERE created_at < ?");
  }
  async get(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const row = this.getStmt.get(scope, key);
    return row ? fromRow(row) : null;
  }
  async begin(r: IdempotencyRecord): Promise<boolean> {
    return this.beginStmt.run(r.scope, r.key, r.fingerprint, r.createdAt).changes === 1;
  }
  async finish(scope: string, key: string, status: number, response: unknown, location: string | null): Promise<void> {
    this.finishStmt.run(status, responseText(response), location, scope, key);
  }
  async remove(scope: string, key: string): Promise<void> {
    this.removeStmt.run(scope, key);
  }
  async expire(before: string): Promise<number> {
    return this.expireStmt.run(before).changes;
  }
}
