import { describe, expect, it } from "vitest";
import { sketchFromValues } from "../../core/stats/quantile-sketch.js";
import type { AggregateEvent } from "./events.js";
import { EventProblem, validateEvent } from "./validate-event.js";

const known = new Set(["checkout"]);
const latencies = [12, 30, 30, 45.5, 200];
const good = () => ({
  type: "aggregate",
  program: "checkout",
  version: 2,
  at: "2026-11-22T10:29:31Z",
  segments: { region: "eu" },
  window: {
    requests: 5,
    errors: 1,
    latency: { n: 5, sum: 317.5, sumSquares: latencies.reduce((s, x) => s + x * x, 0), sketch: sketchFromValues(latencies) },
    cost: { n: 2, sum: 0.5, sumSquares: 0.125 } as { n: number; sum: number; sumSquares: number; m2?: number },
    events: {
      purchase: { n: 2, sum: 40, sumSquares: 800, sketch: sketchFromValues([20, 20]) },
      click: { n: 3, sum: 3, sumSquares: 3, sketch: null },
    },
    features: { amount: { n: 2, sum: -3, sumSquares: 5, sketch: sketchFromValues([-1, -2]) } },
    exposures: 4,
  },
  units: { "u-1": { exposed: true, requests: 3, errors: 1, cost: 0.5, events: { purchase: [2, 40] } }, "u-2": { exposed: true } },
});

/** The problem validateEvent reports after `mutate` spoils a good aggregate. */
function problem(mutate: (e: ReturnType<typeof good> & Record<string, unknown>) => void): { path: string; message: string } | null {
  const e = good() as ReturnType<typeof good> & Record<string, unknown>;
  mutate(e);
  const r = validateEvent(JSON.parse(JSON.stringify(e)), known);
  return r instanceof EventProblem ? { path: r.path, message: r.message } : null;
}

describe("aggregate event validation", () => {
  it("accepts a well-formed aggregate and copies what it keeps", () => {
    const e = validateEvent(good(), known) as AggregateEvent;
    expect(e.type).toBe("aggregate");
    expect(e.at).toBe(Date.parse("2026-11-22T10:29:31Z"));
    expect(e.window.requests).toBe(5);
    expect(e.window.latency.sketch?.relativeAccuracy).toBe(0.01);
    expect(e.window.events.click!.sketch).toBeNull();
    expect(e.units).toEqual([
      ["u-1", { exposed: true, requests: 3, errors: 1, cost: 0.5, events: { purchase: [2, 40] } }],
      ["u-2", { exposed: true, requests: 0, errors: 0, cost: 0, events: {} }],
    ]);
  });

  it("accepts a partial window (missing parts are zero)", () => {
    expect(
      validateEvent({ type: "aggregate", program: "checkout", version: 1, at: 1_763_800_000_000, window: { requests: 3 } }, known),
    ).toMatchObject({ type: "aggregate", window: { requests: 3 } });
  });

  it.each([
    ["window", (e: Record<string, unknown>) => delete e.window, "window", /must be an object/],
    [
      "an unknown window field",
      (e: Record<string, unknown>) => ((e.window as Record<string, unknown>).confusion = { tp: 1 }),
      "window.confusion",
      /not a field/,
    ],
    ["an unknown event field", (e: Record<string, unknown>) => (e.unitId = "u-1"), "unitId", /not a field of an aggregate/],
    ["a fractional count", (e: ReturnType<typeof good>) => (e.window.requests = 2.5), "window.requests", /integer/],
    ["more errors than requests", (e: ReturnType<typeof good>) => (e.window.errors = 6), "window.errors", /at most requests/],
    ["more latencies than requests", (e: ReturnType<typeof good>) => (e.window.requests = 4), "window.latency.n", /at most requests/],
    [
      "a sketch of another accuracy",
      (e: ReturnType<typeof good>) => (e.window.latency.sketch.relativeAccuracy = 0.02),
      "window.latency.sketch.relativeAccuracy",
      /0\.01/,
    ],
    ["a sketch that disagrees with n", (e: ReturnType<typeof good>) => (e.window.latency.n = 4), "window.latency.sketch", /exactly n = 4/],
    [
      "a missing latency sketch",
      (e: ReturnType<typeof good>) => ((e.window.latency as { sketch: unknown }).sketch = null),
      "window.latency.sketch",
      /required/,
    ],
    [
      "a negative bin count",
      (e: ReturnType<typeof good>) => (e.window.latency.sketch.positive.counts[0] = -1),
      "window.latency.sketch.positive.counts.0",
      /integer/,
    ],
    [
      "a fractional offset",
      (e: ReturnType<typeof good>) => (e.window.latency.sketch.positive.offset = 1.5),
      "window.latency.sketch.positive.offset",
      /integer/,
    ],
    [
      "an offset out of the key range",
      (e: ReturnType<typeof good>) => (e.window.latency.sketch.positive.offset = 10_000_000),
      "window.latency.sketch.positive.offset",
      /keys must lie/,
    ],
    [
      "negative latencies",
      (e: ReturnType<typeof good>) => ((e.window.latency.sketch as { negative?: unknown }).negative = { offset: 1, counts: [1] }),
      "window.latency.sketch.negative",
      /never negative/,
    ],
    [
      "an event sketch holding more than n",
      (e: ReturnType<typeof good>) =>
        (e.window.events.purchase = { n: 1, sum: 20, sumSquares: 400, sketch: e.window.events.purchase.sketch }),
      "window.events.purchase.sketch",
      /at most n = 1/,
    ],
    [
      "an impossible sum of squares",
      (e: ReturnType<typeof good>) => (e.window.cost.sumSquares = 0.1),
      "window.cost.sumSquares",
      /too small/,
    ],
    [
      "an m2 above the sum of squares",
      (e: ReturnType<typeof good>) => (e.window.cost = { n: 2, sum: 0.5, sumSquares: 0.125, m2: 1 }),
      "window.cost.m2",
      /exceeds sumSquares/,
    ],
    [
      "a negative m2",
      (e: ReturnType<typeof good>) => (e.window.cost = { n: 2, sum: 0.5, sumSquares: 0.125, m2: -1 }),
      "window.cost.m2",
      /≥ 0/,
    ],
    [
      "sums without values",
      (e: ReturnType<typeof good>) => (e.window.cost = { n: 0, sum: 1, sumSquares: 1 }),
      "window.cost.n",
      /must be 0/,
    ],
    ["an infinite sum", (e: ReturnType<typeof good>) => (e.window.cost.sum = Number.POSITIVE_INFINITY), "window.cost.sum", /finite/],
    [
      "a bad event name",
      (e: ReturnType<typeof good>) => ((e.window.events as Record<string, unknown>).Purchase = { n: 1, sum: 1, sumSquares: 1 }),
      "window.events.Purchase",
      /event name/,
    ],
    [
      "a reserved event name",
      (e: ReturnType<typeof good>) =>
        Object.defineProperty(e.window.events, "constructor", { value: { n: 1, sum: 1, sumSquares: 1 }, enumerable: true }),
      "window.events.constructor",
      /event name/,
    ],
    [
      "a unit with more errors than requests",
      (e: ReturnType<typeof good>) => (e.units["u-1"].errors = 4),
      "units.u-1.errors",
      /at most requests/,
    ],
    [
      "a unit event that is not [count, sum]",
      (e: ReturnType<typeof good>) => ((e.units["u-1"].events as Record<string, unknown>).purchase = [1]),
      "units.u-1.events.purchase",
      /\[count/,
    ],
    [
      "an unknown unit field",
      (e: ReturnType<typeof good>) => ((e.units["u-2"] as Record<string, unknown>).revenue = 1),
      "units.u-2.revenue",
      /not a field/,
    ],
  ])("names the field for %s", (_what, mutate, path, message) => {
    const p = problem(mutate as (e: ReturnType<typeof good> & Record<string, unknown>) => void);
    expect(p, "must be rejected").not.toBeNull();
    expect(p!.path).toBe(path);
    expect(p!.message).toMatch(message);
  });

  it("bounds the units of one aggregate", () => {
    const p = problem((e) => {
      e.units = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`u${i}`, { requests: 1 }])) as unknown as ReturnType<
        typeof good
      >["units"];
    });
    expect(p).toMatchObject({ path: "units", message: expect.stringMatching(/at most 10000 units/) });
  });

  it("keeps a unit called __proto__ as data", () => {
    const raw = JSON.parse(
      '{"type":"aggregate","program":"checkout","version":1,"at":1763800000000,"window":{"requests":1},"units":{"__proto__":{"requests":1}}}',
    );
    expect((validateEvent(raw, known) as AggregateEvent).units).toEqual([
      ["__proto__", { exposed: false, requests: 1, errors: 0, cost: 0, events: {} }],
    ]);
  });
});
