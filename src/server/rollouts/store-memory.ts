import type { Rollout } from "../../core/rollout/types.js";
import { isTerminal } from "../../core/rollout/types.js";
import type { Transactional } from "../persist/transactional.js";
import type { DecisionRecord, DecisionRepo, RolloutRepo } from "./store.js";

export class MemoryRolloutRepo implements RolloutRepo, Transactional {
  private rows = new Map<string, Rollout>();

  async insert(r: Rollout): Promise<void> {
    if (this.rows.has(r.id)) throw new Error(`rollout ${r.id} exists`);
    this.rows.set(r.id, structuredClone(r));
  }
  async get(id: string): Promise<Rollout | null> {
    const r = this.rows.get(id);
    return r ? structuredClone(r) : null;
  }
  async update(r: Rollout, expectedRevision: number): Promise<boolean> {
    const current = this.rows.get(r.id);
    if (!current || current.revision !== expectedRevision) return false;
    this.rows.set(r.id, structuredClone(r));
    return true;
  }
  async active(): Promise<Rollout[]> {
    return [...this.rows.values()].filter((r) => !isTerminal(r.status)).sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((r) => structuredClone(r));
  }
  async byProgram(program: string, limit: number): Promise<Rollout[]> {
    return [...this.rows.values()].filter((r) => r.program === program).sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit).map((r) => structuredClone(r));
  }
  save(): unknown {
    return structuredClone(this.rows);
  }
  restore(saved: unknown): void {
    this.rows = saved as Map<string, Rollout>;
  }
}

export class MemoryDecisionRepo implements DecisionRepo, Transactional {
  private rows: DecisionRecord[] = [];

  async append(d: Omit<DecisionRecord, "id">): Promise<DecisionRecord> {
    const stored = { ...structuredClone(d), id: this.rows.length + 1 };
    this.rows.push(stored);
    return structuredClone(stored);
  }
  async list(f: { program?: string | undefined; rolloutId?: string | undefined; after: number; limit: number }): Promise<DecisionRecord[]> {
    return this.rows
      .filter((d) => d.id > f.after && (!f.program || d.program === f.program) && (!f.rolloutId || d.rolloutId === f.rolloutId))
      .slice(0, f.limit)
      .map((d) => structuredClone(d));
  }
  save(): unknown {
    return this.rows.length;
  }
  restore(saved: unknown): void {
    this.rows.length = saved as number;
  }
}
