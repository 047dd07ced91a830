import { describe, expect, it } from "vitest";
import { sketchCount, sketchFromValues } from "../stats/quantile-sketch.js";
import { emptyWindow, mergeMean, mergeWindows } from "./variant-window.js";

describe("mergeWindows", () => {
  it("keeps every sketch value, negative ones included, as if all were added to one sketch", () => {
    const a = emptyWindow();
    const b = emptyWindow();
    a.features.amount = { n: 3, sum: -3, sumSquares: 27, sketch: sketchFromValues([-5, 0, 2]) };
    b.features.amount = { n: 3, sum: -6, sumSquares: 62, sketch: sketchFromValues([-7, -1, 2]) };
    const merged = mergeWindows(a, b).features.amount!;
    expect(sketchCount(merged.sketch!)).toBe(6);
    expect(merged.sketch).toEqual(sketchFromValues([-5, 0, 2, -7, -1, 2]));
    // Either side empty.
    expect(mergeWindows(emptyWindow(), b).features.amount!.sketch).toEqual(b.features.amount.sketch);
    const onlyNegative = { ...emptyWindow(), features: { amount: { n: 1, sum: -1, sumSquares: 1, sketch: sketchFromValues([-1]) } } };
    expect(mergeWindows(onlyNegative, onlyNegative).features.amount!.sketch).toEqual(sketchFromValues([-1, -1]));
  });
});

describe("windows stored before m2", () => {
  it("merge with new windows: m2 from the old window's own sums, exact Chan merge after", () => {
    const old = { n: 3, sum: 6, sumSquares: 14 }; // values 1, 2, 3: m2 = 2
    const fresh = { n: 2, sum: 10, sumSquares: 50, m2: 0 }; // values 5, 5
    const merged = mergeMean(old, fresh);
    // All five values 1, 2, 3, 5, 5: mean 3.2, m2 = 12.8.
    expect(merged.m2).toBeCloseTo(12.8, 12);
    expect(merged).toMatchObject({ n: 5, sum: 16, sumSquares: 64 });
  });
});
