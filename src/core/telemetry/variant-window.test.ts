import { describe, expect, it } from "vitest";
import { sketchCount, sketchFromValues } from "../stats/quantile-sketch.js";
import { emptyWindow, mergeWindows } from "./variant-window.js";

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
