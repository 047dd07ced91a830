/**
 * Live conditions on point estimates (bounds, deltas: ./kinds/): "p95 latency
 * ≤ 180 ms" reads the challenger's value; "cost per request ≤ champion + 5 %"
 * compares the two arms' values without a test (use `test:` when noise matters).
 */
import { kindOf } from "./kinds/index.js";
import { ALL_SEGMENT, SEGMENT_NOT_BLOCKING, usableReading } from "./live-readings.js";
import type { ResultBase } from "./live-statistical.js";
import type { LiveGateInput } from "./live-types.js";
import type { ConditionResult, PolicyCondition } from "./types.js";

function noData(base: ResultBase, segment: string, reason: string): ConditionResult {
  if (segment === ALL_SEGMENT) return { ...base, segment, verdict: "no_data", reason };
  return { ...base, segment, required: false, verdict: "no_data", reason: `${reason}; ${SEGMENT_NOT_BLOCKING}` };
}

/** Whether a condition is judged on point estimates (its kind has a live point judgement). */
export function isPointCondition(c: PolicyCondition): boolean {
  return kindOf(c)?.live !== undefined;
}

/** One point condition, one challenger, one segment. */
export function evaluatePoint(
  input: LiveGateInput,
  c: PolicyCondition,
  base: ResultBase,
  segment: string,
  version: number,
  minSamples: number,
): ConditionResult {
  const metric = c.metric ?? "";
  const kind = kindOf(c);
  if (!kind?.live) return noData(base, segment, "the condition sets no requirement");
  const challenger = usableReading(input, segment, version, metric, minSamples);
  const champion = usableReading(input, segment, input.champion, metric, minSamples);
  if (!challenger.ok) return noData(base, segment, challenger.reason);
  if (challenger.value === null) return noData(base, segment, `v${version}: ${metric} has no value`);
  const value = challenger.value;
  const championValue = champion.ok && champion.value !== null ? champion.value : undefined;
  const known = {
    ...base,
    segment,
    value,
    n: challenger.n,
    ...(championValue !== undefined && champion.ok ? { championValue, championN: champion.n } : {}),
  };
  return kind.live({
    c,
    base,
    segment,
    known,
    champion: champion.ok ? { ok: true, value: champion.value, n: champion.n } : champion,
    noData: (reason) => noData(base, segment, reason),
  });
}
