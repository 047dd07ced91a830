import { MemoryRepo } from "../persist/memory-repo.js";
import type { StoredToken, TokenRepo } from "./store.js";

export class MemoryTokenRepo extends MemoryRepo implements TokenRepo {
  private readonly rows = this.table<StoredToken>();

  async insert(token: StoredToken): Promise<void> {
    this.rows.put(token.id, token);
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    return this.rows.values((t) => t.hash === hash)[0] ?? null;
  }
  async list(): Promise<StoredToken[]> {
    return this.rows.values();
  }
  async revoke(id: string, at: string): Promise<boolean> {
    const found = this.rows.get(id);
    if (!found || found.revokedAt !== null) return false;
    this.rows.put(id, { ...found, revokedAt: at });
    return true;
  }
  async setPrincipal(id: string, principalId: string): Promise<void> {
    const found = this.rows.get(id);
    if (found) this.rows.put(id, { ...found, principalId });
  }
  async count(): Promise<number> {
    return this.rows.values().length;
  }
}
