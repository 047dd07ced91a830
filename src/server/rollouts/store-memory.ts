import { isTerminal, type Rollout } from "../../core/rollout/types.js";
import { MemoryRepo } from "../persist/memory-repo.js";
import type { DecisionRecord, DecisionRepo, RolloutRepo } from "./store.js";

const oldestFirst = (a: Rollout, b: Rollout) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id);

export class MemoryRolloutRepo extends MemoryRepo implements RolloutRepo {
  private readonly rows = this.table<Rollout>();

  async insert(r: Rollout): Promise<void> {
    if (this.rows.has(r.id)) throw new Error(`rollout ${r.id} exists`);
    this.rows.put(r.id, r);
  }
  async get(id: string): Promise<Rollout | null> {
    return this.rows.get(id);
  }
  async update(r: Rollout, expectedRevision: number): Promise<boolean> {
    if (this.rows.get(r.id)?.revision !== expectedRevision) return false;
    this.rows.put(r.id, r);
    return true;
  }
  async active(): Promise<Rollout[]> {
    return this.rows.values((r) => !isTerminal(r.status)).sort(oldestFirst);
  }
  async byProgram(program: string, limit: number): Promise<Rollout[]> {
    return this.rows
      .values((r) => r.program === program)
      .sort((a, b) => oldestFirst(b, a))
      .slice(0, limit);
  }
}

export class MemoryDecisionRepo extends MemoryRepo implements DecisionRepo {
  private readonly rows: DecisionRecord[] = [];

  async append(d: Omit<DecisionRecord, "id">): Promise<DecisionRecord> {
    const stored = { ...structuredClone(d), id: this.rows.length + 1 };
    this.journal.push(this.rows, stored);
    return structuredClone(stored);
  }
  async list(f: { program?: string | undefined; rolloutId?: string | undefined; after: number; limit: number }): Promise<DecisionRecord[]> {
    return this.rows
      .filter((d) => d.id > f.after && (!f.program || d.program === f.program) && (!f.rolloutId || d.rolloutId === f.rolloutId))
      .slice(0, f.limit)
      .map((d) => structuredClone(d));
  }
}
