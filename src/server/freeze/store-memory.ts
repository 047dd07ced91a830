import type { Transactional } from "../persist/transactional.js";
import type { Freeze, FreezeRepo } from "./store.js";

export class MemoryFreezeRepo implements FreezeRepo, Transactional {
  private rows: Freeze[] = [];
  async list(): Promise<Freeze[]> {
    return structuredClone(this.rows);
  }
  async set(f: Freeze): Promise<void> {
    this.rows = [...this.rows.filter((x) => x.program !== f.program), { ...f }];
  }
  async clear(program: string | null): Promise<boolean> {
    const before = this.rows.length;
    this.rows = this.rows.filter((x) => x.program !== program);
    return this.rows.length < before;
  }
  save(): unknown {
    return structuredClone(this.rows);
  }
  restore(saved: unknown): void {
    this.rows = saved as Freeze[];
  }
}
