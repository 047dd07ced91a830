/**
 * Offline gates: the registry gate (before a candidate may exist at all) and
 * the pre-production gate (against the champion's offline metrics). Inputs are
 * plain numbers per metric and named checks; nothing statistical happens here.
 */
import { kindOf } from "./kinds/index.js";
import { conditionLabel } from "./label.js";
import type { ConditionResult, OfflineGateName, PolicyCondition } from "./types.js";

export interface OfflineCandidate {
  metrics: Readonly<Record<string, number>>;
  checks?: ReadonlyArray<{ name: string; passed: boolean }>;
}

export interface OfflineChampion {
  metrics: Readonly<Record<string, number>>;
}

export interface OfflineOptions {
  /** Display units per metric ("%", "ms", "$"…), e.g. from the policy's metric definitions. */
  units?: Readonly<Record<string, string>>;
}

type Base = Pick<ConditionResult, "id" | "gate" | "label" | "required" | "metric" | "check" | "unit">;

const valueOf = (metrics: Readonly<Record<string, number>> | undefined, name: string): number | undefined => {
  const v = metrics && Object.hasOwn(metrics, name) ? metrics[name] : undefined;
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};

function evaluateCheck(base: Base, name: string, candidate: OfflineCandidate): ConditionResult {
  const entries = (candidate.checks ?? []).filter((c) => c.name === name);
  if (entries.length === 0) return { ...base, verdict: "no_data", reason: `no result for check ${name}` };
  // Any failed run of the check fails it: a later "pass" must not hide a failure.
  if (entries.some((c) => !c.passed)) return { ...base, verdict: "fail", reason: `check ${name} failed` };
  return { ...base, verdict: "pass", reason: `check ${name} passed` };
}

/**
 * Evaluates every condition of an offline gate, in policy order.
 * A delta without a champion value is no_data, never pass; a missing check is no_data, a failed one fails.
 * @example evaluateOfflineGate("registry", [{ metric: "f1", min: 0.2 }], { metrics: { f1: 0.31 }, checks: [] })
 *          // [{ id: "registry.0", label: "f1 ≥ 0.2", verdict: "pass", value: 0.31, … }]
 */
export function evaluateOfflineGate(
  gate: OfflineGateName,
  conditions: readonly PolicyCondition[],
  candidate: OfflineCandidate,
  champion?: OfflineChampion | null,
  options: OfflineOptions = {},
): ConditionResult[] {
  return conditions.map((c, index) => {
    const unit = c.metric !== undefined ? options.units?.[c.metric] : undefined;
    const base: Base = {
      id: `${gate}.${index}`,
      gate,
      label: conditionLabel(c, unit),
      required: c.required ?? true,
      ...(c.metric !== undefined ? { metric: c.metric } : {}),
      ...(c.check !== undefined ? { check: c.check } : {}),
      ...(unit ? { unit } : {}),
    };
    if (c.check !== undefined) return evaluateCheck(base, c.check, candidate);
    if (c.metric === undefined) return { ...base, verdict: "no_data", reason: "the condition names neither a metric nor a check" };
    const kind = kindOf(c);
    if (kind === undefined) return { ...base, verdict: "no_data", reason: "the condition sets no bound" };
    if (kind.offline === undefined)
      return { ...base, verdict: "no_data", reason: kind.notOffline ?? `a ${kind.name} condition is not judged offline` };
    const value = valueOf(candidate.metrics, c.metric);
    if (value === undefined) return { ...base, verdict: "no_data", reason: `the candidate has no value for ${c.metric}` };
    return kind.offline({ c, base, value, champion, championValue: valueOf(champion?.metrics, c.metric) });
  });
}
