/**
 * Verdict semantics, in one place.
 *
 * Each comparison tests H₀: effect = θ, θ the boundary of its condition in
 * estimate units (0 for plain significance, ±minEffect for superiority,
 * ∓margin for non-inferiority, signed by the metric's direction). With p the
 * (multiplicity-adjusted) p-value of that test:
 *   pass          p < α and the estimate is on the good side of θ
 *   fail          p < α and the estimate is on the bad side of θ
 *   inconclusive  p ≥ α (keep collecting data)
 *   insufficient_data  the statistic could not be computed (see reason)
 * Without adjustment, "p < α" is exactly "θ lies outside the reported interval"
 * (fixed-horizon or always-valid), so the interval and the verdict agree.
 */
import type { Direction, MetricDefinition } from "./metric-definition.js";

export type Verdict = "pass" | "fail" | "inconclusive" | "insufficient_data";

/** +1 when higher is better, −1 when lower is better. */
export function directionSign(direction: Direction): 1 | -1 {
  return direction === "higher" ? 1 : -1;
}

/** θ in estimate units for a metric's test. */
export function thresholdOf(metric: MetricDefinition): number {
  const sign = directionSign(metric.direction);
  const test = metric.test ?? { type: "superiority" };
  const improvement = test.type === "superiority" ? (test.minEffect ?? 0) : -test.margin;
  // Adding 0 normalises −0 to 0 for display.
  return sign * improvement + 0;
}

export function decide(
  estimate: number,
  threshold: number,
  direction: Direction,
  adjustedPValue: number,
  alpha: number,
): Exclude<Verdict, "insufficient_data"> {
  if (!(adjustedPValue < alpha)) return "inconclusive";
  return directionSign(direction) * (estimate - threshold) > 0 ? "pass" : "fail";
}

/** One-line human reason for a verdict. */
export function describe(verdict: Verdict, metric: MetricDefinition, threshold: number): string {
  const test = metric.test ?? { type: "superiority" };
  const minEffect = test.type === "superiority" ? (test.minEffect ?? 0) : 0;
  if (verdict === "insufficient_data") return "insufficient data";
  if (verdict === "inconclusive") return `not yet significant (H0: effect = ${threshold})`;
  if (test.type === "non_inferiority") {
    return verdict === "pass"
      ? `not worse than the champion by more than ${test.margin} (significant)`
      : `worse than the champion by more than ${test.margin} (significant)`;
  }
  if (minEffect > 0) {
    return verdict === "pass"
      ? `better than the champion by at least ${minEffect} (significant)`
      : `improvement significantly below the required ${minEffect}`;
  }
  return verdict === "pass" ? "significantly better than the champion" : "significantly worse than the champion";
}
