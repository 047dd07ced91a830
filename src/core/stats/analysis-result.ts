/** What an analysis returns: one comparison per metric × challenger, and per-challenger summaries. */
import type { DirectionalBayes } from "./bayesian.js";
import type { DifferenceType } from "./estimate.js";
import type { MetricDefinition, MetricKind } from "./metric-definition.js";
import type { StatResult } from "./result.js";
import type { SrmResult } from "./srm.js";
import type { Verdict } from "./verdict.js";

export interface ComparisonBase {
  metric: string;
  variant: string;
  kind: MetricKind;
  direction: MetricDefinition["direction"];
  reason: string;
}

export interface ComparisonOk extends ComparisonBase {
  verdict: Exclude<Verdict, "insufficient_data">;
  /** Challenger − champion on `scale` (PSI for drift). */
  estimate: number;
  scale: DifferenceType | "psi";
  /** (1 − α) interval or always-valid sequence; null for drift (PSI has no interval). */
  ci: [number, number] | null;
  /** Boundary θ of the tested H₀: effect = θ, in estimate units. */
  threshold: number;
  /** p-value of H₀: effect = θ (drift: of "no distribution shift"). */
  pValue: number;
  /** After the analysis' multiple-comparison correction. */
  adjustedPValue: number;
  alpha: number;
  sequential: boolean;
  champion?: number;
  challenger?: number;
  bayes?: DirectionalBayes;
}

export interface ComparisonInsufficient extends ComparisonBase {
  verdict: "insufficient_data";
}

export type Comparison = ComparisonOk | ComparisonInsufficient;

export interface ChallengerSummary {
  variant: string;
  verdict: Verdict;
  failed: string[];
  inconclusive: string[];
  insufficient: string[];
}

export interface Analysis {
  /** "invalid" when the sample ratio mismatches: nothing here may promote. */
  status: "ok" | "invalid";
  srm: StatResult<SrmResult>;
  comparisons: Comparison[];
  challengers: ChallengerSummary[];
}

export function insufficientComparison(base: ComparisonBase, reason: string): ComparisonInsufficient {
  return { metric: base.metric, variant: base.variant, kind: base.kind, direction: base.direction, verdict: "insufficient_data", reason };
}

/**
 * A challenger's overall verdict: inconclusive if the analysis is invalid (SRM),
 * else fail if any metric fails, insufficient_data if any lacks data,
 * inconclusive if any is inconclusive, pass only if every metric passes.
 */
export function summarise(variant: string, comparisons: readonly Comparison[], invalid: boolean): ChallengerSummary {
  const mine = comparisons.filter((c) => c.variant === variant);
  const ids = (v: Verdict): string[] => mine.filter((c) => c.verdict === v).map((c) => c.metric);
  const failed = ids("fail");
  const inconclusive = ids("inconclusive");
  const insufficientIds = ids("insufficient_data");
  let verdict: Verdict = "pass";
  if (invalid) verdict = "inconclusive";
  else if (failed.length > 0) verdict = "fail";
  else if (insufficientIds.length > 0 || mine.length === 0) verdict = "insufficient_data";
  else if (inconclusive.length > 0) verdict = "inconclusive";
  return { variant, verdict, failed, inconclusive, insufficient: insufficientIds };
}
