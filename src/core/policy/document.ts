/**
 * A program's policy as the core reads it: plain types, defined once here.
 * The zod schemas in src/contracts/policy.ts validate documents and are
 * checked against these types at compile time (src/contracts/policy-core-check.ts):
 * a field added to one and not the other fails `npm run typecheck` (ADR 019).
 */
import type { TelemetryMetricKind } from "../telemetry/metric.js";
import type { SegmentDimension } from "../telemetry/segments.js";
import type { PromotionWindowSpec } from "./promotion-window.js";
import type { SloSpec } from "./slo.js";

/** guardrail: failing it rolls the challenger back. success: not met keeps the challenger running, never promoted. */
export type ConditionKind = "guardrail" | "success";

/** One condition of a gate (what `gates.<gate>[i]` holds once validated). */
export interface PolicyCondition {
  metric?: string | undefined;
  check?: string | undefined;
  /** Inclusive bounds on the value. */
  min?: number | undefined;
  max?: number | undefined;
  /** Strict bounds on the value: value > gt, value < lt. */
  gt?: number | undefined;
  lt?: number | undefined;
  /** candidate − champion (or (candidate − champion)/|champion| when relative) must lie within [min, max]. */
  delta?: { min?: number | undefined; max?: number | undefined; relative?: boolean | undefined } | undefined;
  test?: "superiority" | "non_inferiority" | undefined;
  minEffect?: number | undefined;
  margin?: number | undefined;
  /** Statistical tests only: the effect, minEffect and margin are relative to the champion. */
  relative?: boolean | undefined;
  alpha?: number | undefined;
  everySegment?: boolean | undefined;
  /** Default true; informational conditions are reported but never block. */
  required?: boolean | undefined;
  /** Live gates: guardrail (a failure rolls back) or success criterion (must pass to promote). */
  kind?: ConditionKind | undefined;
}

/** A live metric as the policy defines it (its source is read by the server's metric sources). */
export interface PolicyMetric {
  kind: TelemetryMetricKind;
  direction: "higher" | "lower";
  unit?: string | undefined;
  quantile?: number | undefined;
  classifierMetric?: "precision" | "recall" | "f1" | "fpr" | "accuracy" | undefined;
  source: { type: string; field?: string | undefined };
}

export type Share = number | string;

export interface PolicyStep {
  shadow: boolean;
  weight?: Share | undefined;
  sample: Share;
  duration: string;
  minSamples: number;
  approval: boolean;
}

export interface PolicyRolloutPlan {
  mode: "canary" | "split" | "bandit";
  steps?: readonly PolicyStep[] | undefined;
  duration?: string | undefined;
  weight?: Share | undefined;
  reweightEvery: string;
  floor: Share;
  minSamplesPerArm: number;
  primary?: string | undefined;
  tieBreak: ReadonlyArray<"primary" | "lowest_version" | "highest_version">;
  evaluateEvery: string;
  maxDuration?: string | undefined;
  notPromoted: { challengerAlias: "keep" | "clear" };
}

export interface PolicyGates {
  registry: readonly PolicyCondition[];
  preproduction: readonly PolicyCondition[];
  live: readonly PolicyCondition[];
  minSamples: number;
  alpha: number;
  sequentialTuning?: number | undefined;
  /** `design`: always-valid tests tuned to the plan's design effect; default `mixture`. */
  sequentialBoundary?: "mixture" | "design" | undefined;
  burnIn?: { duration: string; conditions: readonly PolicyCondition[] } | undefined;
  recentWindow?: string | undefined;
}

/** What the core's evaluation of a rollout reads of a policy document. */
export interface RolloutPolicy {
  program: string;
  segments: readonly SegmentDimension[];
  metrics: Readonly<Record<string, PolicyMetric>>;
  /** Offline metrics that need a display unit without a live definition. */
  offlineMetrics: Readonly<Record<string, { unit: string }>>;
  gates: PolicyGates;
  rollout: PolicyRolloutPlan;
  approvals: { roles: ReadonlyArray<{ name: string; members: readonly string[] }> };
  slos: readonly SloSpec[];
  promotionWindows: readonly PromotionWindowSpec[];
}
