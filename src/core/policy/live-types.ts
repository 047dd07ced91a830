/** Inputs and outputs of a live (shadow/canary) or burn-in gate evaluation. */
import type { Correction } from "../stats/multiple-comparisons.js";
import type { SrmOptions } from "../stats/srm.js";
import type { ClassifierMetric } from "../stats/classifier.js";
import type { MetricReading } from "../telemetry/metric-stats.js";
import type { TelemetryMetricKind } from "../telemetry/metric.js";
import type { ConditionResult, GateSummary } from "./types.js";
import type { SequentialBoundary } from "../stats/inference.js";

/** What a live gate needs to know of a metric; a TelemetryMetric is one. */
export interface LiveMetric {
  kind: TelemetryMetricKind;
  direction: "higher" | "lower";
  unit?: string | undefined;
  quantile?: number | undefined;
  classifierMetric?: ClassifierMetric | undefined;
  /** Only used to pick a display unit (latency ⇒ ms, cost ⇒ $) when `unit` is empty. */
  source?: { type: string; field?: string } | undefined;
}

/** segment key ("all", "region=eu") → version → metric name → reading. */
export type LiveReadings = Readonly<Record<string, Readonly<Record<number, Readonly<Record<string, MetricReading>>>>>>;

export interface LiveGateInput {
  champion: number;
  challengers: readonly number[];
  metrics: Readonly<Record<string, LiveMetric>>;
  readings: LiveReadings;
  /** Units exposed per version (SRM and the minimum-samples condition). */
  exposures: Readonly<Record<number, number>>;
  /** Configured traffic shares per version (SRM). */
  weights: Readonly<Record<number, number>>;
  /** Default 0.05 (the policy's gates.alpha). */
  alpha?: number;
  /** Least units per arm before any verdict, and per segment for everySegment guardrails (default 100). */
  minSamples?: number;
  /**
   * Default true: the controller looks after every batch, so tests must be
   * always-valid (confidence sequences); `{ tuning }` sets N*.
   */
  sequential?: boolean | { tuning: number; boundary?: SequentialBoundary };
  /** Across statistical conditions × challengers (default holm). */
  correction?: Correction;
  srm?: SrmOptions;
  /** Default "live"; "burn_in" labels the results of the watch after promotion. */
  gate?: "live" | "burn_in";
  /**
   * A recent sliding window (e.g. the last 5 minutes): guardrail bounds and deltas are judged on these
   * readings as well as on the cumulative ones, so a late regression fails within the window's length.
   * Without enough samples in the window its results are informational (they never hold a rollout).
   */
  recent?: { readings: LiveReadings; label: string };
  /** When given, adds a minimum-duration condition (time spent in the step or window). */
  duration?: { elapsedMs: number; requiredMs: number };
}

export interface SrmStatus {
  /** false only on a detected mismatch; an unchecked ratio (too few exposures, no weights) is reported as such. */
  valid: boolean;
  checked: boolean;
  pValue?: number;
  chiSquare?: number;
  reason: string;
}

export interface LiveGateEvaluation {
  srm: SrmStatus;
  byChallenger: Record<number, ConditionResult[]>;
  /** `summarize` of each challenger's results with the SRM status ("invalid" on a mismatch). */
  summaries: Record<number, GateSummary>;
}
