import { describe, expect, it } from "vitest";
import { analyse } from "./analyse.js";
import type { MetricDefinition } from "./metric-definition.js";
import { rateConfidenceSequence } from "./separate-bounds.js";
import { binomialDraw, mulberry32 } from "./random.js";

const errorRate = (sequential: boolean, margin = 0.05): MetricDefinition => ({
  id: "e",
  kind: "proportion",
  direction: "lower",
  test: { type: "non_inferiority", margin },
  difference: "absolute",
  sequential: sequential ? { tuning: 5000 } : false,
  minSamples: 20,
  alpha: 0.05,
});

function compare(metric: MetricDefinition, champion: [number, number], challenger: [number, number]) {
  return analyse({
    champion: "1",
    variants: [
      { id: "1", metrics: { e: { n: champion[0], successes: champion[1] } } },
      { id: "2", metrics: { e: { n: challenger[0], successes: challenger[1] } } },
    ],
    metrics: [metric],
  }).comparisons[0]!;
}

describe("rare events with the champion as the smaller arm (per-arm confidence sequences)", () => {
  it("a burn-in's frozen 265-unit baseline against a promoted version with 20,000 units decides (it held for ever before)", () => {
    // The crash-safety e2e's stuck burn-in: the champion's 13 errors in 265 expect < 10 events, and the
    // plug-in of its rate was refused because it is the smaller arm, so the verdict stayed insufficient_data.
    for (const sequential of [false, true]) {
      const c = compare(errorRate(sequential), [265, 13], [20_000, 400]);
      expect(c.verdict, JSON.stringify(c)).toBe("pass");
    }
  });

  it("a promoted version clearly worse than its small baseline still fails", () => {
    const c = compare(errorRate(true), [265, 13], [20_000, 7_000]);
    expect(c.verdict).toBe("fail");
  });

  it("the confidence sequence holds the observed rate and widens with a stricter γ", () => {
    for (const [x, n] of [
      [0, 50],
      [13, 265],
      [49, 50],
      [1, 2],
    ] as const) {
      const [lo, hi] = rateConfidenceSequence(x, n, 0.005);
      expect(lo).toBeLessThanOrEqual(x / n);
      expect(hi).toBeGreaterThanOrEqual(x / n);
      const [lo2, hi2] = rateConfidenceSequence(x, n, 0.0005);
      expect(lo2).toBeLessThanOrEqual(lo);
      expect(hi2).toBeGreaterThanOrEqual(hi);
    }
  });

  it("stays valid at the null boundary: challenger worse by exactly the margin is rarely called non-inferior", () => {
    // H₀ boundary: p_b = p_a + θ with a small champion arm; every look of a stream, 1,000 streams.
    const random = mulberry32(20261202);
    const pa = 0.02;
    const theta = 0.01;
    const streams = 1_000;
    let falsePasses = 0;
    for (let s = 0; s < streams; s++) {
      const na = 150 + Math.floor(random() * 150);
      const xa = binomialDraw(random, na, pa);
      let nb = 0;
      let xb = 0;
      for (let look = 0; look < 20; look++) {
        nb += 250;
        xb += binomialDraw(random, 250, pa + theta);
        if (compare(errorRate(true, theta), [na, xa], [nb, xb]).verdict === "pass") {
          falsePasses++;
          break;
        }
      }
    }
    if (process.env.ARENA_PRINT_RATES) console.log({ falsePasses });
    // α = 0.05 over every look; allow three standard errors of Monte Carlo noise.
    expect(falsePasses / streams).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / streams));
  }, 60_000);
});

describe("the bound is not a test that never passes", () => {
  it("a challenger truly at the champion's rate is called non-inferior in most streams once it has data", () => {
    const random = mulberry32(7);
    let passes = 0;
    const streams = 200;
    for (let s = 0; s < streams; s++) {
      const xa = binomialDraw(random, 300, 0.02);
      const xb = binomialDraw(random, 20_000, 0.02);
      if (compare(errorRate(true), [300, xa], [20_000, xb]).verdict === "pass") passes++;
    }
    expect(passes / streams).toBeGreaterThan(0.8);
  }, 60_000);
});
