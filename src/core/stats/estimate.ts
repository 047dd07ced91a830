/**
 * The one shape every asymptotically normal comparison reduces to: an arm's
 * estimate with the variance of that estimate, and a difference between arms
 * (absolute, or relative by the delta method) with its standard error.
 */
import { allFinite, insufficient, type StatResult } from "./result.js";
import { informationTime } from "./sequential.js";

/** One arm: point estimate, variance *of the estimate*, and the sample size behind it. */
export interface ArmEstimate {
  value: number;
  variance: number;
  n: number;
}

export type DifferenceType = "absolute" | "relative";

/** A challenger − champion difference ready for inference. */
export interface DifferenceEstimate {
  estimate: number;
  se: number;
  /** Degrees of freedom for a t reference; Infinity means normal. */
  df: number;
  /**
   * Time index of the sequential test: the balanced-equivalent total
   * 4 n_a n_b/(n_a + n_b) (= n_a + n_b at 50/50; see `informationTime`).
   */
  nTotal: number;
  difference: DifferenceType;
}

/**
 * Welch–Satterthwaite degrees of freedom from the variances of the two means.
 * df = (sA + sB)² / (sA²/(nA − 1) + sB²/(nB − 1)), s = variance of the mean.
 */
export function welchDf(a: ArmEstimate, b: ArmEstimate): number {
  const num = (a.variance + b.variance) ** 2;
  const den = (a.variance * a.variance) / (a.n - 1) + (b.variance * b.variance) / (b.n - 1);
  return den > 0 ? num / den : Infinity;
}

/**
 * Challenger (b) minus champion (a).
 * absolute: b − a, se² = vb + va.
 * relative: (b − a)/|a|, se² = vb/a² + va·b²/a⁴ (delta method; GrowthBook details eq. 1–2).
 */
export function differenceOf(a: ArmEstimate, b: ArmEstimate, difference: DifferenceType, df: number): StatResult<DifferenceEstimate> {
  const nTotal = informationTime(a.n, b.n);
  if (difference === "absolute") {
    const se = Math.sqrt(a.variance + b.variance);
    if (!(se > 0)) return insufficient("zero variance in both arms");
    if (!allFinite(b.value - a.value, se)) return insufficient("non-finite statistics");
    return { status: "ok" as const, estimate: b.value - a.value, se, df, nTotal, difference };
  }
  if (a.value === 0) return insufficient("relative difference undefined: champion value is 0");
  const a2 = a.value * a.value;
  const variance = b.variance / a2 + (a.variance * b.value * b.value) / (a2 * a2);
  const se = Math.sqrt(variance);
  if (!(se > 0)) return insufficient("zero variance in both arms");
  const estimate = (b.value - a.value) / Math.abs(a.value);
  // A champion value near 0 (or underflowing) makes the ratio overflow.
  if (!allFinite(estimate, se)) return insufficient("relative difference overflows: champion value too close to 0");
  return { status: "ok" as const, estimate, se, df, nTotal, difference };
}
