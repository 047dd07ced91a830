/** What the controller saw this tick, already judged by the policy engine. Plain data. */

export type GateOutcome = "pass" | "fail" | "hold";

/** A condition result as the policy engine reports it (kept opaque here, recorded as is). */
export interface ConditionLike {
  verdict: "pass" | "fail" | "no_data" | "inconclusive";
  required: boolean;
  label: string;
  reason: string;
  metric?: string | undefined;
  estimate?: number | undefined;
}

export interface GateJudgement {
  outcome: GateOutcome;
  results: ConditionLike[];
  /** One line for people: what failed or what is missing. */
  summary: string;
}

/** Error-budget burn of one version: the most severe firing rule, or none / no_data. */
export interface BurnObservation {
  severity: "page" | "ticket" | "none" | "no_data";
  summary: string;
}

export interface ChallengerObservation {
  version: number;
  /** Units of this challenger observed so far (exposures, or shadow calls in a shadow step). */
  samples: number;
  live: GateJudgement;
  /** Error-budget burn of the challenger: the most severe firing rule, or none / no_data. */
  burn: BurnObservation;
  /** Improvement on the primary metric (positive = better), for tie-breaks and bandits. */
  primaryImprovement: number | null;
  /** Probability of being best on the primary metric (bandit weights). */
  probabilityBest: number | null;
}

export interface Observation {
  now: Date;
  /** Units of the champion observed so far. */
  championSamples: number;
  /** Version @champion points at right now (someone may have moved it by hand). */
  championNow: number | null;
  /** checked: false when the ratio could not be checked (nothing served, too few exposures): "skipped", never "pass". */
  srm: { valid: boolean; checked: boolean; summary: string };
  challengers: ChallengerObservation[];
  freeze: { frozen: boolean; summary: string };
  promotionWindow: { open: boolean; summary: string };
  /** Burn-in judgement of the promoted version (only during burn-in). */
  burnIn: GateJudgement | null;
  burnInBurn: BurnObservation | null;
}
