/**
 * Human labels for conditions, as they appear in reports and decision records. A metric in percent
 * reads as everywhere else (format.ts): bounds "1.0 %", absolute differences "1.0 pts".
 */
import { formatDifference, formatValue, isPercentUnit } from "./format.js";
import type { PolicyCondition } from "./types.js";

const raw = (x: number): string => String(x);
const relativeText = (x: number): string => `${raw(Number((x * 100).toPrecision(12)))} %`;

function boundLabel(metric: string, c: PolicyCondition, plain: (x: number) => string): string {
  const lower = c.gt !== undefined ? `${plain(c.gt)} <` : c.min !== undefined ? `${plain(c.min)} ≤` : null;
  const upper = c.lt !== undefined ? `< ${plain(c.lt)}` : c.max !== undefined ? `≤ ${plain(c.max)}` : null;
  if (lower && upper) return `${lower} ${metric} ${upper}`;
  if (lower) return c.gt !== undefined ? `${metric} > ${plain(c.gt)}` : `${metric} ≥ ${plain(c.min ?? Number.NaN)}`;
  return `${metric} ${upper ?? `≤ ${plain(Number.NaN)}`}`;
}

function deltaLabel(metric: string, delta: NonNullable<PolicyCondition["delta"]>, unit: string | undefined): string {
  const relative = delta.relative === true;
  const signed = (x: number): string => {
    if (!relative && isPercentUnit(unit)) return x === 0 ? `+${formatDifference(0, unit)}` : formatDifference(x, unit);
    const body = relative ? relativeText(x) : raw(x);
    return x >= 0 ? `+${body}` : body;
  };
  const parts: string[] = [];
  if (delta.min !== undefined) parts.push(`${metric} ≥ champion ${signed(delta.min)}`);
  if (delta.max !== undefined) parts.push(`${metric} ≤ champion ${signed(delta.max)}`);
  return parts.join(" and ");
}

function testLabel(metric: string, c: PolicyCondition, unit: string | undefined): string {
  const by = (x: number): string => (c.relative ? relativeText(x) : isPercentUnit(unit) ? formatDifference(x, unit).replace(/^\+/, "") : raw(x));
  const alpha = c.alpha !== undefined ? ` (α ${raw(c.alpha)})` : "";
  if (c.test === "non_inferiority") return `${metric} not worse than champion by > ${by(c.margin ?? 0)}${alpha}`;
  const minEffect = c.minEffect ?? 0;
  if (minEffect > 0) return `${metric} better than champion by ≥ ${by(minEffect)} (significant)${alpha}`;
  return `${metric} significantly better than champion${alpha}`;
}

/**
 * @example conditionLabel({ metric: "f1", min: 0.2 }) // "f1 ≥ 0.2"
 * @example conditionLabel({ metric: "fpr", test: "non_inferiority", margin: 0.01, everySegment: true })
 *          // "fpr not worse than champion by > 0.01 in every segment"
 * @example conditionLabel({ metric: "error_rate", max: 0.012 }, "%") // "error_rate ≤ 1.2 %"
 */
export function conditionLabel(c: PolicyCondition, unit?: string): string {
  if (c.check !== undefined) return `check ${c.check} passed`;
  const metric = c.metric ?? "?";
  let label: string;
  const plain = (x: number): string => (isPercentUnit(unit) && Number.isFinite(x) ? formatValue(x, unit) : raw(x));
  if (c.test !== undefined) label = testLabel(metric, c, unit);
  else if (c.delta !== undefined) label = deltaLabel(metric, c.delta, unit);
  else label = boundLabel(metric, c, plain);
  return c.everySegment ? `${label} in every segment` : label;
}
