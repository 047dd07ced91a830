/** Absolute bounds on a value: `min`/`max` (inclusive), `gt`/`lt` (strict). "p95 latency ≤ 180 ms". */
import { boundsReason, hasBounds, satisfies, thresholdOf, valueBoundsOf } from "../bounds.js";
import { formatValue, isPercentUnit } from "../format.js";
import { ALL_SEGMENT } from "../live-readings.js";
import type { ConditionResult, PolicyCondition } from "../types.js";
import { raw, type ConditionKindSpec } from "./kind.js";

function judged<T extends { unit?: string | undefined }>(
  common: T,
  c: PolicyCondition,
  value: number,
): T & Pick<ConditionResult, "verdict" | "reason" | "bounds" | "threshold"> {
  const passed = satisfies(value, c);
  const threshold = thresholdOf(c);
  return {
    ...common,
    ...(threshold !== undefined ? { threshold } : {}),
    bounds: valueBoundsOf(c),
    verdict: passed ? "pass" : "fail",
    reason: boundsReason(value, c, passed, (x) => formatValue(x, common.unit)),
  };
}

export const bound: ConditionKindSpec = {
  name: "bound",
  is: (c) => hasBounds(c),
  label(metric, c, unit) {
    const plain = (x: number): string => (isPercentUnit(unit) && Number.isFinite(x) ? formatValue(x, unit) : raw(x));
    const lower = c.gt !== undefined ? `${plain(c.gt)} <` : c.min !== undefined ? `${plain(c.min)} ≤` : null;
    const upper = c.lt !== undefined ? `< ${plain(c.lt)}` : c.max !== undefined ? `≤ ${plain(c.max)}` : null;
    if (lower && upper) return `${lower} ${metric} ${upper}`;
    if (lower) return c.gt !== undefined ? `${metric} > ${plain(c.gt)}` : `${metric} ≥ ${plain(c.min ?? Number.NaN)}`;
    return `${metric} ${upper ?? `≤ ${plain(Number.NaN)}`}`;
  },
  offline: ({ c, base, value, championValue }) =>
    judged({ ...base, value, ...(championValue !== undefined ? { championValue } : {}) }, c, value),
  live({ c, segment, known, champion, noData }) {
    // Per segment, a bound is only judged where both arms have enough data, like every guardrail.
    if (segment !== ALL_SEGMENT && !champion.ok) return noData(`champion ${champion.reason}`);
    return judged(known, c, known.value);
  },
};
