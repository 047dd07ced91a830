import { MemoryRepo } from "../persist/memory-repo.js";
import type { AuditEntry, AuditFilter, AuditRepo } from "./store.js";

export class MemoryAuditRepo extends MemoryRepo implements AuditRepo {
  private readonly entries: AuditEntry[] = [];

  async head(): Promise<{ seq: number; hash: string } | null> {
    const last = this.entries.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : null;
  }
  async insert(entry: AuditEntry): Promise<void> {
    this.journal.push(this.entries, structuredClone(entry));
  }
  async list(f: AuditFilter): Promise<AuditEntry[]> {
    return this.entries
      .filter(
        (e) =>
          e.seq > f.after &&
          (!f.program || e.program === f.program) &&
          (!f.action || e.action === f.action) &&
          (!f.actor || e.actor === f.actor),
      )
      .slice(0, f.limit)
      .map((e) => structuredClone(e));
  }
  /** Test hook: lets a test tamper with a stored entry as an attacker with database access would. */
  tamper(seq: number, change: (entry: AuditEntry) => void): void {
    const entry = this.entries.find((e) => e.seq === seq);
    if (entry) change(entry);
  }
}
