/** A statistical test against the champion (`test: superiority | non_inferiority`): live only, judged by the statistics engine. */
import { formatDifference, isPercentUnit } from "../format.js";
import { raw, relativeText, type ConditionKindSpec } from "./kind.js";

export const test: ConditionKindSpec = {
  name: "test",
  is: (c) => c.test !== undefined,
  label(metric, c, unit) {
    const by = (x: number): string =>
      c.relative ? relativeText(x) : isPercentUnit(unit) ? formatDifference(x, unit).replace(/^\+/, "") : raw(x);
    const alpha = c.alpha !== undefined ? ` (α ${raw(c.alpha)})` : "";
    if (c.test === "non_inferiority") return `${metric} not worse than champion by > ${by(c.margin ?? 0)}${alpha}`;
    const minEffect = c.minEffect ?? 0;
    if (minEffect > 0) return `${metric} better than champion by ≥ ${by(minEffect)} (significant)${alpha}`;
    return `${metric} significantly better than champion${alpha}`;
  },
  notOffline: "a statistical test needs live data: it belongs in gates.live",
  // Proving a superiority is what promotes; a non-inferiority test guards.
  defaultKind: (c) => (c.test === "superiority" ? "success" : "guardrail"),
  hypothesis: (c) => ({
    test:
      c.test === "non_inferiority"
        ? { type: "non_inferiority", margin: c.margin ?? 0 }
        : { type: "superiority", minEffect: c.minEffect ?? 0 },
    difference: c.relative ? "relative" : "absolute",
  }),
};
