/** Fixtures of the rollout state-machine tests: a two-step plan, a started rollout, observations. */
import { startRollout } from "../actions.js";
import type { ChallengerObservation, GateJudgement, Observation } from "../observation.js";
import type { Rollout, RolloutPlanSpec } from "../types.js";

export const t0 = new Date("2026-11-22T10:00:00Z");
export const plan = (overrides: Partial<RolloutPlanSpec> = {}): RolloutPlanSpec => ({
  mode: "canary",
  steps: [
    { shadow: false, weight: 0.1, sample: 1, durationMs: 60_000, minSamples: 100, approval: false },
    { shadow: false, weight: 0.5, sample: 1, durationMs: 60_000, minSamples: 100, approval: false },
  ],
  primary: "latency",
  tieBreak: ["primary", "lowest_version"],
  evaluateEveryMs: 10_000,
  reweightEveryMs: 60_000,
  floor: 0.05,
  minSamplesPerArm: 100,
  approvalRoles: [],
  burnInMs: null,
  ...overrides,
});
export const start = (p = plan(), challengers = [2]): Rollout =>
  startRollout({ id: "r1", program: "p", champion: 1, challengers, requestedBy: "alice", plan: p, policyRevision: 1, now: t0 }).rollout;
export const judged = (
  outcome: GateJudgement["outcome"],
  verdict: "pass" | "fail" | "no_data" | "inconclusive" = outcome === "hold" ? "inconclusive" : outcome,
): GateJudgement => ({
  outcome,
  results: [{ verdict, required: true, label: "error_rate", reason: verdict, metric: "error_rate" }],
  summary: `error_rate ${verdict}`,
});
export const challenger = (
  version: number,
  outcome: GateJudgement["outcome"],
  extra: Partial<ChallengerObservation> = {},
): ChallengerObservation => ({
  version,
  samples: 1_000,
  live: judged(outcome),
  burn: { severity: "none", summary: "" },
  primaryImprovement: null,
  probabilityBest: null,
  ...extra,
});
export const observe = (at: number, challengers: ChallengerObservation[], extra: Partial<Observation> = {}): Observation => ({
  now: new Date(t0.getTime() + at),
  championSamples: 1_000,
  championNow: 1,
  srm: { valid: true, checked: true, summary: "ok" },
  challengers,
  freeze: { frozen: false, summary: "" },
  promotionWindow: { open: true, summary: "" },
  burnIn: null,
  burnInBurn: null,
  ...extra,
});
