/**
 * Probability that each challenger is best on the primary metric (Thompson sampling weights).
 * `probabilityBest` is bounded (fixed-node quadrature, closed form for two normal arms: at most
 * 96 × K² CDF calls: under 20 ms for three beta arms, far less for normal ones), so it runs
 * inline on the controller's loop; inputs it cannot use yield null (the controller keeps its weights).
 */
import type { RolloutPolicy } from "../policy/document.js";
import { activeChallengers, type Rollout } from "./types.js";
import { StatsInputError } from "../stats/input-error.js";
import { betaArmPosterior, gaussianArmPosterior, probabilityBest, type Posterior } from "../stats/thompson.js";
import type { MeanStats, ProportionStats } from "../stats/sufficient-stats.js";
import type { MetricReading } from "../telemetry/metric-stats.js";

function posteriorOf(kind: string, s: Partial<ProportionStats & MeanStats>): Posterior | null {
  if (typeof s.n !== "number" || !(s.n >= 2)) return null;
  if (kind === "proportion" && typeof s.successes === "number") {
    return s.successes >= 0 && s.successes <= s.n ? betaArmPosterior(s as ProportionStats) : null;
  }
  if (typeof s.sum !== "number" || typeof s.sumSquares !== "number") return null;
  // The default prior is flat: the posterior N(x̄, s²/n) does not depend on the metric's unit.
  const g = gaussianArmPosterior(s as MeanStats);
  return Number.isFinite(g.mean) && Number.isFinite(g.variance) && g.variance > 0
    ? { family: "normal", mean: g.mean, variance: g.variance }
    : null;
}

export function probabilityBestOf(
  r: Rollout,
  policy: RolloutPolicy,
  readings: Record<number, Record<string, MetricReading>>,
): Map<number, number> | null {
  const primary = r.plan.primary;
  const metric = primary ? policy.metrics[primary] : undefined;
  if (!primary || !metric) return null;
  const versions = [r.champion, ...activeChallengers(r).map((c) => c.version)];
  const posteriors: Posterior[] = [];
  for (const v of versions) {
    const reading = readings[v]?.[primary];
    if (!reading || reading.status !== "ok" || !reading.stats) return null;
    const p = posteriorOf(metric.kind, reading.stats as Partial<ProportionStats & MeanStats>);
    if (!p) return null;
    posteriors.push(p);
  }
  try {
    const p = probabilityBest(posteriors, metric.direction === "higher");
    return new Map(versions.slice(1).map((v, i) => [v, p[i + 1] ?? 0]));
  } catch (error) {
    if (error instanceof StatsInputError) return null;
    throw error;
  }
}
