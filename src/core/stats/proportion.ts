/**
 * Classical two-proportion tests: pooled z test, unpooled Wald interval and
 * the relative lift by the delta method with a normal reference.
 */
import { normalQuantile, twoSidedP } from "./distributions.js";
import { insufficient, ok, type StatResult } from "./result.js";
import type { ProportionStats } from "./sufficient-stats.js";

export interface TwoProportionResult {
  pChampion: number;
  pChallenger: number;
  diff: number;
  pooled: number;
  sePooled: number;
  z: number;
  /** Two-sided p-value of the pooled z test. */
  pValue: number;
  seUnpooled: number;
  /** Wald interval on the unpooled standard error. */
  ci: [number, number];
}

/**
 * z = (p_b − p_a)/sqrt(p̄(1 − p̄)(1/n_a + 1/n_b)), p̄ = pooled rate; the interval
 * uses the unpooled se because it is about the difference, not about H₀.
 */
export function twoProportionZTest(a: ProportionStats, b: ProportionStats, alpha: number): StatResult<TwoProportionResult> {
  if (a.n < 1 || b.n < 1) return insufficient("an arm has no trials");
  const pa = a.successes / a.n;
  const pb = b.successes / b.n;
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  const seUnpooled = Math.sqrt((pa * (1 - pa)) / a.n + (pb * (1 - pb)) / b.n);
  if (!(sePooled > 0) || !(seUnpooled > 0)) return insufficient("zero variance (all or no successes)");
  const diff = pb - pa;
  const z = diff / sePooled;
  const h = normalQuantile(1 - alpha / 2) * seUnpooled;
  return ok({
    pChampion: pa,
    pChallenger: pb,
    diff,
    pooled,
    sePooled,
    z,
    pValue: twoSidedP(z, Infinity),
    seUnpooled,
    ci: [diff - h, diff + h],
  });
}

export interface MeanSummary {
  mean: number;
  /** Per-unit variance. */
  variance: number;
  n: number;
}

export interface RelativeLiftResult {
  lift: number;
  se: number;
  z: number;
  pValue: number;
  ci: [number, number];
}

/**
 * Relative lift (m_b − m_a)/m_a with Var = v_b/(n_b m_a²) + v_a m_b²/(n_a m_a⁴)
 * and a normal interval.
 */
export function relativeLiftDelta(a: MeanSummary, b: MeanSummary, alpha: number): StatResult<RelativeLiftResult> {
  if (a.mean === 0) return insufficient("champion mean is 0");
  if (a.n < 2 || b.n < 2) return insufficient("n < 2");
  const a2 = a.mean * a.mean;
  const se = Math.sqrt(b.variance / (b.n * a2) + (a.variance * b.mean * b.mean) / (a.n * a2 * a2));
  if (!(se > 0)) return insufficient("zero variance");
  const lift = (b.mean - a.mean) / a.mean;
  const h = normalQuantile(1 - alpha / 2) * se;
  return ok({ lift, se, z: lift / se, pValue: twoSidedP(lift / se, Infinity), ci: [lift - h, lift + h] });
}
