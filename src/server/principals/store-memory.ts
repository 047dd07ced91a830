import type { Principal } from "../../core/auth/principals.js";
import type { Transactional } from "../persist/transactional.js";
import type { PrincipalRepo } from "./store.js";

export class MemoryPrincipalRepo implements PrincipalRepo, Transactional {
  private rows: Principal[] = [];

  async insert(p: Principal): Promise<void> {
    if (this.rows.some((r) => r.id === p.id || r.name === p.name)) throw new Error(`principal ${p.id} / ${p.name} exists`);
    this.rows.push(structuredClone(p));
  }
  async get(id: string): Promise<Principal | null> {
    return structuredClone(this.rows.find((r) => r.id === id) ?? null);
  }
  async byName(name: string): Promise<Principal | null> {
    return structuredClone(this.rows.find((r) => r.name === name) ?? null);
  }
  async list(): Promise<Principal[]> {
    return structuredClone(this.rows);
  }
  async disable(id: string, at: string): Promise<boolean> {
    const found = this.rows.find((r) => r.id === id && r.disabledAt === null);
    if (!found) return false;
    found.disabledAt = at;
    return true;
  }
  save(): unknown {
    return structuredClone(this.rows);
  }
  restore(saved: unknown): void {
    this.rows = saved as Principal[];
  }
  /** Test hook: edits a stored row as an attacker with database access would. */
  tamper(id: string, change: (p: Principal) => void): void {
    const found = this.rows.find((r) => r.id === id);
    if (found) change(found);
  }
}
