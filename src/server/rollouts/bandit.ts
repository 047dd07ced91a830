/** Probability that each challenger is best on the primary metric (Thompson sampling weights). */
import type { PolicyDocument } from "../../contracts/policy.js";
import { activeChallengers, type Rollout } from "../../core/rollout/types.js";
import { betaArmPosterior, gaussianArmPosterior, probabilityBest, type Posterior } from "../../core/stats/thompson.js";
import type { MeanStats, ProportionStats } from "../../core/stats/sufficient-stats.js";
import type { MetricReading } from "../../core/telemetry/metric-stats.js";

export function bandit(r: Rollout, policy: PolicyDocument, readings: Record<number, Record<string, MetricReading>>): Map<number, number> | null {
  const primary = r.plan.primary;
  const metric = primary ? policy.metrics[primary] : undefined;
  if (!primary || !metric) return null;
  const versions = [r.champion, ...activeChallengers(r).map((c) => c.version)];
  const posteriors: Posterior[] = [];
  for (const v of versions) {
    const reading = readings[v]?.[primary];
    if (!reading || reading.status !== "ok" || !reading.stats) return null;
    const s = reading.stats as Partial<ProportionStats & MeanStats>;
    if (metric.kind === "proportion" && typeof s.successes === "number") posteriors.push(betaArmPosterior(s as ProportionStats));
    else if (typeof s.sum === "number" && typeof s.sumSquares === "number") {
      const g = gaussianArmPosterior(s as MeanStats);
      if (!Number.isFinite(g.variance) || g.variance <= 0) return null;
      posteriors.push({ family: "normal", mean: g.mean, variance: g.variance });
    }
    else return null;
  }
  const p = probabilityBest(posteriors, metric.direction === "higher");
  return new Map(versions.slice(1).map((v, i) => [v, p[i + 1] ?? 0]));
}
