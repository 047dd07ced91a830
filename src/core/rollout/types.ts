/** Rollouts: one live comparison of challengers against the champion, as plain persisted data. */

/** not_promoted: the plan's maxDuration elapsed without every success criterion met; the challenger is kept for learning. */
export const ROLLOUT_STATUSES = ["running", "awaiting_approval", "burn_in", "promoted", "rolled_back", "aborted", "not_promoted"] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];
export const TERMINAL: readonly RolloutStatus[] = ["promoted", "rolled_back", "aborted", "not_promoted"];

/** kept: not promoted at the rollout's maxDuration, kept for learning (its alias stays unless the policy clears it). */
export type ChallengerStatus = "active" | "rolled_back" | "eliminated" | "promoted" | "kept";

export interface RolloutChallenger {
  version: number;
  /** Alias that serves it during the rollout ("challenger", "challenger-2", …). */
  alias: string;
  slot: number;
  status: ChallengerStatus;
  reason: string | null;
}

export interface Approval {
  role: string;
  by: string;
  at: string;
  comment: string;
}

/** A normalised step: shares as numbers, durations in ms. */
export interface PlanStep {
  shadow: boolean;
  weight: number;
  sample: number;
  durationMs: number;
  minSamples: number;
  approval: boolean;
}

export interface RolloutPlanSpec {
  mode: "canary" | "split" | "bandit";
  steps: PlanStep[];
  primary: string | null;
  tieBreak: Array<"primary" | "lowest_version" | "highest_version">;
  evaluateEveryMs: number;
  reweightEveryMs: number;
  floor: number;
  minSamplesPerArm: number;
  /** Named roles whose sign-off a promotion needs. */
  approvalRoles: Array<{ name: string; members: string[] }>;
  burnInMs: number | null;
  /** Longest the rollout may run without promoting (from its start); null: no limit. Absent in rollouts stored before it existed. */
  maxDurationMs?: number | null;
  /** At maxDuration: keep the challenger aliases on their versions (for learning) or clear them. */
  notPromotedAlias?: "keep" | "clear";
}

export interface Rollout {
  id: string;
  program: string;
  /** Champion when the rollout started: the rollback target. */
  champion: number;
  challengers: RolloutChallenger[];
  status: RolloutStatus;
  stepIndex: number;
  stepStartedAt: string;
  startedAt: string;
  requestedBy: string;
  plan: RolloutPlanSpec;
  policyRevision: number;
  paused: boolean;
  /** Approvals collected for the current approval point. */
  approvals: Approval[];
  /** Why the rollout is not moving right now (null when it is). */
  hold: string | null;
  /** The kind of hold ("samples", "no_data", "frozen", …): a decision is recorded when it changes, not on every count. */
  holdKind?: string | null;
  promoted: number | null;
  burnInUntil: string | null;
  banditWeights: Record<string, number> | null;
  lastReweightAt: string | null;
  /** When the split last changed inside the current step (a challenger rolled back): the sample ratio is checked from there. */
  splitChangedAt?: string | null;
  /** Someone asked to promote now (`arena rollout promote`): the last step's duration no longer has to elapse. */
  promotionRequestedAt?: string | null;
  nextCheckAt: string;
  endedAt: string | null;
  /** Bumped on every write; a write must name the revision it read (fencing). */
  revision: number;
}

export function isTerminal(status: RolloutStatus): boolean {
  return TERMINAL.includes(status);
}

export function activeChallengers(r: Rollout): RolloutChallenger[] {
  return r.challengers.filter((c) => c.status === "active");
}
