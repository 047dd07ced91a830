import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sketchFromValues } from "../stats/quantile-sketch.js";
import { sampleVariance } from "../stats/sufficient-stats.js";
import { WindowBuilder } from "./window-builder.js";

// Hundredths keep sketches small (a value like 1e-300 would make every dense store 30,000 bins wide).
const value = fc.integer({ min: -1e8, max: 1e8 }).map((x) => x / 100);
const request = fc.record({
  success: fc.boolean(),
  latencyMs: fc.option(
    fc.integer({ min: 0, max: 1e7 }).map((x) => x / 100),
    { nil: undefined },
  ),
  cost: fc.option(value, { nil: undefined }),
});
const event = fc.record({ name: fc.constantFrom("purchase", "click"), value: fc.option(value, { nil: undefined }) });

describe("WindowBuilder.merge", () => {
  it("merging the windows of two halves equals adding every event to one builder", () => {
    fc.assert(
      fc.property(
        fc.array(request, { maxLength: 40 }),
        fc.array(event, { maxLength: 40 }),
        fc.array(value, { maxLength: 20 }),
        fc.nat({ max: 40 }),
        (requests, events, features, cut) => {
          const all = new WindowBuilder();
          const halves = [new WindowBuilder(), new WindowBuilder()];
          requests.forEach((r, i) => {
            all.request(r.success, r.latencyMs, r.cost);
            halves[i < cut ? 0 : 1]!.request(r.success, r.latencyMs, r.cost);
          });
          events.forEach((e, i) => {
            all.event(e.name, e.value);
            halves[i < cut ? 0 : 1]!.event(e.name, e.value);
          });
          features.forEach((v, i) => {
            all.feature("amount", v);
            halves[i < cut ? 0 : 1]!.feature("amount", v);
          });
          all.exposures = 3;
          halves[0]!.exposures = 1;
          halves[1]!.exposures = 2;
          const merged = new WindowBuilder();
          for (const h of halves) merged.merge(h.build());
          const a = all.build();
          const b = merged.build();
          // Sums may differ in the last bits (a different order of additions); counts and bins are exact.
          expect(b.requests).toBe(a.requests);
          expect(b.errors).toBe(a.errors);
          expect(b.exposures).toBe(a.exposures);
          expect(b.latency.sketch).toEqual(a.latency.sketch);
          expect(b.latency.n).toBe(a.latency.n);
          expect(b.latency.sum).toBeCloseTo(a.latency.sum, 3);
          expect(b.cost.n).toBe(a.cost.n);
          expect(Object.keys(b.events).sort()).toEqual(Object.keys(a.events).sort());
          for (const k of Object.keys(a.events)) {
            expect(b.events[k]!.n).toBe(a.events[k]!.n);
            expect(b.events[k]!.sketch).toEqual(a.events[k]!.sketch);
          }
          expect(b.features.amount?.sketch ?? null).toEqual(a.features.amount?.sketch ?? null);
        },
      ),
    );
  });

  it("refuses a sketch of another accuracy", () => {
    const b = new WindowBuilder();
    const w = new WindowBuilder().build();
    w.latency = { n: 1, sum: 5, sumSquares: 25, sketch: sketchFromValues([5], 0.02) };
    expect(() => b.merge(w)).toThrow(/accuracy/);
  });

  it("ignores an empty sketch", () => {
    const b = new WindowBuilder();
    const w = new WindowBuilder().build();
    w.events.click = { n: 2, sum: 2, sumSquares: 2, sketch: { relativeAccuracy: 0.01, zeroCount: 0, positive: { offset: 0, counts: [] } } };
    b.merge(w);
    expect(b.build().events.click).toEqual({ n: 2, sum: 2, sumSquares: 2, m2: 0, sketch: null });
  });
});

describe("WindowBuilder: variance without cancellation", () => {
  it("keeps the standard error of values around 1e8 with sd 1 (Welford + Chan, not Σx² − (Σx)²/n)", () => {
    const halves = [new WindowBuilder(), new WindowBuilder()];
    const all = new WindowBuilder();
    for (let i = 0; i < 2000; i++) {
      const x = 1e8 + (i % 2 === 0 ? 1 : -1);
      all.request(true, undefined, x);
      halves[i % 3 === 0 ? 0 : 1]!.request(true, undefined, x);
    }
    const merged = new WindowBuilder();
    merged.merge(halves[0]!.build());
    merged.merge(halves[1]!.build());
    for (const w of [all.build(), merged.build()]) {
      const variance = sampleVariance(w.cost);
      expect(variance).toBeCloseTo(2000 / 1999, 6);
      // The sums alone have lost it: what the store kept before m2.
      expect(Math.abs(sampleVariance({ n: w.cost.n, sum: w.cost.sum, sumSquares: w.cost.sumSquares }) - 2000 / 1999)).toBeGreaterThan(0.01);
    }
  });
});
