import { DDSketch } from "@datadog/sketches-js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toSketchData } from "../core/stats/quantile-sketch.js";
import { MAX_BINS, QuantileSketch, sketchKey, sketchValue } from "./sketch.js";

// Only this test may import @datadog/sketches-js from src/sdk: the SDK itself has no dependencies.
const reference = new DDSketch({ relativeAccuracy: 0.01 });

describe("the SDK's sketch is bin for bin a DDSketch (LogarithmicMapping, 1 %)", () => {
  it("has the same gamma, key(value) and value(key)", () => {
    const m = reference.mapping;
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (v) => {
        expect(sketchKey(v)).toBe(m.key(v));
      }),
      { numRuns: 20_000 },
    );
    for (const v of [1e-9, 0.001, 0.5, 1, 1.0202, 2, 99.9, 100, 123.4, 1e6, 1e12]) expect(sketchKey(v)).toBe(m.key(v));
    for (let k = -3000; k <= 3000; k += 7) expect(sketchValue(k)).toBe(m.value(k));
  });

  it("exports the same data and quantiles as DDSketch for the same values", () => {
    // Magnitudes 1e-3…1e6 span ~1,000 keys: within MAX_BINS, where no folding happens (DDSketch's dense store never folds).
    const magnitude = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
    const value = fc.oneof(
      magnitude,
      magnitude.map((x) => -x),
      fc.constant(0),
      fc.integer({ min: 0, max: 5000 }).map((x) => x / 10),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        const ours = new QuantileSketch();
        const theirs = new DDSketch({ relativeAccuracy: 0.01 });
        for (const v of values) {
          ours.accept(v);
          theirs.accept(v);
        }
        expect(ours.export()).toEqual(toSketchData(theirs));
        for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
          const expected = theirs.getValueAtQuantile(q);
          if (Number.isNaN(expected)) expect(ours.quantile(q)).toBeNaN();
          else expect(ours.quantile(q)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps at most MAX_BINS keys, folding the lowest into the lowest kept bin", () => {
    const s = new QuantileSketch();
    const low = sketchValue(-5000);
    s.accept(low);
    s.accept(sketchValue(0));
    s.accept(sketchValue(MAX_BINS * 2)); // pushes the range up: the two lower values fold
    let data = s.export();
    expect(data.positive.counts.length).toBe(MAX_BINS);
    expect(data.positive.offset).toBe(MAX_BINS * 2 - MAX_BINS + 1);
    expect(data.positive.counts[0]).toBe(2);
    s.accept(low); // far below the kept range: counted in the lowest bin
    data = s.export();
    expect(data.positive.counts.length).toBe(MAX_BINS);
    expect(data.positive.counts[0]).toBe(3);
    expect(s.count).toBe(4);
  });

  it("grows both ways without losing counts", () => {
    const s = new QuantileSketch();
    const theirs = new DDSketch({ relativeAccuracy: 0.01 });
    for (const k of [0, 100, -100, 500, -900, 1200, 3, -2000]) {
      s.accept(sketchValue(k));
      theirs.accept(sketchValue(k));
    }
    expect(s.export()).toEqual(toSketchData(theirs));
  });
});
