import { MemoryRepo } from "../persist/memory-repo.js";
import type { ChangeRepo, ChangeRequest, ChangeStatus } from "./store.js";

export class MemoryChangeRepo extends MemoryRepo implements ChangeRepo {
  private readonly rows = this.table<ChangeRequest>();

  async insert(c: ChangeRequest): Promise<void> {
    this.rows.put(c.id, c);
  }
  async get(id: string): Promise<ChangeRequest | null> {
    return this.rows.get(id);
  }
  async update(c: ChangeRequest): Promise<void> {
    if (this.rows.has(c.id)) this.rows.put(c.id, c);
  }
  async list(f: { program?: string | undefined; status?: ChangeStatus | undefined; limit: number }): Promise<ChangeRequest[]> {
    return this.rows
      .values((r) => (f.program === undefined || r.program === f.program) && (f.status === undefined || r.status === f.status))
      .reverse()
      .slice(0, f.limit);
  }
}
