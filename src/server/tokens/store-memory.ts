import type { Transactional } from "../persist/transactional.js";
import type { StoredToken, TokenRepo } from "./store.js";

export class MemoryTokenRepo implements TokenRepo, Transactional {
  private tokens: StoredToken[] = [];

  async insert(token: StoredToken): Promise<void> {
    this.tokens.push(structuredClone(token));
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    const found = this.tokens.find((t) => t.hash === hash);
    return found ? structuredClone(found) : null;
  }
  async list(): Promise<StoredToken[]> {
    return this.tokens.map((t) => structuredClone(t));
  }
  async revoke(id: string, at: string): Promise<boolean> {
    const found = this.tokens.find((t) => t.id === id && t.revokedAt === null);
    if (!found) return false;
    found.revokedAt = at;
    return true;
  }
  async setPrincipal(id: string, principalId: string): Promise<void> {
    const found = this.tokens.find((t) => t.id === id);
    if (found) found.principalId = principalId;
  }
  async count(): Promise<number> {
    return this.tokens.length;
  }
  save(): unknown {
    return structuredClone(this.tokens);
  }
  restore(saved: unknown): void {
    this.tokens = saved as StoredToken[];
  }
  /** Test hook: edits a stored row as an attacker with database access would. */
  tamper(id: string, change: (t: StoredToken) => void): void {
    const found = this.tokens.find((t) => t.id === id);
    if (found) change(found);
  }
}
