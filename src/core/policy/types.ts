/**
 * Shapes of policy evaluation. The condition itself is defined once, in
 * ./document.ts, beside the rest of the policy as the core reads it.
 */
import type { ConditionKind } from "./document.js";

export type { ConditionKind, PolicyCondition } from "./document.js";

/** Where a condition is evaluated: before registration, offline before rollout, during shadow/canary, after promotion. */
export type GateName = "registry" | "preproduction" | "live" | "burn_in";
export type OfflineGateName = "registry" | "preproduction";

/**
 * - pass: the condition holds.
 * - fail: the condition is violated (for tests: significantly).
 * - no_data: nothing to decide from (missing value, too few samples, missing champion): never "healthy".
 * - inconclusive: data exist but do not yet decide (test not significant, or the analysis is invalid).
 */
export type ConditionVerdict = "pass" | "fail" | "no_data" | "inconclusive";

/** How a result's numbers are to be read: an absolute difference, a relative one, or a PSI. */
export type EstimateScale = "absolute" | "relative" | "psi";

export interface ConditionResult {
  /** Stable: `${gate}.${index}` (index in the policy's list), or `live.samples` / `live.duration`. With `segment`, unique. */
  id: string;
  gate: GateName;
  /** Human form of the condition, e.g. "f1 ≥ 0.2", "fpr not worse than champion by > 0.01". */
  label: string;
  metric?: string;
  check?: string;
  /** "all", or a segment key such as "region=eu" for everySegment guardrails. */
  segment?: string;
  required: boolean;
  /** Live and burn-in results: what a failure means (absent: guardrail). */
  kind?: ConditionKind;
  verdict: ConditionVerdict;
  /** The candidate's / challenger's value. */
  value?: number;
  championValue?: number;
  /** challenger − champion on `scale` (PSI for drift). */
  estimate?: number;
  scale?: EstimateScale;
  ci?: [number, number];
  /** Whether `ci` is an always-valid (sequential) interval. */
  sequential?: boolean;
  alpha?: number;
  pValue?: number;
  adjustedPValue?: number;
  /** Bound or boundary θ the value or estimate is held to. */
  threshold?: number;
  /** Bounds and deltas: the range the value (bounds) or estimate (deltas) must lie in. */
  bounds?: { min?: number; max?: number; gt?: number; lt?: number };
  /** The challenger's sample size behind `value`. */
  n?: number;
  championN?: number;
  /** Display unit: "%" (a proportion in [0, 1]), "ms", "$", or any other label. */
  unit?: string;
  reason: string;
}

export interface GateSummary {
  /** invalid: the sample ratio mismatches, nothing may be decided from the data (hold and alert). */
  outcome: "pass" | "fail" | "hold" | "invalid";
  /** Required guardrails (and offline conditions) that fail. */
  failed: ConditionResult[];
  /** Required success criteria that fail: the challenger is not promoted, but not rolled back either. */
  unmet: ConditionResult[];
  /** Required results that are no_data or inconclusive. */
  waiting: ConditionResult[];
  reason: string;
}
