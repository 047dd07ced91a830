import { keyOf, MemoryRepo } from "../persist/memory-repo.js";
import type { IdempotencyRecord, IdempotencyRepo } from "./store.js";

export class MemoryIdempotencyRepo extends MemoryRepo implements IdempotencyRepo {
  private readonly rows = this.table<IdempotencyRecord>();

  async get(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return this.rows.get(keyOf(scope, key));
  }
  async begin(record: IdempotencyRecord): Promise<boolean> {
    if (this.rows.has(keyOf(record.scope, record.key))) return false;
    this.rows.put(keyOf(record.scope, record.key), record);
    return true;
  }
  async finish(scope: string, key: string, status: number, response: unknown, location: string | null): Promise<void> {
    const row = this.rows.get(keyOf(scope, key));
    if (row) this.rows.put(keyOf(scope, key), { ...row, state: "done", status, response, location });
  }
  async remove(scope: string, key: string): Promise<void> {
    this.rows.delete(keyOf(scope, key));
  }
  async expire(before: string): Promise<number> {
    const old = this.rows.values((r) => r.createdAt < before);
    for (const r of old) this.rows.delete(keyOf(r.scope, r.key));
    return old.length;
  }
}
