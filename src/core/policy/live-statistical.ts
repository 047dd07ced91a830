/**
 * Statistical live conditions (each kind's hypothesis: ./kinds/, and drift
 * metrics) through the stats engine's `analyse`: one call per family, so the
 * multiple-comparison correction covers every (condition × challenger) of the family.
 */
import { analyse, type Comparison } from "../stats/analyse.js";
import type { MetricDefinition, MetricKind, MetricStats, VariantInput } from "../stats/metric-definition.js";
import { kindOf } from "./kinds/index.js";
import { ALL_SEGMENT, SEGMENT_NOT_BLOCKING, usableReading } from "./live-readings.js";
import type { LiveGateInput, LiveMetric } from "./live-types.js";
import type { ConditionResult, PolicyCondition } from "./types.js";
import type { SequentialBoundary } from "../stats/inference.js";

export type ResultBase = Pick<ConditionResult, "id" | "gate" | "label" | "required" | "kind" | "metric" | "unit">;

/** One member of a family: `key` is its (unique) metric id inside the analysis. */
export interface FamilyItem {
  key: string;
  metricName: string;
  /** Segment whose readings this item analyses ("all" or e.g. "region=eu"). */
  segment: string;
  definition: MetricDefinition;
  base: ResultBase;
}

export interface LiveSettings {
  alpha: number;
  minSamples: number;
  sequential: boolean | { tuning: number; boundary?: SequentialBoundary };
}

/** Whether a condition on this metric is judged by the statistics engine: its kind states a hypothesis, or the metric is a drift. */
export function isStatistical(c: PolicyCondition, m: LiveMetric): boolean {
  return m.kind === "drift" || kindOf(c)?.hypothesis !== undefined;
}

/** The stats-engine definition of a statistical condition (its kind's hypothesis), or a reason it has none. */
export function toMetricDefinition(key: string, c: PolicyCondition, m: LiveMetric, s: LiveSettings): MetricDefinition | string {
  if (m.kind === "gauge") return "gauge metrics (one number per variant) support only bounds and deltas";
  const kind: MetricKind = m.kind;
  const common = { id: key, kind, direction: m.direction, alpha: c.alpha ?? s.alpha, minSamples: s.minSamples };
  // Drift is a metric kind, not a condition kind: every condition on it is a PSI bound.
  if (kind === "drift") {
    if (kindOf(c)?.name !== "bound" || c.min !== undefined || c.max === undefined)
      return "a drift metric takes only max (the largest acceptable PSI)";
    return { ...common, maxPsi: c.max ?? c.lt };
  }
  const spec = kindOf(c);
  if (spec?.hypothesis === undefined) return `a ${spec?.name ?? "condition without a requirement"} is not a statistical test`;
  const { test, difference } = spec.hypothesis(c);
  return {
    ...common,
    test,
    difference,
    sequential: s.sequential,
    ...(m.quantile !== undefined ? { quantile: m.quantile } : {}),
    ...(m.classifierMetric !== undefined ? { classifierMetric: m.classifierMetric } : {}),
  };
}

function fromComparison(base: ResultBase, c: Comparison, segment: string, n: number, championN: number): ConditionResult {
  const common = { ...base, segment, n, championN };
  if (c.verdict === "insufficient_data") return { ...common, verdict: "no_data", reason: c.reason };
  return {
    ...common,
    verdict: c.verdict,
    ...(c.challenger !== undefined ? { value: c.challenger } : {}),
    ...(c.champion !== undefined ? { championValue: c.champion } : {}),
    estimate: c.estimate,
    scale: c.scale,
    ...(c.ci ? { ci: c.ci } : {}),
    sequential: c.sequential,
    alpha: c.alpha,
    pValue: c.pValue,
    adjustedPValue: c.adjustedPValue,
    threshold: c.threshold,
    reason: c.reason,
  };
}

/**
 * Runs one family (one `analyse` call, one multiple-comparison correction).
 * Returns results keyed `${item.key}|${version}`. Outside "all", a pair
 * without enough data is reported as no_data that does not block.
 */
export function runFamily(input: LiveGateInput, items: readonly FamilyItem[], s: LiveSettings): Map<string, ConditionResult> {
  const out = new Map<string, ConditionResult>();
  if (items.length === 0) return out;
  const challengers = input.challengers.filter((v) => v !== input.champion);
  const statsOf = new Map<number, Record<string, MetricStats>>([input.champion, ...challengers].map((v) => [v, {}]));
  const sizes = new Map<string, number>();
  const missing = new Map<string, string>();
  for (const item of items) {
    const segment = item.segment;
    const champion = usableReading(input, segment, input.champion, item.metricName, s.minSamples);
    for (const v of challengers) {
      const challenger = usableReading(input, segment, v, item.metricName, s.minSamples);
      const pair = `${item.key}|${v}`;
      if (!champion.ok) missing.set(pair, `champion ${champion.reason}`);
      else if (!challenger.ok) missing.set(pair, challenger.reason);
      else if (!champion.stats || !challenger.stats)
        missing.set(pair, `${item.metricName} has no sufficient statistics (a gauge supports only bounds and deltas)`);
      else {
        statsOf.get(v)![item.key] = challenger.stats;
        sizes.set(pair, challenger.n);
      }
      if (champion.ok && champion.stats) {
        statsOf.get(input.champion)![item.key] = champion.stats;
        sizes.set(`${item.key}|champion`, champion.n);
      }
    }
  }
  const variants: VariantInput[] = [input.champion, ...challengers].map((v) => ({ id: String(v), metrics: statsOf.get(v) ?? {} }));
  const analysis = analyse({
    champion: String(input.champion),
    variants,
    metrics: items.map((i) => i.definition),
    alpha: s.alpha,
    correction: input.correction ?? "holm",
  });
  const byPair = new Map(analysis.comparisons.map((c) => [`${c.metric}|${c.variant}`, c]));
  for (const item of items) {
    const segment = item.segment;
    for (const v of challengers) {
      const pair = `${item.key}|${v}`;
      const comparison = byPair.get(pair);
      const absent = missing.get(pair);
      let result: ConditionResult =
        absent !== undefined || !comparison
          ? { ...item.base, segment, verdict: "no_data", reason: absent ?? "not analysed" }
          : fromComparison(item.base, comparison, segment, sizes.get(pair) ?? 0, sizes.get(`${item.key}|champion`) ?? 0);
      if (segment !== ALL_SEGMENT && result.verdict === "no_data") {
        result = { ...result, required: false, reason: `${result.reason}; ${SEGMENT_NOT_BLOCKING}` };
      }
      out.set(pair, result);
    }
  }
  return out;
}
