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

/** Source types the compared kinds read (gauges read Prometheus: core/telemetry/metric.ts). */
export type StatsSourceType = "request" | "event" | "ratio" | "prediction" | "feature";

/** What a kind's rules read of a metric definition. */
export interface SourcedMetric {
  aggregation: "request" | "unit";
  quantile?: number | undefined;
  source: { type: string; field?: string | undefined };
}

/** A rule a kind sets on its definition: when `ok` is false, `message` is reported at `path` (e.g. "source.field"). */
export interface KindRule {
  path: string;
  message: string;
  ok(m: SourcedMetric): boolean;
}

/** What a kind reads: its source types (a refused one reads `refused`, at "source"), and its other rules. */
export interface KindSources {
  reads: readonly StatsSourceType[];
  refused?: string;
  rules?: readonly KindRule[];
}

const isRequest = (m: SourcedMetric, ...fields: string[]): boolean => m.source.type === "request" && fields.includes(m.source.field ?? "");

/**
 * The sources each kind reads, written with the kind (the metric schema in src/contracts/metrics.ts
 * reports them through `sourceIssues`): a new kind that refuses some sources says so here.
 */
export const METRIC_KIND_SOURCES: { readonly [K in MetricKind]: KindSources } = {
  proportion: {
    reads: ["request", "event"],
    rules: [
      {
        path: "source.field",
        message: "a proportion of requests reads error or success",
        ok: (m) => m.source.type !== "request" || isRequest(m, "error", "success"),
      },
      {
        path: "aggregation",
        message: "a proportion of an event is per unit (did the unit do it at least once): aggregation: unit",
        ok: (m) => m.source.type !== "event" || m.aggregation === "unit",
      },
    ],
  },
  mean: { reads: ["request", "event"] },
  ratio: {
    reads: ["ratio"],
    refused: "a ratio metric needs source.type: ratio with numerator and denominator",
    rules: [
      { path: "aggregation", message: "ratio metrics are computed over units: aggregation: unit", ok: (m) => m.aggregation === "unit" },
    ],
  },
  quantile: {
    reads: ["request", "event"],
    rules: [
      { path: "quantile", message: "a quantile metric needs quantile, e.g. 0.95", ok: (m) => m.quantile !== undefined },
      {
        path: "source",
        message: "a quantile metric reads request latency or an event value",
        ok: (m) => isRequest(m, "latency") || m.source.type === "event",
      },
    ],
  },
  classifier: { reads: ["prediction"], refused: "a classifier metric reads predictions (source.type: prediction)" },
  drift: { reads: ["feature"], refused: "a drift metric reads a feature (source.type: feature, with bins)" },
};

/**
 * Why a metric of this kind cannot read this source: the kind's own rules, and, for a source type
 * only one kind reads (predictions, features, ratios), "feeds that kind only" on any other kind.
 * @example sourceIssues("mean", { aggregation: "request", source: { type: "prediction" } })
 *          // [{ path: "kind", message: "prediction sources feed classifier metrics only" }]
 */
export function sourceIssues(kind: string, m: SourcedMetric): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  const own = Object.hasOwn(METRIC_KIND_SOURCES, kind) ? METRIC_KIND_SOURCES[kind as MetricKind] : undefined;
  if (own?.refused !== undefined && !own.reads.some((t) => t === m.source.type)) out.push({ path: "source", message: own.refused });
  for (const rule of own?.rules ?? []) if (!rule.ok(m)) out.push({ path: rule.path, message: rule.message });
  const readers = STATS_METRIC_KINDS.filter((k) => METRIC_KIND_SOURCES[k].reads.some((t) => t === m.source.type));
  const only = readers.length === 1 ? readers[0] : undefined;
  if (only !== undefined && only !== kind) out.push({ path: "kind", message: `${m.source.type} sources feed ${only} metrics only` });
  return out;
}
