import type { Transactional } from "../persist/transactional.js";
import type { ChangeRepo, ChangeRequest, ChangeStatus } from "./store.js";

export class MemoryChangeRepo implements ChangeRepo, Transactional {
  private rows: ChangeRequest[] = [];

  async insert(c: ChangeRequest): Promise<void> {
    this.rows.push(structuredClone(c));
  }
  async get(id: string): Promise<ChangeRequest | null> {
    return structuredClone(this.rows.find((r) => r.id === id) ?? null);
  }
  async update(c: ChangeRequest): Promise<void> {
    this.rows = this.rows.map((r) => (r.id === c.id ? structuredClone(c) : r));
  }
  async list(f: { program?: string | undefined; status?: ChangeStatus | undefined; limit: number }): Promise<ChangeRequest[]> {
    return this.rows
      .filter((r) => (f.program === undefined || r.program === f.program) && (f.status === undefined || r.status === f.status))
      .reverse()
      .slice(0, f.limit)
      .map((r) => structuredClone(r));
  }
  save(): unknown {
    return structuredClone(this.rows);
  }
  restore(saved: unknown): void {
    this.rows = saved as ChangeRequest[];
  }
}
