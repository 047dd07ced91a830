import { MemoryRepo } from "../persist/memory-repo.js";
import type { ServingRepo } from "./store.js";

export class MemoryServingRepo extends MemoryRepo implements ServingRepo {
  private readonly counter = this.table<number>();

  async revision(): Promise<number> {
    return this.counter.get("revision") ?? 0;
  }
  async bump(): Promise<number> {
    const next = (await this.revision()) + 1;
    this.counter.put("revision", next);
    return next;
  }
}
