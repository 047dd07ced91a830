/**
 * Classifier metrics from confusion-matrix counts, with intervals.
 *
 * precision, recall, false-positive rate and accuracy are binomial proportions
 * over their own denominators (tp + fp, tp + fn, fp + tn, N): Wilson score
 * intervals for one arm, Wald on the difference between arms.
 * F1 = 2J/(1 + J) with J = tp/(tp + fp + fn) (the Jaccard index, binomial over
 * D = tp + fp + fn), so its interval is J's Wilson interval mapped through the
 * increasing function 2J/(1 + J), and its variance by the delta method is
 * (2/(1 + J)²)² J(1 − J)/D.
 */
import { normalQuantile } from "./distributions.js";
import type { ArmEstimate } from "./estimate.js";
import { insufficient, ok, type StatResult } from "./result.js";
import { requireAtLeast, requireOpenUnit, StatsInputError } from "./input-error.js";
import type { ConfusionCounts } from "./sufficient-stats.js";

export type ClassifierMetric = "precision" | "recall" | "f1" | "fpr" | "accuracy";

export interface RateWithInterval {
  value: number;
  ci: [number, number];
  denominator: number;
}

/**
 * Wilson score interval for x successes out of n (0 ≤ x ≤ n, n ≥ 1, 0 < α < 1);
 * throws StatsInputError otherwise (n = 0 has no interval, never [NaN, NaN]).
 */
export function wilsonInterval(x: number, n: number, alpha: number): [number, number] {
  requireOpenUnit("alpha", alpha);
  requireAtLeast("n", n, 1);
  requireAtLeast("x", x, 0);
  if (x > n) throw new StatsInputError("x", `successes (${x}) exceed n (${n})`);
  const z = normalQuantile(1 - alpha / 2);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function parts(c: ConfusionCounts, metric: ClassifierMetric): { x: number; n: number } {
  switch (metric) {
    case "precision":
      return { x: c.tp, n: c.tp + c.fp };
    case "recall":
      return { x: c.tp, n: c.tp + c.fn };
    case "fpr":
      return { x: c.fp, n: c.fp + c.tn };
    case "accuracy":
      return { x: c.tp + c.tn, n: c.tp + c.fp + c.tn + c.fn };
    case "f1":
      // Jaccard J = tp/(tp + fp + fn); F1 is a monotone transform of it.
      return { x: c.tp, n: c.tp + c.fp + c.fn };
  }
}

const f1OfJaccard = (j: number): number => (2 * j) / (1 + j);

function validCounts(c: ConfusionCounts): boolean {
  return [c.tp, c.fp, c.tn, c.fn].every((v) => Number.isFinite(v) && v >= 0);
}

/** One metric of one arm with its (1 − α) interval. */
export function classifierMetric(c: ConfusionCounts, metric: ClassifierMetric, alpha: number): StatResult<RateWithInterval> {
  if (!validCounts(c)) return insufficient("confusion counts must be non-negative");
  const { x, n } = parts(c, metric);
  if (n < 1) return insufficient(`${metric} has an empty denominator`);
  if (!(alpha > 0 && alpha < 1)) return insufficient(`alpha = ${alpha} must lie in (0, 1)`);
  const ci = wilsonInterval(x, n, alpha);
  if (metric === "f1") return ok({ value: f1OfJaccard(x / n), ci: [f1OfJaccard(ci[0]), f1OfJaccard(ci[1])], denominator: n });
  return ok({ value: x / n, ci, denominator: n });
}

/** All five metrics of one arm. */
export function classifierReport(c: ConfusionCounts, alpha = 0.05): Record<ClassifierMetric, StatResult<RateWithInterval>> {
  const metrics: ClassifierMetric[] = ["precision", "recall", "f1", "fpr", "accuracy"];
  return Object.fromEntries(metrics.map((m) => [m, classifierMetric(c, m, alpha)])) as Record<
    ClassifierMetric,
    StatResult<RateWithInterval>
  >;
}

/** The metric as an arm estimate (value, variance of the value, n) for comparing arms. */
export function classifierArm(c: ConfusionCounts, metric: ClassifierMetric): StatResult<ArmEstimate> {
  if (!validCounts(c)) return insufficient("confusion counts must be non-negative");
  const { x, n } = parts(c, metric);
  if (n < 2) return insufficient(`${metric} denominator ${n} < 2`);
  const p = x / n;
  if (metric !== "f1") return { status: "ok" as const, value: p, variance: (p * (1 - p)) / n, n };
  const g = 2 / ((1 + p) * (1 + p));
  return { status: "ok" as const, value: f1OfJaccard(p), variance: (g * g * p * (1 - p)) / n, n };
}
