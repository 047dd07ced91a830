/**
 * The walkthrough's claim (docs/walkthrough-condition-and-metric-kinds.md), run for real: a condition
 * kind, statistical or on point estimates, is a spec plus one entry in the registry. The two made-up
 * kinds below are written here and added to `CONDITION_KINDS` through the registry module itself;
 * labels, offline gates, live point gates and the statistics engine's families pick them up with no
 * other change. (In the product, files 1–2 of the walkthrough add the field to `PolicyCondition` and
 * its schema; here `Extended` stands in for them.)
 */
import { describe, expect, it, vi } from "vitest";
import { conditionLabel } from "../label.js";
import { evaluateLiveGate } from "../live-gate.js";
import type { LiveGateInput } from "../live-types.js";
import { evaluateOfflineGate } from "../offline-gate.js";
import { proportionReading } from "../testing/readings.js";
import type { ConditionResult, PolicyCondition } from "../types.js";
import type * as registry from "./index.js";
import type { ConditionKindSpec } from "./kind.js";

type Extended = PolicyCondition & { improves?: { by: number }; multiple?: { max: number } };

const madeUp = vi.hoisted(() => {
  /** Statistical: the challenger significantly better than the champion by at least `by` (relative). */
  const improves: ConditionKindSpec = {
    name: "improves",
    is: (c) => (c as Extended).improves !== undefined,
    label: (metric, c) => `${metric} improves by ≥ ${((c as Extended).improves?.by ?? 0) * 100} % (significant)`,
    notOffline: "improves needs live data",
    defaultKind: () => "success",
    hypothesis: (c) => ({ test: { type: "superiority", minEffect: (c as Extended).improves?.by ?? 0 }, difference: "relative" }),
  };
  /** Point estimates: the challenger's value at most `max` × the champion's. */
  const multiple: ConditionKindSpec = {
    name: "multiple",
    is: (c) => (c as Extended).multiple !== undefined,
    label: (metric, c) => `${metric} ≤ ${(c as Extended).multiple?.max ?? Number.NaN} × champion`,
    offline: ({ c, base, value, championValue }) => {
      if (championValue === undefined) return { ...base, value, verdict: "no_data", reason: "no champion value" };
      const passed = value <= ((c as Extended).multiple?.max ?? Number.NaN) * championValue;
      return { ...base, value, championValue, verdict: passed ? "pass" : "fail", reason: `${value} vs ${championValue}` };
    },
    live: ({ c, known, champion, noData }) => {
      if (!champion.ok || champion.value === null) return noData("no champion value");
      const passed = known.value <= ((c as Extended).multiple?.max ?? Number.NaN) * champion.value;
      return { ...known, verdict: passed ? "pass" : "fail", reason: `${known.value} vs ${champion.value}` };
    },
  };
  return { improves, multiple };
});

vi.mock("./index.js", async (importOriginal) => {
  const real = await importOriginal<typeof registry>();
  const kinds: readonly ConditionKindSpec[] = [madeUp.improves, madeUp.multiple, ...real.CONDITION_KINDS];
  return {
    CONDITION_KINDS: kinds,
    kindOf: (c: PolicyCondition) => real.kindOf(c, kinds),
    conditionKind: (c: PolicyCondition) => real.conditionKind(c, kinds),
  };
});

const metrics: LiveGateInput["metrics"] = { conversion: { kind: "proportion", direction: "higher" } };

/** A challenger converting 12 % against the champion's 10 %, on 8,000 units each. */
function input(extra: Partial<LiveGateInput> = {}): LiveGateInput {
  return {
    champion: 1,
    challengers: [2],
    metrics,
    readings: { all: { 1: { conversion: proportionReading(8000, 800) }, 2: { conversion: proportionReading(8000, 960) } } },
    exposures: { 1: 8000, 2: 8000 },
    weights: { 1: 1, 2: 1 },
    sequential: false,
    ...extra,
  };
}

const first = (conditions: PolicyCondition[]): ConditionResult | undefined => evaluateLiveGate(conditions, input()).byChallenger[2]?.[0];

describe("a made-up statistical kind, registered like the built-in ones", () => {
  const improves: Extended = { metric: "conversion", improves: { by: 0.05 } };
  const sameAsTest: PolicyCondition = { metric: "conversion", test: "superiority", minEffect: 0.05, relative: true };

  it("is labelled by its own spec", () => {
    expect(conditionLabel(improves)).toBe("conversion improves by ≥ 5 % (significant)");
  });

  it("is judged by the statistics engine with its own hypothesis: the same numbers as the test it restates", () => {
    const mine = first([improves]);
    const reference = first([sameAsTest]);
    expect(mine?.verdict).toBe("pass");
    expect(mine?.kind).toBe("success");
    expect(mine?.scale).toBe("relative");
    expect(mine?.threshold).toBe(reference?.threshold);
    for (const field of ["estimate", "pValue", "adjustedPValue"] as const) expect(mine?.[field]).toBe(reference?.[field]);
    expect(mine?.ci).toEqual(reference?.ci);
  });

  it("joins the family of statistical conditions: one multiple-comparison correction over both", () => {
    const alone = first([improves]);
    // A weaker claim beside it (a larger p-value): Holm doubles the smaller one.
    const weaker: PolicyCondition = { metric: "conversion", test: "superiority", minEffect: 0.15, relative: true };
    const [mine, other] = evaluateLiveGate([improves, weaker], input()).byChallenger[2] ?? [];
    expect(other?.pValue).toBeGreaterThan(mine?.pValue ?? 1);
    expect(mine?.pValue).toBe(alone?.pValue);
    expect(mine?.adjustedPValue).toBeCloseTo(2 * (alone?.pValue ?? Number.NaN), 12);
  });

  it("is refused on a drift metric and reported, like every kind, offline as not judged there", () => {
    const drift = evaluateLiveGate(
      [{ ...improves, metric: "shift" }],
      input({ metrics: { shift: { kind: "drift", direction: "lower" } } }),
    );
    expect(drift.byChallenger[2]?.[0]).toMatchObject({
      verdict: "no_data",
      reason: "a drift metric takes only max (the largest acceptable PSI)",
    });
    expect(evaluateOfflineGate("preproduction", [improves], { metrics: { conversion: 0.12 } })[0]).toMatchObject({
      verdict: "no_data",
      reason: "improves needs live data",
    });
  });
});

describe("a made-up point kind, registered like the built-in ones", () => {
  const multiple: Extended = { metric: "conversion", multiple: { max: 1.1 } };

  it("is judged on point estimates live and offline by its own spec", () => {
    expect(first([multiple])).toMatchObject({
      verdict: "fail",
      kind: "guardrail",
      value: 0.12,
      championValue: 0.1,
      label: "conversion ≤ 1.1 × champion",
    });
    expect(first([{ ...multiple, multiple: { max: 1.3 } } as Extended])?.verdict).toBe("pass");
    const offline = evaluateOfflineGate("preproduction", [multiple], { metrics: { conversion: 0.105 } }, { metrics: { conversion: 0.1 } });
    expect(offline[0]).toMatchObject({ verdict: "pass", value: 0.105, championValue: 0.1 });
  });
});
