/**
 * The decision entry point: every challenger against the champion, metric by
 * metric, with multiple-comparison adjustment and the SRM check on top.
 * Pure and stateless: the rollout controller calls it after every batch with
 * the current cumulative aggregates.
 */
import { directionalBayes } from "./bayesian.js";
import { classifierArm } from "./classifier.js";
import { differenceOf, welchDf, type ArmEstimate, type DifferenceEstimate } from "./estimate.js";
import { halfwidthOf, optionsProblem, phaseOptions, pValueAt, type InferenceOptions } from "./inference.js";
import {
  isConfusionCounts,
  isHistogramStats,
  isMeanStats,
  isProportionStats,
  isRatioStats,
  isSketchStats,
  unitsOf,
  type AnalysisInput,
  type MetricDefinition,
  type MetricStats,
  type VariantInput,
} from "./metric-definition.js";
import { adjustPValues } from "./multiple-comparisons.js";
import { psiTest } from "./psi.js";
import { quantileArm } from "./quantile-difference.js";
import { meanPair, proportionPair, ratioPair } from "./decision-arms.js";
import { separateBoundsPValue } from "./separate-bounds.js";
import { conditionalEventPValue, nullShare } from "./rare-events.js";
import { ratioArm } from "./ratio.js";
import { allFinite, insufficient, type InsufficientData, type StatResult } from "./result.js";
import { DEFAULT_SEQUENTIAL_TUNING } from "./sequential.js";
import { srmCheck, type SrmResult } from "./srm.js";
import { decide, describe, thresholdOf } from "./verdict.js";
import {
  insufficientComparison,
  summarise,
  type Analysis,
  type Comparison,
  type ComparisonBase,
  type ComparisonOk,
} from "./analysis-result.js";
import { meanArm, proportionArm } from "./welch.js";

export type { Analysis, ChallengerSummary, Comparison, ComparisonBase, ComparisonInsufficient, ComparisonOk } from "./analysis-result.js";

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MAX_PSI = 0.2;

/** Before adjustment: either a Gaussian difference or a drift test. */
type Raw =
  | { type: "gaussian"; d: DifferenceEstimate; champion: number; challenger: number; exactP?: number }
  | { type: "drift"; psi: number; pValue: number };

function arm(metric: MetricDefinition, s: MetricStats | undefined): StatResult<ArmEstimate> {
  switch (metric.kind) {
    case "proportion":
      return isProportionStats(s) ? proportionArm(s) : insufficient("missing proportion statistics (n, successes)");
    case "mean":
      return isMeanStats(s) ? meanArm(s) : insufficient("missing mean statistics (n, sum, sumSquares)");
    case "ratio":
      return isRatioStats(s) ? ratioArm(s) : insufficient("missing ratio statistics");
    case "quantile":
      return isSketchStats(s) ? quantileArm(s, metric.quantile ?? 0.5) : insufficient("missing quantile sketch");
    case "classifier":
      return isConfusionCounts(s) ? classifierArm(s, metric.classifierMetric ?? "f1") : insufficient("missing confusion counts");
    case "drift":
      return insufficient("drift has no arm estimate");
  }
}

/**
 * One comparison before adjustment. `championArm` memoises the champion's arm
 * estimate across challengers (it is the same for every one of them).
 */
function rawComparison(
  metric: MetricDefinition,
  champion: VariantInput,
  challenger: VariantInput,
  championArm: () => StatResult<ArmEstimate>,
): StatResult<Raw> {
  const sa = champion.metrics[metric.id];
  const sb = challenger.metrics[metric.id];
  if (!sa) return insufficient(`no data for the champion (${champion.id})`);
  if (!sb) return insufficient(`no data for ${challenger.id}`);
  const min = metric.minSamples ?? 0;
  if (min > 0 && (unitsOf(sa) < min || unitsOf(sb) < min)) return insufficient(`fewer than ${min} units in an arm`);
  if (metric.kind === "drift") {
    if (!isHistogramStats(sb) || !(metric.reference || isHistogramStats(sa))) return insufficient("missing histogram counts");
    const reference = metric.reference ?? (isHistogramStats(sa) ? sa.counts : []);
    const t = psiTest(reference, sb.counts);
    return t.status === "ok" ? { status: "ok" as const, type: "drift" as const, psi: t.psi, pValue: t.pValue } : t;
  }
  const arms =
    metric.kind === "proportion"
      ? proportionPair(metric, sa, sb)
      : metric.kind === "mean"
        ? meanPair(sa, sb)
        : metric.kind === "ratio"
          ? ratioPair(sa, sb)
          : null;
  if (arms && arms.status !== "ok") return arms;
  let exactP: number | undefined;
  if (arms?.rare) {
    // Few events: the exact conditional test replaces the normal one (rare-events.ts).
    const r = arms.rare;
    if (r.events === 0) return insufficient(`no ${r.complement ? "non-events" : "events"} in either arm yet`);
    const share = nullShare(r, metric.difference ?? "absolute", thresholdOf(metric));
    // No plug-in for the champion's rate (it is the smaller arm): each arm's own confidence sequence instead.
    exactP =
      typeof share === "number"
        ? conditionalEventPValue(r.challengerEvents, r.events, share, Boolean(metric.sequential))
        : separateBoundsPValue(r, metric.difference ?? "absolute", thresholdOf(metric));
  }
  const a = arms ? arms.a : championArm();
  if (a.status !== "ok") return insufficient(`champion: ${a.reason}`);
  const b = arms ? arms.b : arm(metric, sb);
  if (b.status !== "ok") return insufficient(`${challenger.id}: ${b.reason}`);
  // Means and proportions use Welch's t reference as GrowthBook does; the
  // other estimators are only asymptotically normal, so they use the normal.
  const df = metric.kind === "mean" || metric.kind === "proportion" ? welchDf(a, b) : Infinity;
  const d = differenceOf(a, b, metric.difference ?? "absolute", df);
  if (d.status !== "ok") return d;
  return {
    status: "ok" as const,
    type: "gaussian" as const,
    d,
    champion: a.value,
    challenger: b.value,
    ...(exactP !== undefined ? { exactP } : {}),
  };
}

function inferenceOptions(metric: MetricDefinition, alpha: number): InferenceOptions {
  if (!metric.sequential) return { alpha };
  if (metric.sequential === true) return { alpha, sequential: { tuning: DEFAULT_SEQUENTIAL_TUNING } };
  const { tuning, boundary } = metric.sequential;
  return { alpha, sequential: { tuning, ...(boundary ? { boundary } : {}) } };
}

interface Pending {
  base: ComparisonBase;
  metric: MetricDefinition;
  raw: StatResult<Raw>;
  pValue: number;
  options: InferenceOptions;
  threshold: number;
}

/** The SRM check over variants that report both exposures and a weight. */
function checkSrm(input: AnalysisInput): StatResult<SrmResult> {
  const withCounts = input.variants.filter((v) => v.exposures !== undefined && v.weight !== undefined);
  if (withCounts.length !== input.variants.length) return insufficient("exposures or weights missing: SRM not checked");
  return srmCheck(
    withCounts.map((v) => v.exposures ?? 0),
    withCounts.map((v) => v.weight ?? 0),
    input.srm,
  );
}

/**
 * Analyses every challenger against the champion.
 * @example analyse({ champion: "v47", variants: [...], metrics: [{ id: "ctr", kind: "proportion", direction: "higher" }] })
 */
export function analyse(input: AnalysisInput): Analysis {
  const alpha = input.alpha ?? DEFAULT_ALPHA;
  const champion = input.variants.find((v) => v.id === input.champion);
  const challengers = input.variants.filter((v) => v.id !== input.champion);
  const srm = checkSrm(input);
  const invalid = srm.status === "ok" && srm.mismatch;
  const pending: Pending[] = [];
  for (const metric of input.metrics) {
    const metricAlpha = metric.alpha ?? alpha;
    const options = inferenceOptions(metric, metricAlpha);
    const threshold = thresholdOf(metric);
    let championArm: StatResult<ArmEstimate> | undefined;
    const championArmOnce = (): StatResult<ArmEstimate> => (championArm ??= arm(metric, champion?.metrics[metric.id]));
    for (const challenger of challengers) {
      const base: ComparisonBase = {
        metric: metric.id,
        variant: challenger.id,
        kind: metric.kind,
        direction: metric.direction,
        reason: "",
      };
      const problem = optionsProblem(options);
      const raw: StatResult<Raw> = problem
        ? insufficient(problem)
        : champion
          ? rawComparison(metric, champion, challenger, championArmOnce)
          : insufficient("champion variant not found");
      const phased =
        raw.status === "ok" && raw.type === "gaussian" && metric.kind === "proportion"
          ? phaseOptions(options, raw.exactP !== undefined)
          : options;
      let pValue = 1;
      if (raw.status === "ok")
        pValue =
          raw.type === "drift"
            ? raw.pValue
            : raw.exactP !== undefined
              ? Math.min(1, raw.exactP / (phased.sequential?.spend ?? 1))
              : pValueAt(raw.d, threshold, phased);
      pending.push({ base, metric, raw, pValue, options: phased, threshold });
    }
  }
  const okIndices = pending.flatMap((p, i) => (p.raw.status === "ok" ? [i] : []));
  const adjusted = adjustPValues(
    okIndices.map((i) => pending[i]?.pValue ?? 1),
    input.correction ?? "holm",
  );
  const adjustedByIndex = new Map(okIndices.map((i, k) => [i, adjusted[k] ?? 1]));
  const comparisons = pending.map((p, i) => finish(p, adjustedByIndex.get(i) ?? 1, alpha, invalid, srm));
  return {
    status: invalid ? "invalid" : "ok",
    srm,
    comparisons,
    challengers: challengers.map((c) => summarise(c.id, comparisons, invalid)),
  };
}

// Results are built field by field, never spread from p.base: V8 builds a
// spread followed by more properties in dictionary mode, ~10× slower, and
// this runs 20,000 times per controller tick.
function finish(p: Pending, adjustedPValue: number, alpha: number, invalid: boolean, srm: StatResult<SrmResult>): Comparison {
  if (p.raw.status !== "ok") return insufficientComparison(p.base, (p.raw as InsufficientData).reason);
  const metric = p.metric;
  const metricAlpha = metric.alpha ?? alpha;
  const srmNote = invalid && srm.status === "ok" ? `sample ratio mismatch (p = ${srm.pValue.toExponential(2)}): analysis invalid` : "";
  if (p.raw.type === "drift") {
    const maxPsi = metric.maxPsi ?? DEFAULT_MAX_PSI;
    let verdict: ComparisonOk["verdict"] = p.raw.psi <= maxPsi ? "pass" : adjustedPValue < metricAlpha ? "fail" : "inconclusive";
    const reason =
      verdict === "pass"
        ? `PSI ${p.raw.psi.toFixed(4)} ≤ ${maxPsi}`
        : verdict === "fail"
          ? `PSI ${p.raw.psi.toFixed(4)} > ${maxPsi} and the shift is significant`
          : `PSI ${p.raw.psi.toFixed(4)} > ${maxPsi} but not yet significant`;
    if (invalid) verdict = "inconclusive";
    return {
      metric: p.base.metric,
      variant: p.base.variant,
      kind: p.base.kind,
      direction: p.base.direction,
      verdict,
      reason: srmNote || reason,
      estimate: p.raw.psi,
      scale: "psi",
      ci: null,
      threshold: maxPsi,
      pValue: p.pValue,
      adjustedPValue,
      alpha: metricAlpha,
      sequential: false,
    };
  }
  const options = p.options;
  const d = p.raw.d;
  const h = halfwidthOf(d, options);
  const ci: [number, number] = [d.estimate - h, d.estimate + h];
  if (!allFinite(ci[0], ci[1], p.pValue, adjustedPValue)) {
    return insufficientComparison(p.base, "numerically degenerate statistics (non-finite interval)");
  }
  const threshold = p.threshold;
  const decided = decide(p.raw.d.estimate, threshold, metric.direction, adjustedPValue, metricAlpha);
  const verdict = invalid ? "inconclusive" : decided;
  return {
    metric: p.base.metric,
    variant: p.base.variant,
    kind: p.base.kind,
    direction: p.base.direction,
    verdict,
    reason: srmNote || describe(decided, metric, threshold),
    estimate: d.estimate,
    scale: d.difference,
    ci,
    threshold,
    pValue: p.pValue,
    adjustedPValue,
    alpha: metricAlpha,
    sequential: options.sequential !== undefined,
    champion: p.raw.champion,
    challenger: p.raw.challenger,
    bayes: directionalBayes(p.raw.d, metric.direction === "higher"),
  };
}

/**
 * One metric, one challenger: `analyse` restricted to a single comparison
 * (no multiple-comparison adjustment, no SRM check).
 */
export function compareMetric(metric: MetricDefinition, champion: MetricStats, challenger: MetricStats, alpha = DEFAULT_ALPHA): Comparison {
  const result = analyse({
    champion: "champion",
    alpha,
    correction: "none",
    metrics: [metric],
    variants: [
      { id: "champion", metrics: { [metric.id]: champion } },
      { id: "challenger", metrics: { [metric.id]: challenger } },
    ],
  });
  const comparison = result.comparisons[0];
  if (!comparison) throw new Error("unreachable: one metric and one challenger yield one comparison");
  return comparison;
}
