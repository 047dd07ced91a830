/**
 * Comparing a quantile (p50/p95/p99 latency) between arms from sketches.
 *
 * Asymptotic interval: the sample q-quantile is ≈ N(Q(q), q(1 − q) s(q)²/n) with
 * sparsity s(q) = 1/f(Q(q)) (Bahadur representation). Both the quantile and
 * the sparsity are read from the sketch's *interpolated* quantile function
 * (CDF interpolated geometrically inside each bucket):
 *   Q̃(q)  the estimate,
 *   ŝ = (Q̃(q + h) − Q̃(q − h)) / 2h  (Siddiqui–Bloch–Gastwirth),
 * h the Hall–Sheather bandwidth n^(−1/3) z^(2/3) [1.5 φ(Φ⁻¹(q))² / (2Φ⁻¹(q)² + 1)]^(1/3).
 * Interpolating matters: DDSketch's bucket representative is off by up to
 * ±α·x, a *fixed* bias per arm once n is large, which made a 5 %-accuracy
 * sketch's 95 % interval cover 48 % of the time in simulation; with the
 * interpolated quantile coverage is nominal (docs/statistics.md has the table,
 * quantile-difference.test.ts re-checks it). Assumes the density is smooth
 * across a bucket; for point masses the estimate stays within the bucket.
 */
import { normalPdf, normalQuantile } from "./distributions.js";
import type { ArmEstimate } from "./estimate.js";
import { interpolatedQuantileFunction, sketchCount, type QuantileSketchData } from "./quantile-sketch.js";
import { insufficient, type StatResult } from "./result.js";

export interface QuantileArm extends ArmEstimate {
  quantile: number;
  sparsity: number;
  bandwidth: number;
}

/** Minimum expected count on each side of the quantile before it is estimable. */
const MIN_TAIL_COUNT = 5;

export function hallSheatherBandwidth(n: number, q: number, alpha = 0.05): number {
  const zq = normalQuantile(q);
  const za = normalQuantile(1 - alpha / 2);
  const f = normalPdf(zq);
  return Math.pow(n, -1 / 3) * Math.pow(za, 2 / 3) * Math.pow((1.5 * f * f) / (2 * zq * zq + 1), 1 / 3);
}

/** The q-quantile of one arm's sketch as an arm estimate with its asymptotic variance. */
export function quantileArm(sketch: QuantileSketchData, q: number): StatResult<QuantileArm> {
  if (!(q > 0 && q < 1)) return insufficient("quantile must be in (0, 1)");
  const n = sketchCount(sketch);
  if (n === 0) return insufficient("empty sketch");
  if (n * Math.min(q, 1 - q) < MIN_TAIL_COUNT) return insufficient(`n = ${n} too small for the ${q} quantile`);
  const quantileOf = interpolatedQuantileFunction(sketch);
  if (!quantileOf) return insufficient("empty sketch");
  const value = quantileOf(q);
  const edge = 0.5 / n;
  let h = hallSheatherBandwidth(n, q);
  let sparsity = 0;
  let used = h;
  // Widen only when the spacing is 0 (a point mass at the quantile).
  for (let attempt = 0; attempt < 12 && !(sparsity > 0); attempt++, h *= 2) {
    const lo = Math.max(edge, q - h);
    const hi = Math.min(1 - edge, q + h);
    const qlo = quantileOf(lo);
    const qhi = quantileOf(hi);
    sparsity = hi > lo ? (qhi - qlo) / (hi - lo) : 0;
    used = h;
  }
  const variance = (q * (1 - q) * sparsity * sparsity) / n;
  return { status: "ok" as const, value, variance, n, quantile: q, sparsity, bandwidth: used };
}
