/**
 * A candidate's offline gates (registry, pre-production) judged once, the same
 * way everywhere: the server at registration and at a rollout's start, and
 * `arena gate` in CI, with the policy's display units.
 */
import type { RolloutPolicy } from "../../policy/document.js";
import { displayUnit } from "../../policy/live-readings.js";
import { evaluateOfflineGate, type OfflineCandidate, type OfflineChampion } from "../../policy/offline-gate.js";
import { summarize } from "../../policy/summary.js";
import type { ConditionResult, GateSummary, OfflineGateName } from "../../policy/types.js";

export type CandidatePolicy = Pick<RolloutPolicy, "gates" | "metrics" | "offlineMetrics">;

export interface CandidateEvaluation {
  byGate: Array<{ gate: OfflineGateName; results: ConditionResult[]; summary: GateSummary }>;
  results: ConditionResult[];
  summary: GateSummary;
}

/** Display units of a policy's metrics: live definitions first, then units declared for offline metrics. */
export function policyUnits(policy: Pick<RolloutPolicy, "metrics" | "offlineMetrics">): Record<string, string> {
  const live = Object.entries(policy.metrics).map(([name, m]) => [name, displayUnit(m)] as const);
  const offline = Object.entries(policy.offlineMetrics).map(([name, m]) => [name, m.unit] as const);
  return Object.fromEntries([...offline, ...live].filter(([, unit]) => unit !== undefined && unit !== ""));
}

/**
 * @example evaluateCandidate(policy, ["registry"], { metrics: { f1: 0.31 }, checks: [] }).summary.outcome // "pass"
 */
export function evaluateCandidate(
  policy: CandidatePolicy,
  gates: readonly OfflineGateName[],
  candidate: OfflineCandidate,
  champion?: OfflineChampion,
): CandidateEvaluation {
  const units = policyUnits(policy);
  const byGate = gates.map((gate) => {
    const results = evaluateOfflineGate(gate, policy.gates[gate], candidate, champion, { units });
    return { gate, results, summary: summarize(results) };
  });
  const results = byGate.flatMap((g) => g.results);
  return { byGate, results, summary: summarize(results) };
}
