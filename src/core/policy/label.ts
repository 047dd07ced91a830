/**
 * Human labels for conditions, as they appear in reports and decision records (each kind labels
 * itself: ./kinds/). A metric in percent reads as everywhere else (format.ts): bounds "1.0 %",
 * absolute differences "1.0 pts".
 */
import { kindOf } from "./kinds/index.js";
import type { PolicyCondition } from "./types.js";

/**
 * @example conditionLabel({ metric: "f1", min: 0.2 }) // "f1 ≥ 0.2"
 * @example conditionLabel({ metric: "fpr", test: "non_inferiority", margin: 0.01, everySegment: true })
 *          // "fpr not worse than champion by > 0.01 in every segment"
 * @example conditionLabel({ metric: "error_rate", max: 0.012 }, "%") // "error_rate ≤ 1.2 %"
 */
export function conditionLabel(c: PolicyCondition, unit?: string): string {
  if (c.check !== undefined) return `check ${c.check} passed`;
  const metric = c.metric ?? "?";
  const kind = kindOf(c);
  // A condition without a requirement still reads as a bound ("m ≤ NaN"): the schema refuses it before it gets here.
  const label = kind ? kind.label(metric, c, unit) : `${metric} ≤ NaN`;
  return c.everySegment ? `${label} in every segment` : label;
}
