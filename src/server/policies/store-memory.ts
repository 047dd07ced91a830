import type { Transactional } from "../persist/transactional.js";
import type { PolicyRepo, StoredPolicy } from "./store.js";

export class MemoryPolicyRepo implements PolicyRepo, Transactional {
  private rows: StoredPolicy[] = [];
  async get(program: string): Promise<StoredPolicy | null> {
    const found = this.rows.filter((p) => p.program === program).sort((a, b) => b.revision - a.revision)[0];
    return found ? structuredClone(found) : null;
  }
  async put(p: StoredPolicy): Promise<void> {
    this.rows.push(structuredClone(p));
  }
  save(): unknown {
    return this.rows.length;
  }
  restore(saved: unknown): void {
    this.rows.length = saved as number;
  }
}
