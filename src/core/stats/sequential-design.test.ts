/** The design-tuned two-point always-valid test (sequential-design.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareMetric } from "./analyse.js";
import { normalQuantile } from "./distributions.js";
import { mulberry32, normalDraw } from "./random.js";
import { designMultiplier, designPValue, designZ, twoPointLogLikelihoodRatio } from "./sequential-design.js";

describe("design boundary: values computed independently (scipy)", () => {
  it("two-point part alone: arccosh(exp(d²/2)/α)/d at N*, N*/4 and 3 N* for α = 0.05", () => {
    expect(designZ(0.05)).toBeCloseTo(1.959964 + 0.841621, 5);
    // ln Λ_two-point = ln(1/α) exactly on scipy's boundary.
    for (const [n, c] of [
      [1000, 2.717504],
      [250, 3.333757],
      [3000, 3.186448],
    ] as const)
      expect(twoPointLogLikelihoodRatio(c, n, 1000, 0.05)).toBeCloseTo(Math.log(20), 4);
  });

  it("with the mixture safety net: brentq on 0.9·Λ_two-point + 0.1·Λ_mixture(N* × 4, α/10) = 1/α", () => {
    expect(designMultiplier(100, 1000, 0.05)).toBeCloseTo(4.652894, 5);
    expect(designMultiplier(250, 1000, 0.05)).toBeCloseTo(3.37398, 5);
    expect(designMultiplier(1000, 1000, 0.05)).toBeCloseTo(2.739498, 5);
    expect(designMultiplier(3000, 1000, 0.05)).toBeCloseTo(3.175264, 5);
    // Far past N* the mixture part decides: the two-point test alone would need z ≈ 7.27 here.
    expect(designMultiplier(25000, 1000, 0.05)).toBeCloseTo(3.897956, 5);
    expect(designPValue(2.5, 1000, 1000, 0.05)).toBeCloseTo(0.096935, 5);
  });

  it("p = α exactly on the boundary, 1 at z = 0, and never NaN far from N*", () => {
    for (const n of [1, 10, 1000, 1e6, 1e9]) {
      const c = designMultiplier(n, 1000, 0.05);
      expect(Number.isFinite(c)).toBe(true);
      expect(designPValue(c, n, 1000, 0.05)).toBeCloseTo(0.05, 8);
      expect(designPValue(0, n, 1000, 0.05)).toBe(1);
    }
    expect(designMultiplier(0, 1000, 0.05)).toBe(Infinity);
  });

  it("is never narrower than the fixed-horizon interval and p falls with |z|", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (alpha, ratio, z) => {
          expect(designMultiplier(ratio * 1000, 1000, alpha)).toBeGreaterThanOrEqual(normalQuantile(1 - alpha / 2));
          const p = designPValue(z, ratio * 1000, 1000, alpha);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(designPValue(z + 0.5, ratio * 1000, 1000, alpha)).toBeLessThanOrEqual(p);
        },
      ),
      { numRuns: 300, seed: 17 },
    );
  });
});

describe("design boundary under continuous monitoring (Gaussian increments, 50 looks per N*, up to 3 N*)", () => {
  const run = (drift: number, seed: number, looks = 150, paths = 3000): { rate: number; median: number } => {
    const r = mulberry32(seed);
    const stops: number[] = [];
    for (let i = 0; i < paths; i++) {
      let w = 0;
      let stop = Infinity;
      for (let k = 1; k <= looks; k++) {
        w += drift / 50 + normalDraw(r) / Math.sqrt(50);
        const z = w / Math.sqrt(k / 50);
        if (designPValue(z, k, 50, 0.05) < 0.05) {
          stop = k / 50;
          break;
        }
      }
      stops.push(stop);
    }
    stops.sort((a, b) => a - b);
    return { rate: stops.filter(Number.isFinite).length / paths, median: stops[paths / 2] ?? Infinity };
  };

  it("A/A: rejects in at most α of the paths (Ville), whatever the looks", () => {
    // 3,000 paths: SE 0.004 at 0.05; measured ≈ 0.037.
    expect(run(0, 11).rate).toBeLessThan(0.05);
  });

  it("at the design effect (mean z 2.80 at N*) the median stop is before N*", () => {
    const ab = run(designZ(0.05), 12);
    expect(ab.median).toBeLessThan(1);
    expect(ab.rate).toBeGreaterThan(0.95);
  });

  it("decides an effect below half the design effect as information grows (the mixture part; two-point alone never would)", () => {
    // 0.4 × the design effect: mean z 5.6 at 25 N*, where the boundary is 3.9 (two-point alone: 7.3).
    const small = run(0.4 * designZ(0.05), 13, 1250, 300);
    expect(small.rate).toBeGreaterThan(0.8);
  });
});

describe("analyse with boundary: design", () => {
  it("reports an always-valid interval and a verdict at the design boundary", () => {
    const metric = {
      id: "m",
      kind: "mean" as const,
      direction: "higher" as const,
      sequential: { tuning: 2000, boundary: "design" as const },
    };
    const champion = { n: 1000, sum: 0, sumSquares: 1000 };
    const strong = compareMetric(metric, champion, { n: 1000, sum: 1000 * 0.15, sumSquares: 999 + 1000 * 0.15 ** 2 });
    expect(strong.verdict).toBe("pass");
    expect(strong.verdict !== "insufficient_data" && strong.sequential).toBe(true);
    const weak = compareMetric(metric, champion, { n: 1000, sum: 1000 * 0.1, sumSquares: 999 + 1000 * 0.1 ** 2 });
    // z ≈ 2.24 < 2.72: significant at a fixed horizon, not under continuous monitoring.
    expect(weak.verdict).toBe("inconclusive");
  });
});
