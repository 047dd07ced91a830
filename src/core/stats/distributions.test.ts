import tDist from "@stdlib/stats-base-dists-t";
import { describe, expect, it } from "vitest";
import { tQuantile, twoSidedP } from "./distributions.js";

describe("distributions", () => {
  it("the large-df t quantile series matches stdlib's incomplete-beta inversion", () => {
    for (const df of [1000, 1500, 5841.74, 1e5, 1e8]) {
      for (const p of [0.005, 0.025, 0.5, 0.9, 0.975, 0.995, 0.9995]) {
        expect(Math.abs(tQuantile(p, df) - tDist.quantile(p, df))).toBeLessThan(1e-12);
      }
    }
    expect(tQuantile(0.975, 10)).toBe(tDist.quantile(0.975, 10));
  });

  it("two-sided p-values are symmetric and capped at 1", () => {
    expect(twoSidedP(1.3, 50)).toBeCloseTo(twoSidedP(-1.3, 50), 15);
    expect(twoSidedP(0, Infinity)).toBe(1);
  });
});
