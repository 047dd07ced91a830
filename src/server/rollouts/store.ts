import type { DecisionAction } from "../../core/rollout/effects.js";
import type { Rollout } from "../../core/rollout/types.js";

export interface DecisionRecord {
  id: number;
  program: string;
  rolloutId: string | null;
  at: string;
  actor: string;
  action: DecisionAction | "gate_failed" | "registry_rejected";
  fromStatus: string | null;
  toStatus: string | null;
  summary: string;
  severity: "page" | "ticket" | "info";
  /** Every condition's verdict with estimate, interval and p-value, per version. */
  conditions: Record<string, unknown[]>;
  /** What the decision was computed from (step, samples, windows, policy revision). */
  inputs: Record<string, unknown>;
}

export interface RolloutRepo {
  insert(r: Rollout): Promise<void>;
  get(id: string): Promise<Rollout | null>;
  /** Writes `r` only if the stored revision is `expectedRevision` (fencing); returns false otherwise. */
  update(r: Rollout, expectedRevision: number): Promise<boolean>;
  /** Rollouts that have not ended, oldest first. */
  active(): Promise<Rollout[]>;
  byProgram(program: string, limit: number): Promise<Rollout[]>;
}

export interface DecisionRepo {
  append(d: Omit<DecisionRecord, "id">): Promise<DecisionRecord>;
  list(filter: { program?: string | undefined; rolloutId?: string | undefined; after: number; limit: number }): Promise<DecisionRecord[]>;
}
