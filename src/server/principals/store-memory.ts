import type { Principal } from "../../core/auth/principals.js";
import { MemoryRepo } from "../persist/memory-repo.js";
import type { PrincipalRepo } from "./store.js";

export class MemoryPrincipalRepo extends MemoryRepo implements PrincipalRepo {
  private readonly rows = this.table<Principal>();

  async insert(p: Principal): Promise<void> {
    if (this.rows.has(p.id) || (await this.byName(p.name))) throw new Error(`principal ${p.id} / ${p.name} exists`);
    this.rows.put(p.id, p);
  }
  async get(id: string): Promise<Principal | null> {
    return this.rows.get(id);
  }
  async byName(name: string): Promise<Principal | null> {
    return this.rows.values((r) => r.name === name)[0] ?? null;
  }
  async list(): Promise<Principal[]> {
    return this.rows.values();
  }
  async disable(id: string, at: string): Promise<boolean> {
    const found = this.rows.get(id);
    if (!found || found.disabledAt !== null) return false;
    this.rows.put(id, { ...found, disabledAt: at });
    return true;
  }
}
