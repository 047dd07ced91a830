/**
 * Ratio metrics (Σcost / Σrequests, revenue per unit) where the randomisation
 * unit is not the analysis unit. Delta method with the covariance term
 * (Deng, Knoblich, Lu 2018, "Applying the Delta Method in Metric Analytics"):
 *   R = x̄/ȳ,  Var(R) ≈ (s_x²/ȳ² − 2 x̄ s_xy/ȳ³ + x̄² s_y²/ȳ⁴)/n
 * with s_x², s_y², s_xy the unbiased (n − 1) sample (co)variances per unit.
 */
import type { ArmEstimate } from "./estimate.js";
import { insufficient, type StatResult } from "./result.js";
import type { RatioStats } from "./sufficient-stats.js";

export interface RatioArm extends ArmEstimate {
  numeratorMean: number;
  denominatorMean: number;
  covariance: number;
}

export function ratioArm(s: RatioStats): StatResult<RatioArm> {
  if (!(s.n >= 2)) return insufficient(`n = ${s.n} < 2`);
  if (s.denominatorSum === 0) return insufficient("denominator sum is 0");
  const mx = s.numeratorSum / s.n;
  const my = s.denominatorSum / s.n;
  const vx = Math.max(0, (s.numeratorSumSquares - s.numeratorSum * mx) / (s.n - 1));
  const vy = Math.max(0, (s.denominatorSumSquares - s.denominatorSum * my) / (s.n - 1));
  const cxy = (s.crossSum - s.numeratorSum * my) / (s.n - 1);
  const my2 = my * my;
  const perUnit = vx / my2 - (2 * mx * cxy) / (my2 * my) + (mx * mx * vy) / (my2 * my2);
  // The quadratic form is ≥ 0 in exact arithmetic; rounding can push a perfectly
  // proportional x = R·y slightly negative.
  const variance = Math.max(0, perUnit) / s.n;
  return { status: "ok" as const, value: mx / my, variance, n: s.n, numeratorMean: mx, denominatorMean: my, covariance: cxy };
}

/** Builds ratio statistics from unit-level pairs (x, y): for tests and offline use. */
export function ratioStatsFromUnits(units: ReadonlyArray<readonly [number, number]>): RatioStats {
  const s: RatioStats = {
    n: 0,
    numeratorSum: 0,
    numeratorSumSquares: 0,
    denominatorSum: 0,
    denominatorSumSquares: 0,
    crossSum: 0,
  };
  for (const [x, y] of units) {
    s.n += 1;
    s.numeratorSum += x;
    s.numeratorSumSquares += x * x;
    s.denominatorSum += y;
    s.denominatorSumSquares += y * y;
    s.crossSum += x * y;
  }
  return s;
}
