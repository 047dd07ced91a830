import type { Transactional } from "../persist/transactional.js";
import type { IdempotencyRecord, IdempotencyRepo } from "./store.js";

export class MemoryIdempotencyRepo implements IdempotencyRepo, Transactional {
  private rows = new Map<string, IdempotencyRecord>();
  private readonly id = (scope: string, key: string) => JSON.stringify([scope, key]);

  async get(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const row = this.rows.get(this.id(scope, key));
    return row ? structuredClone(row) : null;
  }
  async begin(record: IdempotencyRecord): Promise<boolean> {
    const id = this.id(record.scope, record.key);
    if (this.rows.has(id)) return false;
    this.rows.set(id, structuredClone(record));
    return true;
  }
  async finish(scope: string, key: string, status: number, response: unknown, location: string | null): Promise<void> {
    const row = this.rows.get(this.id(scope, key));
    if (row) this.rows.set(this.id(scope, key), { ...row, state: "done", status, response: structuredClone(response), location });
  }
  async remove(scope: string, key: string): Promise<void> {
    this.rows.delete(this.id(scope, key));
  }
  async expire(before: string): Promise<number> {
    let n = 0;
    for (const [id, row] of this.rows) {
      if (row.createdAt < before) {
        this.rows.delete(id);
        n++;
      }
    }
    return n;
  }
  save(): unknown {
    return new Map(this.rows);
  }
  restore(saved: unknown): void {
    this.rows = saved as Map<string, IdempotencyRecord>;
  }
}
