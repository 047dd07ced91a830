/**
 * Live bounds and deltas on point estimates: "p95 latency ≤ 180 ms" reads the
 * challenger's value; "cost per request ≤ champion + 5 %" compares the two
 * arms' values without a test (use `test:` when noise matters).
 */
import { boundsOf, boundsReason, deltaOf, satisfies, thresholdOf, tolerance, valueBoundsOf, withinBounds } from "./bounds.js";
import { formatDifference, formatValue } from "./format.js";
import { ALL_SEGMENT, SEGMENT_NOT_BLOCKING, usableReading } from "./live-readings.js";
import type { ResultBase } from "./live-statistical.js";
import type { LiveGateInput } from "./live-types.js";
import type { ConditionResult, PolicyCondition } from "./types.js";

function noData(base: ResultBase, segment: string, reason: string): ConditionResult {
  if (segment === ALL_SEGMENT) return { ...base, segment, verdict: "no_data", reason };
  return { ...base, segment, required: false, verdict: "no_data", reason: `${reason}; ${SEGMENT_NOT_BLOCKING}` };
}

/** One bound or delta condition, one challenger, one segment. */
export function evaluatePoint(
  input: LiveGateInput,
  c: PolicyCondition,
  base: ResultBase,
  segment: string,
  version: number,
  minSamples: number,
): ConditionResult {
  const metric = c.metric ?? "";
  const show = (x: number): string => formatValue(x, base.unit);
  const challenger = usableReading(input, segment, version, metric, minSamples);
  const champion = usableReading(input, segment, input.champion, metric, minSamples);
  if (!challenger.ok) return noData(base, segment, challenger.reason);
  if (challenger.value === null) return noData(base, segment, `v${version}: ${metric} has no value`);
  const value = challenger.value;
  const championValue = champion.ok && champion.value !== null ? champion.value : undefined;
  const known = { ...base, segment, value, n: challenger.n, ...(championValue !== undefined && champion.ok ? { championValue, championN: champion.n } : {}) };
  if (c.delta === undefined) {
    // Per segment, a bound is only judged where both arms have enough data, like every guardrail.
    if (segment !== ALL_SEGMENT && !champion.ok) return noData(base, segment, `champion ${champion.reason}`);
    const passed = satisfies(value, c);
    const threshold = thresholdOf(c);
    return { ...known, ...(threshold !== undefined ? { threshold } : {}), bounds: valueBoundsOf(c), verdict: passed ? "pass" : "fail", reason: boundsReason(value, c, passed, show) };
  }
  if (!champion.ok) return noData(base, segment, `champion ${champion.reason}`);
  if (championValue === undefined) return noData(base, segment, `the champion's ${metric} has no value`);
  const relative = c.delta.relative === true;
  const d = deltaOf(value, championValue, relative);
  if (!d.ok) return noData(base, segment, d.reason);
  const scale = relative ? "relative" : "absolute";
  const slack = tolerance(value, championValue) / (relative ? Math.abs(championValue) : 1);
  const passed = withinBounds(d.estimate, c.delta.min, c.delta.max, slack);
  const needs = [
    c.delta.min !== undefined ? `≥ ${formatDifference(c.delta.min, base.unit, scale)}` : "",
    c.delta.max !== undefined ? `≤ ${formatDifference(c.delta.max, base.unit, scale)}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  return {
    ...known,
    estimate: d.estimate,
    scale,
    threshold: c.delta.min ?? c.delta.max,
    bounds: boundsOf(c.delta.min, c.delta.max),
    verdict: passed ? "pass" : "fail",
    reason: `${formatDifference(d.estimate, base.unit, scale)} vs the champion on point estimates (no test); needs ${needs}`,
  };
}
