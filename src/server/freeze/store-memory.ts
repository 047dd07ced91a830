import { MemoryRepo } from "../persist/memory-repo.js";
import type { Freeze, FreezeRepo } from "./store.js";

export class MemoryFreezeRepo extends MemoryRepo implements FreezeRepo {
  private readonly rows = this.table<Freeze>();

  async list(): Promise<Freeze[]> {
    return this.rows.values().sort((a, b) => a.at.localeCompare(b.at) || (a.program ?? "*").localeCompare(b.program ?? "*"));
  }
  async set(f: Freeze): Promise<void> {
    this.rows.put(f.program ?? "*", f);
  }
  async clear(program: string | null): Promise<boolean> {
    return this.rows.delete(program ?? "*");
  }
}
