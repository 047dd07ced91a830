/** Property-based checks (fast-check) of invariants every statistic must keep. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareMetric } from "./analyse.js";
import { classifierMetric, type ClassifierMetric } from "./classifier.js";
import { normalQuantile } from "./distributions.js";
import { mannWhitney } from "./mann-whitney.js";
import type { MetricDefinition } from "./metric-definition.js";
import { benjaminiHochberg, holmBonferroni } from "./multiple-comparisons.js";
import { populationStabilityIndex } from "./psi.js";
import {
  mergeSketchData,
  sketchCount,
  sketchFromValues,
  sketchQuantile,
  sketchQuantileInterpolated,
  toDDSketch,
} from "./quantile-sketch.js";
import { ratioArm } from "./ratio.js";
import { sequentialMultiplier, sequentialRho } from "./sequential.js";
import { srmCheck } from "./srm.js";
import { thompsonAllocation } from "./thompson.js";
import { binomialDraw, gammaDraw, mulberry32 } from "./random.js";
import { proportionTTest, welchTTest } from "./welch.js";
import type { MeanStats, ProportionStats, RatioStats } from "./sufficient-stats.js";

const RUNS = { numRuns: 200 };

/** Mean statistics built from a real sample, so Σx² ≥ (Σx)²/n holds. */
const meanStats = fc
  .array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 0, maxLength: 40 })
  .map((xs): MeanStats => ({ n: xs.length, sum: xs.reduce((s, x) => s + x, 0), sumSquares: xs.reduce((s, x) => s + x * x, 0) }));

const proportionStats = fc
  .integer({ min: 0, max: 5000 })
  .chain((n) => fc.integer({ min: 0, max: n }).map((successes): ProportionStats => ({ n, successes })));

const ratioStats = fc
  .array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true })), {
    minLength: 0,
    maxLength: 30,
  })
  .map((units): RatioStats => {
    const s = { n: 0, numeratorSum: 0, numeratorSumSquares: 0, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 };
    for (const [x, y] of units) {
      s.n++;
      s.numeratorSum += x;
      s.numeratorSumSquares += x * x;
      s.denominatorSum += y;
      s.denominatorSumSquares += y * y;
      s.crossSum += x * y;
    }
    return s;
  });

const alpha = fc.constantFrom(0.01, 0.05, 0.1);
const sequential = fc.option(fc.record({ tuning: fc.integer({ min: 100, max: 1e6 }) }), { nil: undefined });

function okOrInsufficient(result: { status: string }): void {
  expect(["ok", "insufficient_data"]).toContain(result.status);
}

describe("symmetry: swapping the arms flips the sign", () => {
  it("Welch t on means", () => {
    fc.assert(
      fc.property(meanStats, meanStats, alpha, sequential, (a, b, al, seq) => {
        const ab = welchTTest(a, b, "absolute", { alpha: al, sequential: seq });
        const ba = welchTTest(b, a, "absolute", { alpha: al, sequential: seq });
        expect(ab.status).toBe(ba.status);
        if (ab.status !== "ok" || ba.status !== "ok") return;
        expect(ab.estimate).toBeCloseTo(-ba.estimate, 9);
        expect(ab.ci[0]).toBeCloseTo(-ba.ci[1], 6);
        expect(ab.pValue).toBeCloseTo(ba.pValue, 9);
      }),
      RUNS,
    );
  });

  it("proportions", () => {
    fc.assert(
      fc.property(proportionStats, proportionStats, alpha, (a, b, al) => {
        const ab = proportionTTest(a, b, "absolute", { alpha: al });
        const ba = proportionTTest(b, a, "absolute", { alpha: al });
        expect(ab.status).toBe(ba.status);
        if (ab.status !== "ok" || ba.status !== "ok") return;
        expect(ab.estimate).toBeCloseTo(-ba.estimate, 12);
        expect(ab.pValue).toBeCloseTo(ba.pValue, 9);
      }),
      RUNS,
    );
  });

  it("ratio metrics and Mann–Whitney", () => {
    const ratio: MetricDefinition = { id: "r", kind: "ratio", direction: "lower" };
    fc.assert(
      fc.property(ratioStats, ratioStats, (a, b) => {
        const ab = compareMetric(ratio, a, b);
        const ba = compareMetric(ratio, b, a);
        expect(ab.verdict === "insufficient_data").toBe(ba.verdict === "insufficient_data");
        if (ab.verdict === "insufficient_data" || ba.verdict === "insufficient_data") return;
        expect(ab.estimate).toBeCloseTo(-ba.estimate, 9);
      }),
      RUNS,
    );
    const sample = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const xy = mannWhitney(x, y);
        const yx = mannWhitney(y, x);
        if (xy.status !== "ok" || yx.status !== "ok") return;
        expect(xy.uChampion).toBeCloseTo(yx.uChallenger, 9);
        expect(xy.pValue).toBeCloseTo(yx.pValue, 9);
        expect(xy.shift).toBeCloseTo(-yx.shift, 9);
      }),
      RUNS,
    );
  });
});

describe("intervals contain the estimate, p-values lie in [0, 1], nothing is NaN", () => {
  it("every kind through compareMetric", () => {
    const cases = fc.oneof(
      fc.tuple(fc.constant<MetricDefinition>({ id: "m", kind: "mean", direction: "higher" }), meanStats, meanStats),
      fc.tuple(
        fc.constant<MetricDefinition>({ id: "p", kind: "proportion", direction: "lower", difference: "relative" }),
        proportionStats,
        proportionStats,
      ),
      fc.tuple(
        fc.constant<MetricDefinition>({ id: "r", kind: "ratio", direction: "higher", difference: "relative" }),
        ratioStats,
        ratioStats,
      ),
    );
    fc.assert(
      fc.property(cases, alpha, sequential, fc.double({ min: 0, max: 0.5, noNaN: true }), ([metric, a, b], al, seq, margin) => {
        const c = compareMetric({ ...metric, alpha: al, sequential: seq ?? false, test: { type: "non_inferiority", margin } }, a, b);
        if (c.verdict === "insufficient_data") {
          expect(c.reason).not.toBe("");
          return;
        }
        expect(c.ci).not.toBeNull();
        const [lo, hi] = c.ci ?? [NaN, NaN];
        expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
        expect(lo).toBeLessThanOrEqual(c.estimate);
        expect(hi).toBeGreaterThanOrEqual(c.estimate);
        expect(c.pValue).toBeGreaterThanOrEqual(0);
        expect(c.pValue).toBeLessThanOrEqual(1);
        expect(c.adjustedPValue).toBeGreaterThanOrEqual(c.pValue);
      }),
      RUNS,
    );
  });

  it("classifier metrics: Wilson intervals contain the rate and stay in [0, 1]", () => {
    const counts = fc.record({ tp: fc.nat(500), fp: fc.nat(500), tn: fc.nat(500), fn: fc.nat(500) });
    const metric = fc.constantFrom<ClassifierMetric>("precision", "recall", "f1", "fpr", "accuracy");
    fc.assert(
      fc.property(counts, metric, alpha, (c, m, al) => {
        const r = classifierMetric(c, m, al);
        okOrInsufficient(r);
        if (r.status !== "ok") return;
        expect(r.ci[0]).toBeGreaterThanOrEqual(0);
        expect(r.ci[1]).toBeLessThanOrEqual(1);
        expect(r.ci[0]).toBeLessThanOrEqual(r.value + 1e-12);
        expect(r.ci[1]).toBeGreaterThanOrEqual(r.value - 1e-12);
      }),
      RUNS,
    );
  });

  it("ratio variance is never negative, even for exactly proportional units", () => {
    fc.assert(
      fc.property(ratioStats, (s) => {
        const r = ratioArm(s);
        if (r.status === "ok") expect(r.variance).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it("SRM and PSI", () => {
    const counts = fc.array(fc.nat(10000), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(counts, (obs) => {
        const r = srmCheck(
          obs,
          obs.map(() => 1),
        );
        okOrInsufficient(r);
        if (r.status === "ok") expect(r.pValue >= 0 && r.pValue <= 1).toBe(true);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(counts, counts, (e, a) => {
        const n = Math.min(e.length, a.length);
        const ab = populationStabilityIndex(e.slice(0, n), a.slice(0, n));
        const ba = populationStabilityIndex(a.slice(0, n), e.slice(0, n));
        okOrInsufficient(ab);
        if (ab.status !== "ok" || ba.status !== "ok") return;
        expect(ab.psi).toBeGreaterThanOrEqual(0);
        expect(ab.psi).toBeCloseTo(ba.psi, 9);
      }),
      RUNS,
    );
  });
});

describe("coverage ≈ nominal across generated configurations", () => {
  // Fixed fast-check seed and seeded simulation: deterministic. Each generated
  // configuration (rate, sizes, α) is simulated 400 times; 400 replications
  // put the Monte Carlo sd near 0.011, so the band is ≈ ±4 sd.
  it("Welch interval on proportions (n·p ≥ 30 in each arm)", () => {
    const config = fc.record({
      p: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
      lift: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
      nA: fc.integer({ min: 600, max: 5000 }),
      nB: fc.integer({ min: 600, max: 5000 }),
      alpha: fc.constantFrom(0.05, 0.1),
      seed: fc.integer({ min: 1, max: 1e9 }),
    });
    fc.assert(
      fc.property(config, ({ p, lift, nA, nB, alpha: al, seed }) => {
        const r = mulberry32(seed);
        let hit = 0;
        for (let i = 0; i < 400; i++) {
          const res = proportionTTest(
            { n: nA, successes: binomialDraw(r, nA, p) },
            { n: nB, successes: binomialDraw(r, nB, p + lift) },
            "absolute",
            { alpha: al },
          );
          if (res.status === "ok" && res.ci[0] <= lift && lift <= res.ci[1]) hit++;
        }
        const coverage = hit / 400;
        expect(coverage).toBeGreaterThan(1 - al - 0.045);
        expect(coverage).toBeLessThan(Math.min(1, 1 - al + 0.045));
      }),
      { seed: 20261122, numRuns: 12 },
    );
  });

  it("Welch interval on means of skewed (gamma) data, n ≥ 100", () => {
    const config = fc.record({
      shape: fc.double({ min: 0.5, max: 5, noNaN: true }),
      nA: fc.integer({ min: 100, max: 400 }),
      nB: fc.integer({ min: 100, max: 400 }),
      seed: fc.integer({ min: 1, max: 1e9 }),
    });
    fc.assert(
      fc.property(config, ({ shape, nA, nB, seed }) => {
        const r = mulberry32(seed);
        const sample = (n: number): MeanStats => {
          let sum = 0;
          let sumSquares = 0;
          for (let i = 0; i < n; i++) {
            const x = gammaDraw(r, shape);
            sum += x;
            sumSquares += x * x;
          }
          return { n, sum, sumSquares };
        };
        let hit = 0;
        for (let i = 0; i < 400; i++) {
          const res = welchTTest(sample(nA), sample(nB), "absolute", { alpha: 0.05 });
          if (res.status === "ok" && res.ci[0] <= 0 && 0 <= res.ci[1]) hit++;
        }
        expect(hit / 400).toBeGreaterThan(0.905);
        expect(hit / 400).toBeLessThan(0.995);
      }),
      { seed: 7, numRuns: 8 },
    );
  });
});

describe("multiple comparisons", () => {
  it("Holm ≥ BH ≥ raw, all in [0, 1], order preserved", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (p) => {
        const holm = holmBonferroni(p);
        const bh = benjaminiHochberg(p);
        p.forEach((pi, i) => {
          expect(bh[i]).toBeGreaterThanOrEqual(pi - 1e-15);
          expect(holm[i]).toBeGreaterThanOrEqual((bh[i] ?? 0) - 1e-15);
          expect(holm[i]).toBeLessThanOrEqual(1);
          p.forEach((pj, j) => {
            if (pi < pj) {
              expect(holm[i]).toBeLessThanOrEqual(holm[j] ?? 1);
              expect(bh[i]).toBeLessThanOrEqual(bh[j] ?? 1);
            }
          });
        });
      }),
      RUNS,
    );
  });
});

describe("sequential", () => {
  it("the confidence sequence is never narrower than the fixed-horizon interval", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1e9 }), fc.integer({ min: 10, max: 1e7 }), alpha, (n, tuning, al) => {
        expect(sequentialMultiplier(n, sequentialRho(al, tuning), al)).toBeGreaterThanOrEqual(normalQuantile(1 - al / 2));
      }),
      RUNS,
    );
  });
});

describe("sketches", () => {
  const values = fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 200 });
  it("merging sketch data equals sketching the concatenation", () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const merged = mergeSketchData(sketchFromValues(a), sketchFromValues(b));
        const whole = sketchFromValues([...a, ...b]);
        expect(sketchCount(merged)).toBe(a.length + b.length);
        for (const q of [0.1, 0.5, 0.95]) expect(sketchQuantile(merged, q)).toBeCloseTo(sketchQuantile(whole, q) ?? NaN, 9);
      }),
      { numRuns: 100 },
    );
  });

  it("reads quantiles as DDSketch does, and the interpolated quantile stays within the same bucket", () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (v, q) => {
        const data = sketchFromValues(v);
        const rep = toDDSketch(data).getValueAtQuantile(q);
        expect(sketchQuantile(data, q)).toBeCloseTo(rep, 9);
        const sorted = [...v].sort((x, y) => x - y);
        const interp = sketchQuantileInterpolated(data, q) ?? NaN;
        // Inside the buckets of the extreme values: [x·(1 − α)/(1 + α), x·(1 + α)/(1 − α)], α = 0.01.
        expect(interp).toBeGreaterThanOrEqual(((sorted[0] ?? 0) * 0.99) / 1.01 - 1e-9);
        expect(interp).toBeLessThanOrEqual(((sorted[sorted.length - 1] ?? 0) * 1.01) / 0.99 + 1e-9);
      }),
      { numRuns: 100 },
    );
  });
});

describe("bandit weights", () => {
  it("sum to 1 and respect the floor", () => {
    const arm = fc.integer({ min: 100, max: 5000 }).chain((n) => fc.integer({ min: 0, max: n }).map((s) => ({ n, successes: s })));
    fc.assert(
      fc.property(fc.array(arm, { minLength: 2, maxLength: 4 }), fc.constantFrom(0, 0.01, 0.05), (arms, floor) => {
        const r = thompsonAllocation(
          arms.map((stats, i) => ({ id: `v${i}`, stats })),
          { floor },
        );
        if (r.status !== "ok") return;
        const w = Object.values(r.weights);
        expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
        for (const x of w) expect(x).toBeGreaterThanOrEqual(floor - 1e-12);
      }),
      { numRuns: 25 },
    );
  });
});
