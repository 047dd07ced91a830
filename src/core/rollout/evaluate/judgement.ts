/** A gate's results told as the controller records them: an outcome and one line with the numbers. */
import { describeResult } from "../../policy/describe.js";
import type { ConditionResult, GateSummary } from "../../policy/types.js";
import { ALL } from "../../telemetry/segments.js";
import type { GateJudgement } from "../observation.js";
import type { WindowReadings } from "./reads.js";

export function judgement(summary: GateSummary | undefined, results: ConditionResult[]): GateJudgement {
  if (!summary) return { outcome: "hold", results, summary: "not evaluated" };
  const outcome = summary.outcome === "invalid" ? "hold" : summary.outcome;
  // Failures and passes are told with their numbers ("error_rate 4.8 % vs 1.0 % (+3.8 pts, 95 % CI …)").
  // An unmet success criterion is told with its numbers too ("click_through +0.2 pts …, needs ≥ +0.7 pts").
  const pending = [
    ...summary.unmet,
    ...summary.waiting.filter((r) => r.verdict === "inconclusive" && r.metric !== undefined && r.estimate !== undefined),
  ];
  const told =
    outcome === "fail"
      ? summary.failed
      : outcome === "pass"
        ? results.filter((r) => r.required && r.metric !== undefined && (r.segment ?? ALL) === ALL)
        : pending;
  const prefix = outcome === "hold" && summary.unmet.length > 0 ? "success criteria not met: " : "";
  const text =
    told.length > 0
      ? prefix +
        told
          .slice(0, 3)
          .map((r) => describeResult(r))
          .join(", ")
      : summary.reason;
  return { outcome, results, summary: text };
}

/** Units per version: exposures, or (shadow calls record no exposure) the most observations any metric has. */
export function samplesOf(readings: WindowReadings | undefined, version: number): number {
  const v = readings?.[version];
  if (!v) return 0;
  const ns = Object.values(v.metrics).map((m) => (m.status === "ok" ? m.n : 0));
  return Math.max(v.exposures, ...ns, 0);
}

/** The metric readings of each version (the live gate's per-segment shape). */
export function metricsOf(readings: WindowReadings | undefined): Record<number, WindowReadings[number]["metrics"]> {
  return Object.fromEntries(Object.entries(readings ?? {}).map(([v, w]) => [v, w.metrics]));
}
