import { MemoryRepo } from "../persist/memory-repo.js";
import type { PolicyRepo, StoredPolicy } from "./store.js";

export class MemoryPolicyRepo extends MemoryRepo implements PolicyRepo {
  private readonly latest = this.table<StoredPolicy>();

  async get(program: string): Promise<StoredPolicy | null> {
    return this.latest.get(program);
  }
  async put(p: StoredPolicy): Promise<void> {
    if ((this.latest.get(p.program)?.revision ?? -Infinity) < p.revision) this.latest.put(p.program, p);
  }
}
