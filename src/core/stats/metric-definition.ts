/** What an analysis is asked: metric definitions and per-variant sufficient statistics. */
import type { ClassifierMetric } from "./classifier.js";
import type { DifferenceType } from "./estimate.js";
import type { SequentialBoundary } from "./inference.js";
import type { Correction } from "./multiple-comparisons.js";
import { sketchCount, type QuantileSketchData } from "./quantile-sketch.js";
import type { SrmOptions } from "./srm.js";
import type { ConfusionCounts, HistogramStats, MeanStats, ProportionStats, RatioStats } from "./sufficient-stats.js";

/** The kinds the statistics engine compares (a gauge is read, not compared: see core/telemetry/metric.ts). */
export const STATS_METRIC_KINDS = ["proportion", "mean", "ratio", "quantile", "classifier", "drift"] as const;
export type MetricKind = (typeof STATS_METRIC_KINDS)[number];
export type Direction = "higher" | "lower";

/**
 * The hypothesis a metric must satisfy, in "improvement" units (positive =
 * better in the metric's direction), on the metric's difference scale.
 * superiority: improvement > minEffect (default 0).
 * non_inferiority: improvement > −margin ("not worse by more than margin").
 */
export type MetricTest = { type: "superiority"; minEffect?: number } | { type: "non_inferiority"; margin: number };

export interface MetricDefinition {
  id: string;
  kind: MetricKind;
  direction: Direction;
  /** Scale of the difference (default absolute); margins and min effects use it. Not used by drift. */
  difference?: DifferenceType;
  test?: MetricTest;
  /** Significance level and 1 − interval level (default: the analysis alpha). */
  alpha?: number;
  /**
   * Always-valid inference; `true` uses the default tuning (N* = 5000).
   * `boundary: "design"` tunes the test to the plan's design effect, N* then
   * being the information time at which the fixed design has 80 % power.
   */
  sequential?: boolean | { tuning: number; boundary?: SequentialBoundary };
  /** quantile kind: which quantile, e.g. 0.95 (default 0.5). */
  quantile?: number;
  /** classifier kind: which metric (default f1). */
  classifierMetric?: ClassifierMetric;
  /** drift kind: largest acceptable PSI (default 0.2). */
  maxPsi?: number;
  /** drift kind: reference histogram (default: the champion's). */
  reference?: number[];
  /** Below this many units in either arm the verdict is insufficient_data. */
  minSamples?: number;
  /** proportion kind: least expected events (and non-events) per arm under H₀ before a verdict (default 10). */
  minExpectedEvents?: number;
}

export type MetricStats = ProportionStats | MeanStats | RatioStats | QuantileSketchData | ConfusionCounts | HistogramStats;

export interface VariantInput {
  id: string;
  /** Configured traffic weight (for the SRM check). */
  weight?: number;
  /** Units exposed (for the SRM check). */
  exposures?: number;
  metrics: Record<string, MetricStats>;
}

export interface AnalysisInput {
  /** Id of the champion variant; every other variant is a challenger. */
  champion: string;
  variants: VariantInput[];
  metrics: MetricDefinition[];
  alpha?: number;
  correction?: Correction;
  srm?: SrmOptions;
}

// Direct property checks: these guards run for every comparison on the controller's hot path.
type Loose = Record<string, unknown>;

export function isProportionStats(s: MetricStats | undefined): s is ProportionStats {
  const o = s as unknown as Loose | undefined;
  return o !== undefined && typeof o.n === "number" && typeof o.successes === "number";
}
export function isMeanStats(s: MetricStats | undefined): s is MeanStats {
  const o = s as unknown as Loose | undefined;
  return o !== undefined && typeof o.n === "number" && typeof o.sum === "number" && typeof o.sumSquares === "number";
}
export function isRatioStats(s: MetricStats | undefined): s is RatioStats {
  const o = s as unknown as Loose | undefined;
  return (
    o !== undefined &&
    typeof o.n === "number" &&
    typeof o.numeratorSum === "number" &&
    typeof o.numeratorSumSquares === "number" &&
    typeof o.denominatorSum === "number" &&
    typeof o.denominatorSumSquares === "number" &&
    typeof o.crossSum === "number"
  );
}
export function isSketchStats(s: MetricStats | undefined): s is QuantileSketchData {
  const o = s as unknown as Loose | undefined;
  return o !== undefined && typeof o.relativeAccuracy === "number" && typeof o.zeroCount === "number" && typeof o.positive === "object";
}
export function isConfusionCounts(s: MetricStats | undefined): s is ConfusionCounts {
  const o = s as unknown as Loose | undefined;
  return o !== undefined && typeof o.tp === "number" && typeof o.fp === "number" && typeof o.tn === "number" && typeof o.fn === "number";
}
export function isHistogramStats(s: MetricStats | undefined): s is HistogramStats {
  return s !== undefined && Array.isArray((s as unknown as Loose).counts);
}

/** Units behind a variant's statistics, for minimum-sample rules. */
export function unitsOf(s: MetricStats): number {
  if ("n" in s) return s.n;
  if ("tp" in s) return s.tp + s.fp + s.tn + s.fn;
  if ("counts" in s) return s.counts.reduce((a, b) => a + b, 0);
  return sketchCount(s);
}
