import type { Transactional } from "../persist/transactional.js";
import type { SealKind, SealRepo } from "./store.js";

export class MemorySealRepo implements SealRepo, Transactional {
  private rows = new Map<string, string>();
  async get(kind: SealKind, id: string): Promise<string | null> {
    return this.rows.get(`${kind}/${id}`) ?? null;
  }
  async put(kind: SealKind, id: string, seal: string): Promise<void> {
    this.rows.set(`${kind}/${id}`, seal);
  }
  save(): unknown {
    return new Map(this.rows);
  }
  restore(saved: unknown): void {
    this.rows = saved as Map<string, string>;
  }
}
