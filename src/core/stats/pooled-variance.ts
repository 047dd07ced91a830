/**
 * The null-variance floor for comparisons of means.
 *
 * With a 1–10 % canary the challenger arm is small, and on heavy-tailed data
 * (log-normal latencies or revenue, σ ≥ 1.5) a small sample usually misses
 * the tail: its mean is low *and* its variance is small, so Welch's standard
 * error shrinks exactly when the mean is off — the t statistic's sampling
 * distribution is then far from normal and false decisions pile up (38 % of
 * A/A rollouts at σ = 2 and a 1 % share, bench/decisions.ts). Under H₀ both
 * arms share one distribution, and its variance is estimated best by the
 * pooled sample — dominated by the large arm. So each arm's variance is
 * floored at the combined-sample variance: Var_i = max(s_i², s²_pooled)/n_i.
 * Under H₀ this is the permutation (pooled) test's variance; away from H₀ the
 * floor can only widen the interval, never make it anti-conservative. The
 * proportion guard in rare-events.ts is the same rule with s²_pooled = p̄(1 − p̄).
 */
import type { ArmEstimate } from "./estimate.js";
import { sumSquaredDeviations, type MeanStats, type RatioStats } from "./sufficient-stats.js";

/** Unbiased variance of both arms taken as one sample (between-arm spread included). */
export function pooledVariance(a: MeanStats, b: MeanStats): number {
  const n = a.n + b.n;
  if (!(n >= 2)) return 0;
  const meanA = a.sum / a.n;
  const meanB = b.sum / b.n;
  const mean = (a.sum + b.sum) / n;
  // Within-arm sums of squared deviations (m2 when carried), then the between-arm term: no Σx² − (Σx)²/n over the union.
  const ssA = sumSquaredDeviations(a);
  const ssB = sumSquaredDeviations(b);
  const between = a.n * (meanA - mean) ** 2 + b.n * (meanB - mean) ** 2;
  return (ssA + ssB + between) / (n - 1);
}

/** Both arm estimates with their variance of the mean floored at pooled/n_i. */
export function withNullVarianceFloor(a: ArmEstimate, b: ArmEstimate, pooled: number): [ArmEstimate, ArmEstimate] {
  const floor = (x: ArmEstimate): ArmEstimate => ({ value: x.value, n: x.n, variance: Math.max(x.variance, pooled / x.n) });
  return [floor(a), floor(b)];
}

/**
 * Ratio metrics: the per-unit variance of the linearised residual
 * (x − R̄ y)/ȳ over both arms as one sample, R̄ = Σx/Σy and ȳ the pooled
 * denominator mean — the delta-method variance under H₀ (R_a = R_b). Its
 * residuals sum to 0 by construction. 0 when it cannot be computed.
 */
export function pooledRatioResidualVariance(a: RatioStats, b: RatioStats): number {
  const n = a.n + b.n;
  const sy = a.denominatorSum + b.denominatorSum;
  if (!(n >= 2) || sy === 0) return 0;
  const r = (a.numeratorSum + b.numeratorSum) / sy;
  const ss =
    a.numeratorSumSquares +
    b.numeratorSumSquares -
    2 * r * (a.crossSum + b.crossSum) +
    r * r * (a.denominatorSumSquares + b.denominatorSumSquares);
  const ybar = sy / n;
  const v = Math.max(0, ss) / (n - 1) / (ybar * ybar);
  return Number.isFinite(v) ? v : 0;
}
