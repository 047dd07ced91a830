/**
 * Welch's t test on means (and GrowthBook's t test on proportions), absolute
 * or relative, from sufficient statistics.
 */
import { differenceOf, welchDf, type ArmEstimate, type DifferenceEstimate, type DifferenceType } from "./estimate.js";
import { infer, optionsProblem, type Inference, type InferenceOptions } from "./inference.js";
import { countProblem } from "./input-error.js";
import { allFinite, insufficient, ok, type StatResult } from "./result.js";
import { proportionVariance, sampleMean, sampleVariance, type MeanStats, type ProportionStats } from "./sufficient-stats.js";

/** Arm estimate of a mean: x̄ with variance s²/n. */
export function meanArm(s: MeanStats): StatResult<ArmEstimate> {
  if (!(s.n >= 2)) return insufficient(`n = ${s.n} < 2`);
  if (!allFinite(s.n, s.sum, s.sumSquares) || s.sumSquares < 0)
    return insufficient("n, sum and sumSquares must be finite (sumSquares ≥ 0)");
  // One arm may have zero variance (e.g. no revenue at all); only a zero
  // standard error of the difference makes the comparison degenerate.
  return { status: "ok" as const, value: sampleMean(s), variance: sampleVariance(s) / s.n, n: s.n };
}

/** Arm estimate of a proportion: p̂ with variance p̂(1 − p̂)/n. */
export function proportionArm(s: ProportionStats): StatResult<ArmEstimate> {
  if (!(s.n >= 2)) return insufficient(`n = ${s.n} < 2`);
  const problem = countProblem(s.n, s.successes);
  if (problem) return insufficient(problem);
  return { status: "ok" as const, value: s.successes / s.n, variance: proportionVariance(s) / s.n, n: s.n };
}

/** Welch difference (challenger b − champion a) with Welch–Satterthwaite df. */
export function welchDifference(a: ArmEstimate, b: ArmEstimate, difference: DifferenceType): StatResult<DifferenceEstimate> {
  return differenceOf(a, b, difference, welchDf(a, b));
}

export type WelchResult = Inference & { df: number; difference: DifferenceType };

function run(
  a: StatResult<ArmEstimate>,
  b: StatResult<ArmEstimate>,
  difference: DifferenceType,
  options: InferenceOptions,
): StatResult<WelchResult> {
  const problem = optionsProblem(options);
  if (problem) return insufficient(problem);
  if (a.status !== "ok") return insufficient(`champion: ${a.reason}`);
  if (b.status !== "ok") return insufficient(`challenger: ${b.reason}`);
  const d = welchDifference(a, b, difference);
  if (d.status !== "ok") return d;
  const result = infer(d, options);
  if (!allFinite(result.ci[0], result.ci[1], result.pValue)) return insufficient("numerically degenerate statistics (non-finite interval)");
  return ok({ ...result, df: d.df, difference });
}

/**
 * Welch t test of means from (n, Σx, Σx²).
 * @example welchTTest({n: 50, sum: 510, sumSquares: 5398}, {n: 60, sum: 660, sumSquares: 7628.75}, "absolute", {alpha: 0.05})
 */
export function welchTTest(
  champion: MeanStats,
  challenger: MeanStats,
  difference: DifferenceType,
  options: InferenceOptions,
): StatResult<WelchResult> {
  return run(meanArm(champion), meanArm(challenger), difference, options);
}

/** The same test on proportions, with Bernoulli variance p(1 − p) (GrowthBook's binomial t test). */
export function proportionTTest(
  champion: ProportionStats,
  challenger: ProportionStats,
  difference: DifferenceType,
  options: InferenceOptions,
): StatResult<WelchResult> {
  return run(proportionArm(champion), proportionArm(challenger), difference, options);
}

export interface SummaryArm {
  n: number;
  mean: number;
  variance: number;
}

/** Welch test from (n, mean, per-unit variance) summaries, as scipy's ttest_ind_from_stats. */
export function welchFromSummary(
  champion: SummaryArm,
  challenger: SummaryArm,
  difference: DifferenceType,
  options: InferenceOptions,
): StatResult<WelchResult> {
  const arm = (s: SummaryArm): StatResult<ArmEstimate> =>
    s.n >= 2 && s.variance >= 0 && allFinite(s.n, s.mean, s.variance)
      ? ok({ value: s.mean, variance: s.variance / s.n, n: s.n })
      : insufficient("n < 2 or negative variance");
  return run(arm(champion), arm(challenger), difference, options);
}
