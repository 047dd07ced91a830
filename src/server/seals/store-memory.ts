import { keyOf, MemoryRepo } from "../persist/memory-repo.js";
import type { SealKind, SealRepo } from "./store.js";

export class MemorySealRepo extends MemoryRepo implements SealRepo {
  private readonly rows = this.table<string>();

  async get(kind: SealKind, id: string): Promise<string | null> {
    return this.rows.get(keyOf(kind, id));
  }
  async put(kind: SealKind, id: string, seal: string): Promise<void> {
    this.rows.put(keyOf(kind, id), seal);
  }
}
