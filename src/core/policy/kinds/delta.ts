/** A difference against the champion: `delta: {min|max, relative?}` on point estimates, no test. "cost ≤ champion + 5 %". */
import { boundsOf, deltaOf, tolerance, withinBounds } from "../bounds.js";
import { formatDifference, formatValue, isPercentUnit } from "../format.js";
import type { ConditionResult, PolicyCondition } from "../types.js";
import { raw, relativeText, type ConditionKindSpec } from "./kind.js";

/** value − champion (or relative) judged against the delta's range; a string when it cannot be computed. */
function judge(
  c: PolicyCondition,
  value: number,
  championValue: number,
  unit: string | undefined,
): string | (Pick<ConditionResult, "estimate" | "scale" | "threshold" | "bounds" | "verdict"> & { shown: string; needs: string }) {
  const delta = c.delta ?? {};
  const relative = delta.relative === true;
  const d = deltaOf(value, championValue, relative);
  if (!d.ok) return d.reason;
  const scale = relative ? "relative" : "absolute";
  const slack = tolerance(value, championValue) / (relative ? Math.abs(championValue) : 1);
  const passed = withinBounds(d.estimate, delta.min, delta.max, slack);
  const needs = [
    delta.min !== undefined ? `≥ ${formatDifference(delta.min, unit, scale)}` : "",
    delta.max !== undefined ? `≤ ${formatDifference(delta.max, unit, scale)}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  return {
    estimate: d.estimate,
    scale,
    threshold: delta.min ?? delta.max,
    bounds: boundsOf(delta.min, delta.max),
    verdict: passed ? "pass" : "fail",
    shown: formatDifference(d.estimate, unit, scale),
    needs,
  };
}

export const delta: ConditionKindSpec = {
  name: "delta",
  is: (c) => c.delta !== undefined,
  label(metric, c, unit) {
    const relative = c.delta?.relative === true;
    const signed = (x: number): string => {
      if (!relative && isPercentUnit(unit)) return x === 0 ? `+${formatDifference(0, unit)}` : formatDifference(x, unit);
      const body = relative ? relativeText(x) : raw(x);
      return x >= 0 ? `+${body}` : body;
    };
    const parts: string[] = [];
    if (c.delta?.min !== undefined) parts.push(`${metric} ≥ champion ${signed(c.delta.min)}`);
    if (c.delta?.max !== undefined) parts.push(`${metric} ≤ champion ${signed(c.delta.max)}`);
    return parts.join(" and ");
  },
  offline({ c, base, value, champion, championValue }) {
    if (!champion) return { ...base, value, verdict: "no_data", reason: "no champion metrics to compare with" };
    if (championValue === undefined)
      return { ...base, value, verdict: "no_data", reason: `the champion has no value for ${c.metric ?? ""}` };
    const j = judge(c, value, championValue, base.unit);
    if (typeof j === "string") return { ...base, value, championValue, verdict: "no_data", reason: j };
    const { shown, needs, ...fields } = j;
    return {
      ...base,
      value,
      championValue,
      ...fields,
      reason: `${shown} vs the champion (${formatValue(championValue, base.unit)}); needs ${needs}`,
    };
  },
  live({ c, base, known, champion, noData }) {
    if (!champion.ok) return noData(`champion ${champion.reason}`);
    if (champion.value === null) return noData(`the champion's ${c.metric ?? ""} has no value`);
    const j = judge(c, known.value, champion.value, base.unit);
    if (typeof j === "string") return noData(j);
    const { shown, needs, ...fields } = j;
    return { ...known, ...fields, reason: `${shown} vs the champion on point estimates (no test); needs ${needs}` };
  },
};
