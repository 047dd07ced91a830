/**
 * How condition verdicts combine into a gate outcome. Every required condition
 * must pass, not just the primary metric; "no data" is never "healthy".
 */
import type { ConditionResult, GateSummary } from "./types.js";

export interface SummaryContext {
  /** The live gate's sample-ratio check: a mismatch makes the whole evaluation invalid. */
  srm?: { valid: boolean; reason: string };
}

/**
 * invalid: the sample ratio mismatches (hold and alert; nothing may be decided);
 * fail: a required guardrail (or offline condition) fails; hold: a required success criterion is not met,
 * or a required condition lacks data or is inconclusive;
 * pass: every required condition passes. Informational (required: false) results never block.
 * @example summarize([{ required: true, verdict: "no_data", … }]).outcome // "hold"
 */
export function summarize(results: readonly ConditionResult[], context: SummaryContext = {}): GateSummary {
  const required = results.filter((r) => r.required);
  const failed = required.filter((r) => r.verdict === "fail" && r.kind !== "success");
  const unmet = required.filter((r) => r.verdict === "fail" && r.kind === "success");
  const waiting = required.filter((r) => r.verdict === "no_data" || r.verdict === "inconclusive");
  if (context.srm && !context.srm.valid) {
    return { outcome: "invalid", failed, unmet, waiting, reason: `analysis invalid: ${context.srm.reason}` };
  }
  if (failed.length > 0) {
    return { outcome: "fail", failed, unmet, waiting, reason: `failed: ${failed.map(name).join(", ")}` };
  }
  if (unmet.length > 0 || waiting.length > 0) {
    const noData = waiting.filter((r) => r.verdict === "no_data").length;
    const parts = [
      unmet.length > 0 ? `${unmet.length} success criteria not met` : "",
      noData > 0 ? `${noData} without data` : "",
      waiting.length > noData ? `${waiting.length - noData} inconclusive` : "",
    ];
    return {
      outcome: "hold",
      failed,
      unmet,
      waiting,
      reason: `waiting: ${parts.filter(Boolean).join(", ")} (${[...unmet, ...waiting].map(name).join(", ")})`,
    };
  }
  return {
    outcome: "pass",
    failed,
    unmet,
    waiting,
    reason: required.length > 0 ? `all ${required.length} required conditions pass` : "no required conditions",
  };
}

function name(r: ConditionResult): string {
  return r.segment && r.segment !== "all" ? `${r.label} [${r.segment}]` : r.label;
}
