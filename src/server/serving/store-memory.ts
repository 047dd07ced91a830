import type { Transactional } from "../persist/transactional.js";
import type { ServingRepo } from "./store.js";

export class MemoryServingRepo implements ServingRepo, Transactional {
  private current = 0;
  async revision(): Promise<number> {
    return this.current;
  }
  async bump(): Promise<number> {
    return ++this.current;
  }
  save(): unknown {
    return this.current;
  }
  restore(saved: unknown): void {
    this.current = saved as number;
  }
}
