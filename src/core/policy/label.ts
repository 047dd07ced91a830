/** Human labels for conditions, as they appear in reports and decision records. */
import type { PolicyCondition } from "./types.js";

const plain = (x: number): string => String(x);
const signed = (x: number, relative: boolean): string => {
  const body = relative ? `${plain(Number((x * 100).toPrecision(12)))} %` : plain(x);
  return x >= 0 ? `+${body}` : body;
};

function boundLabel(metric: string, c: PolicyCondition): string {
  const lower = c.gt !== undefined ? `${plain(c.gt)} <` : c.min !== undefined ? `${plain(c.min)} ≤` : null;
  const upper = c.lt !== undefined ? `< ${plain(c.lt)}` : c.max !== undefined ? `≤ ${plain(c.max)}` : null;
  if (lower && upper) return `${lower} ${metric} ${upper}`;
  if (lower) return c.gt !== undefined ? `${metric} > ${plain(c.gt)}` : `${metric} ≥ ${plain(c.min ?? Number.NaN)}`;
  return `${metric} ${upper ?? `≤ ${plain(Number.NaN)}`}`;
}

function deltaLabel(metric: string, delta: NonNullable<PolicyCondition["delta"]>): string {
  const relative = delta.relative === true;
  const parts: string[] = [];
  if (delta.min !== undefined) parts.push(`${metric} ≥ champion ${signed(delta.min, relative)}`);
  if (delta.max !== undefined) parts.push(`${metric} ≤ champion ${signed(delta.max, relative)}`);
  return parts.join(" and ");
}

function testLabel(metric: string, c: PolicyCondition): string {
  const by = (x: number): string => (c.relative ? `${plain(Number((x * 100).toPrecision(12)))} %` : plain(x));
  const alpha = c.alpha !== undefined ? ` (α ${plain(c.alpha)})` : "";
  if (c.test === "non_inferiority") return `${metric} not worse than champion by > ${by(c.margin ?? 0)}${alpha}`;
  const minEffect = c.minEffect ?? 0;
  if (minEffect > 0) return `${metric} better than champion by ≥ ${by(minEffect)} (significant)${alpha}`;
  return `${metric} significantly better than champion${alpha}`;
}

/**
 * @example conditionLabel({ metric: "f1", min: 0.2 }) // "f1 ≥ 0.2"
 * @example conditionLabel({ metric: "fpr", test: "non_inferiority", margin: 0.01, everySegment: true })
 *          // "fpr not worse than champion by > 0.01 in every segment"
 */
export function conditionLabel(c: PolicyCondition): string {
  if (c.check !== undefined) return `check ${c.check} passed`;
  const metric = c.metric ?? "?";
  let label: string;
  if (c.test !== undefined) label = testLabel(metric, c);
  else if (c.delta !== undefined) label = deltaLabel(metric, c.delta);
  else label = boundLabel(metric, c);
  return c.everySegment ? `${label} in every segment` : label;
}
