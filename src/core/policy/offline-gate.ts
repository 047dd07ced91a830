/**
 * Offline gates: the registry gate (before a candidate may exist at all) and
 * the pre-production gate (against the champion's offline metrics). Inputs are
 * plain numbers per metric and named checks; nothing statistical happens here.
 */
import { boundsOf, boundsReason, deltaOf, hasBounds, satisfies, thresholdOf, tolerance, valueBoundsOf, withinBounds } from "./bounds.js";
import { formatDifference, formatValue } from "./format.js";
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

function evaluateBound(base: Base, c: PolicyCondition, value: number, championValue: number | undefined): ConditionResult {
  const show = (x: number): string => formatValue(x, base.unit);
  const threshold = thresholdOf(c);
  const common = { ...base, value, ...(threshold !== undefined ? { threshold } : {}), bounds: valueBoundsOf(c), ...(championValue !== undefined ? { championValue } : {}) };
  const passed = satisfies(value, c);
  return { ...common, verdict: passed ? "pass" : "fail", reason: boundsReason(value, c, passed, show) };
}

function evaluateDelta(base: Base, c: PolicyCondition, value: number, champion: OfflineChampion | null | undefined): ConditionResult {
  const delta = c.delta ?? {};
  const relative = delta.relative === true;
  const metric = c.metric ?? "";
  if (!champion) return { ...base, value, verdict: "no_data", reason: "no champion metrics to compare with" };
  const championValue = valueOf(champion.metrics, metric);
  if (championValue === undefined) return { ...base, value, verdict: "no_data", reason: `the champion has no value for ${metric}` };
  const d = deltaOf(value, championValue, relative);
  if (!d.ok) return { ...base, value, championValue, verdict: "no_data", reason: d.reason };
  const scale = relative ? "relative" : "absolute";
  const slack = tolerance(value, championValue) / (relative ? Math.abs(championValue) : 1);
  const passed = withinBounds(d.estimate, delta.min, delta.max, slack);
  const shown = formatDifference(d.estimate, base.unit, scale);
  const needs = [
    delta.min !== undefined ? `≥ ${formatDifference(delta.min, base.unit, scale)}` : "",
    delta.max !== undefined ? `≤ ${formatDifference(delta.max, base.unit, scale)}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  return {
    ...base,
    value,
    championValue,
    estimate: d.estimate,
    scale,
    threshold: delta.min ?? delta.max,
    bounds: boundsOf(delta.min, delta.max),
    verdict: passed ? "pass" : "fail",
    reason: `${shown} vs the champion (${formatValue(championValue, base.unit)}); needs ${needs}`,
  };
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
    if (c.test !== undefined) return { ...base, verdict: "no_data", reason: "a statistical test needs live data: it belongs in gates.live" };
    const value = valueOf(candidate.metrics, c.metric);
    if (value === undefined) return { ...base, verdict: "no_data", reason: `the candidate has no value for ${c.metric}` };
    if (c.delta !== undefined) return evaluateDelta(base, c, value, champion);
    if (!hasBounds(c)) return { ...base, value, verdict: "no_data", reason: "the condition sets no bound" };
    return evaluateBound(base, c, value, valueOf(champion?.metrics, c.metric));
  });
}
