/**
 * Both arms of a mean or proportion comparison as `analyse` uses them: with
 * the null-variance floor (pooled-variance.ts) and, for proportions, the
 * rare-event guards (rare-events.ts).
 */
import type { ArmEstimate } from "./estimate.js";
import { isMeanStats, isProportionStats, isRatioStats, type MetricDefinition, type MetricStats } from "./metric-definition.js";
import { pooledVariance, withNullVarianceFloor } from "./pooled-variance.js";
import { DEFAULT_MIN_EXPECTED_EVENTS, proportionArms, type ProportionArms } from "./rare-events.js";
import { insufficient, type StatResult } from "./result.js";
import { ratioArm } from "./ratio.js";
import { pooledRatioResidualVariance } from "./pooled-variance.js";
import { meanArm } from "./welch.js";

/** Means with the null-variance floor (pooled-variance.ts): a small arm's missing tail cannot shrink its error. */
export function meanPair(
  sa: MetricStats,
  sb: MetricStats,
): StatResult<{ a: StatResult<ArmEstimate>; b: StatResult<ArmEstimate>; rare?: undefined }> {
  if (!isMeanStats(sa) || !isMeanStats(sb)) return insufficient("missing mean statistics (n, sum, sumSquares)");
  const a = meanArm(sa);
  if (a.status !== "ok") return insufficient(`champion: ${a.reason}`);
  const b = meanArm(sb);
  if (b.status !== "ok") return insufficient(`challenger: ${b.reason}`);
  // Two constant arms stay "zero variance" (insufficient_data): the floor guards small samples, it does not invent spread.
  const [fa, fb] = a.variance > 0 || b.variance > 0 ? withNullVarianceFloor(a, b, pooledVariance(sa, sb)) : [a, b];
  return { status: "ok" as const, a: { status: "ok" as const, ...fa }, b: { status: "ok" as const, ...fb } };
}

/** Proportions through the rare-event guards: enough expected events, floored variances. */
export function proportionPair(
  metric: MetricDefinition,
  sa: MetricStats,
  sb: MetricStats,
): StatResult<{ a: StatResult<ArmEstimate>; b: StatResult<ArmEstimate>; rare?: ProportionArms["rare"] }> {
  if (!isProportionStats(sa) || !isProportionStats(sb)) return insufficient("missing proportion statistics (n, successes)");
  const r = proportionArms(sa, sb, metric.minExpectedEvents ?? DEFAULT_MIN_EXPECTED_EVENTS);
  if (r.status !== "ok") return r;
  return {
    status: "ok" as const,
    a: { status: "ok" as const, ...r.champion },
    b: { status: "ok" as const, ...r.challenger },
    ...(r.rare ? { rare: r.rare } : {}),
  };
}

/**
 * Ratio metrics with the same null-variance floor on the linearised scale: a
 * small arm without its costly units has a low ratio and a small delta-method
 * variance at once (bench/decisions.ts, cost per request at a 5 % share).
 */
export function ratioPair(
  sa: MetricStats,
  sb: MetricStats,
): StatResult<{ a: StatResult<ArmEstimate>; b: StatResult<ArmEstimate>; rare?: undefined }> {
  if (!isRatioStats(sa) || !isRatioStats(sb)) return insufficient("missing ratio statistics");
  const a = ratioArm(sa);
  if (a.status !== "ok") return insufficient(`champion: ${a.reason}`);
  const b = ratioArm(sb);
  if (b.status !== "ok") return insufficient(`challenger: ${b.reason}`);
  const [fa, fb] = a.variance > 0 || b.variance > 0 ? withNullVarianceFloor(a, b, pooledRatioResidualVariance(sa, sb)) : [a, b];
  return { status: "ok" as const, a: { status: "ok" as const, ...fa }, b: { status: "ok" as const, ...fb } };
}
