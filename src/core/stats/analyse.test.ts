import { describe, expect, it } from "vitest";
import { analyse, compareMetric, type Comparison, type ComparisonOk } from "./analyse.js";
import type { AnalysisInput, MetricDefinition, MetricStats } from "./metric-definition.js";
import { sketchFromValues } from "./quantile-sketch.js";
import { mulberry32, normalDraw } from "./random.js";

function two(metric: MetricDefinition, a: MetricStats, b: MetricStats, extra: Partial<AnalysisInput> = {}): AnalysisInput {
  return {
    champion: "A",
    metrics: [metric],
    variants: [
      { id: "A", metrics: { [metric.id]: a } },
      { id: "B", metrics: { [metric.id]: b } },
    ],
    ...extra,
  };
}

function okOf(c: Comparison | undefined): ComparisonOk {
  if (!c || c.verdict === "insufficient_data") throw new Error(`expected a result, got ${JSON.stringify(c)}`);
  return c;
}

/** Walks any value and fails on NaN or ±Infinity anywhere in it. */
function expectNoNonFinite(value: unknown, path = "$"): void {
  if (typeof value === "number") expect(Number.isFinite(value), path).toBe(true);
  else if (Array.isArray(value)) value.forEach((v, i) => expectNoNonFinite(v, `${path}[${i}]`));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) expectNoNonFinite(v, `${path}.${k}`);
}

const ctr: MetricDefinition = { id: "ctr", kind: "proportion", direction: "higher" };

describe("analyse: verdicts", () => {
  it("passes a significant uplift and fails a significant drop (higher is better)", () => {
    const up = okOf(compareMetric(ctr, { n: 20000, successes: 2000 }, { n: 20000, successes: 2300 }));
    expect(up.verdict).toBe("pass");
    expect(up.ci?.[0]).toBeGreaterThan(0);
    const down = okOf(compareMetric(ctr, { n: 20000, successes: 2300 }, { n: 20000, successes: 2000 }));
    expect(down.verdict).toBe("fail");
  });

  it("is direction-aware: the same drop passes when lower is better", () => {
    const lower = okOf(compareMetric({ ...ctr, direction: "lower" }, { n: 20000, successes: 2300 }, { n: 20000, successes: 2000 }));
    expect(lower.verdict).toBe("pass");
  });

  it("superiority with a minimum effect: +1.5 points passes +0.7, +0.3 points significant but below it fails", () => {
    const metric: MetricDefinition = { ...ctr, test: { type: "superiority", minEffect: 0.007 } };
    const big = okOf(compareMetric(metric, { n: 50000, successes: 5000 }, { n: 50000, successes: 5750 }));
    expect(big.verdict).toBe("pass");
    expect(big.threshold).toBeCloseTo(0.007);
    const small = okOf(compareMetric(metric, { n: 200000, successes: 20000 }, { n: 200000, successes: 20600 }));
    expect(small.ci?.[0]).toBeGreaterThan(0);
    expect(small.verdict).toBe("fail");
    const unsure = okOf(compareMetric(metric, { n: 5000, successes: 500 }, { n: 5000, successes: 545 }));
    expect(unsure.verdict).toBe("inconclusive");
  });

  it("non-inferiority guardrail: FPR not worse than the champion by more than +1 point", () => {
    const fpr: MetricDefinition = {
      id: "fpr",
      kind: "classifier",
      classifierMetric: "fpr",
      direction: "lower",
      test: { type: "non_inferiority", margin: 0.01 },
    };
    const champion = { tp: 700, fn: 300, fp: 400, tn: 9600 }; // FPR 4 %
    const slightlyWorse = okOf(compareMetric(fpr, champion, { tp: 700, fn: 300, fp: 440, tn: 9560 })); // 4.4 %
    expect(slightlyWorse.estimate).toBeCloseTo(0.004, 6);
    expect(slightlyWorse.threshold).toBeCloseTo(0.01);
    expect(slightlyWorse.verdict).toBe("pass");
    const muchWorse = okOf(compareMetric(fpr, champion, { tp: 700, fn: 300, fp: 800, tn: 9200 })); // 8 %
    expect(muchWorse.verdict).toBe("fail");
  });

  it("sequential intervals are wider than fixed-horizon ones at the same data", () => {
    const a = { n: 5000, sum: 5000 * 10, sumSquares: 5000 * (100 + 4) };
    const b = { n: 5000, sum: 5000 * 10.2, sumSquares: 5000 * (104.04 + 4) };
    const fixed = okOf(compareMetric({ id: "m", kind: "mean", direction: "higher" }, a, b));
    const seq = okOf(compareMetric({ id: "m", kind: "mean", direction: "higher", sequential: true }, a, b));
    expect(seq.sequential).toBe(true);
    const width = (c: ComparisonOk): number => (c.ci ? c.ci[1] - c.ci[0] : 0);
    expect(width(seq)).toBeGreaterThan(width(fixed));
    expect(seq.pValue).toBeGreaterThanOrEqual(fixed.pValue);
  });

  it("reports a Bayesian chance to beat the champion and expected loss", () => {
    const c = okOf(compareMetric(ctr, { n: 20000, successes: 2000 }, { n: 20000, successes: 2100 }));
    expect(c.bayes?.chanceToBeatChampion).toBeGreaterThan(0.9);
    expect(c.bayes?.expectedLoss).toBeGreaterThanOrEqual(0);
  });

  it("compares quantiles from sketches", () => {
    const r = mulberry32(3);
    const sample = (scale: number): number[] => Array.from({ length: 4000 }, () => scale * Math.exp(4.6 + 0.4 * normalDraw(r)));
    const p95: MetricDefinition = { id: "p95", kind: "quantile", quantile: 0.95, direction: "lower" };
    const c = okOf(compareMetric(p95, sketchFromValues(sample(1)), sketchFromValues(sample(1.3))));
    expect(c.verdict).toBe("fail");
    expect(c.estimate).toBeGreaterThan(0);
  });

  it("drift: small PSI passes, a large and significant one fails", () => {
    const drift: MetricDefinition = { id: "d", kind: "drift", direction: "lower", maxPsi: 0.2 };
    expect(okOf(compareMetric(drift, { counts: [100, 200, 300, 400] }, { counts: [110, 190, 310, 390] })).verdict).toBe("pass");
    const big = okOf(compareMetric(drift, { counts: [1000, 2000, 3000, 4000] }, { counts: [2500, 3000, 2500, 2000] }));
    expect(big.verdict).toBe("fail");
    expect(big.ci).toBeNull();
  });
});

describe("analyse: insufficient data is explicit, never NaN", () => {
  const cases: Array<[string, MetricDefinition, MetricStats, MetricStats]> = [
    ["n < 2", { id: "m", kind: "mean", direction: "higher" }, { n: 1, sum: 3, sumSquares: 9 }, { n: 10, sum: 30, sumSquares: 100 }],
    [
      "zero variance in both arms",
      { id: "m", kind: "mean", direction: "higher" },
      { n: 10, sum: 30, sumSquares: 90 },
      { n: 10, sum: 40, sumSquares: 160 },
    ],
    ["all successes in both arms", ctr, { n: 100, successes: 100 }, { n: 80, successes: 80 }],
    ["no trials", ctr, { n: 0, successes: 0 }, { n: 10, successes: 3 }],
    ["relative lift over a zero champion", { ...ctr, difference: "relative" }, { n: 100, successes: 0 }, { n: 100, successes: 3 }],
    ["empty sketch", { id: "q", kind: "quantile", quantile: 0.95, direction: "lower" }, sketchFromValues([]), sketchFromValues([1, 2, 3])],
    [
      "too few for p99",
      { id: "q", kind: "quantile", quantile: 0.99, direction: "lower" },
      sketchFromValues([1, 2, 3]),
      sketchFromValues([1, 2, 3]),
    ],
    [
      "empty confusion denominator",
      { id: "c", kind: "classifier", classifierMetric: "precision", direction: "higher" },
      { tp: 0, fp: 0, tn: 10, fn: 3 },
      { tp: 5, fp: 1, tn: 10, fn: 3 },
    ],
    [
      "ratio with zero denominator",
      { id: "r", kind: "ratio", direction: "lower" },
      { n: 5, numeratorSum: 1, numeratorSumSquares: 1, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 },
      { n: 5, numeratorSum: 1, numeratorSumSquares: 1, denominatorSum: 2, denominatorSumSquares: 2, crossSum: 1 },
    ],
    ["empty histogram", { id: "d", kind: "drift", direction: "lower" }, { counts: [0, 0, 0] }, { counts: [1, 2, 3] }],
    ["statistics of the wrong kind", ctr, { n: 10, sum: 3, sumSquares: 5 }, { n: 10, successes: 3 }],
  ];
  for (const [name, metric, a, b] of cases) {
    it(name, () => {
      const c = compareMetric(metric, a, b);
      expect(c.verdict).toBe("insufficient_data");
      expect(c.reason.length).toBeGreaterThan(0);
      expectNoNonFinite(c);
    });
  }

  it("below minSamples is insufficient even when computable", () => {
    const c = compareMetric({ ...ctr, minSamples: 1000 }, { n: 500, successes: 50 }, { n: 500, successes: 90 });
    expect(c.verdict).toBe("insufficient_data");
  });

  it("a missing variant statistic is insufficient for that challenger only", () => {
    const input: AnalysisInput = {
      champion: "A",
      metrics: [ctr],
      variants: [
        { id: "A", metrics: { ctr: { n: 1000, successes: 100 } } },
        { id: "B", metrics: {} },
        { id: "C", metrics: { ctr: { n: 1000, successes: 180 } } },
      ],
    };
    const r = analyse(input);
    expect(r.comparisons.map((c) => c.verdict)).toEqual(["insufficient_data", "pass"]);
    expect(r.challengers.map((c) => c.verdict)).toEqual(["insufficient_data", "pass"]);
  });
});

describe("analyse: SRM and multiple comparisons", () => {
  const base = (exposuresB: number): AnalysisInput => ({
    champion: "A",
    metrics: [ctr],
    variants: [
      { id: "A", weight: 0.5, exposures: 10000, metrics: { ctr: { n: 10000, successes: 1000 } } },
      { id: "B", weight: 0.5, exposures: exposuresB, metrics: { ctr: { n: exposuresB, successes: Math.round(exposuresB * 0.13) } } },
    ],
  });

  it("a sample ratio mismatch invalidates the analysis: nothing passes", () => {
    const r = analyse(base(11000));
    expect(r.srm.status === "ok" && r.srm.mismatch).toBe(true);
    expect(r.status).toBe("invalid");
    expect(r.comparisons.every((c) => c.verdict !== "pass")).toBe(true);
    expect(r.challengers[0]?.verdict).toBe("inconclusive");
    expect(r.comparisons[0]?.reason).toMatch(/sample ratio mismatch/);
  });

  it("without a mismatch the same uplift passes; without exposures SRM is reported as not checked", () => {
    expect(analyse(base(10050)).status).toBe("ok");
    expect(analyse(base(10050)).comparisons[0]?.verdict).toBe("pass");
    const noExposures = analyse(two(ctr, { n: 1000, successes: 100 }, { n: 1000, successes: 150 }));
    expect(noExposures.srm.status).toBe("insufficient_data");
  });

  it("Holm adjustment can turn a marginal pass into inconclusive among many metrics", () => {
    const metrics: MetricDefinition[] = Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, kind: "proportion", direction: "higher" }));
    const stats = (s: number): Record<string, MetricStats> =>
      Object.fromEntries(metrics.map((m, i) => [m.id, { n: 10000, successes: i === 0 ? s : 1000 }]));
    const input = (correction: AnalysisInput["correction"]): AnalysisInput => ({
      champion: "A",
      correction,
      metrics,
      variants: [
        { id: "A", metrics: stats(1000) },
        { id: "B", metrics: stats(1090) }, // p ≈ 0.035 on m0 alone
      ],
    });
    const none = okOf(analyse(input("none")).comparisons[0]);
    const holm = okOf(analyse(input("holm")).comparisons[0]);
    const bh = okOf(analyse(input("benjamini-hochberg")).comparisons[0]);
    expect(none.verdict).toBe("pass");
    expect(holm.adjustedPValue).toBeGreaterThan(none.pValue);
    expect(holm.verdict).toBe("inconclusive");
    expect(bh.adjustedPValue).toBeLessThanOrEqual(holm.adjustedPValue);
  });

  it("a failing metric fails the challenger even when others pass", () => {
    const metrics: MetricDefinition[] = [ctr, { id: "err", kind: "proportion", direction: "lower" }];
    const r = analyse({
      champion: "A",
      metrics,
      variants: [
        { id: "A", metrics: { ctr: { n: 20000, successes: 2000 }, err: { n: 20000, successes: 100 } } },
        { id: "B", metrics: { ctr: { n: 20000, successes: 2400 }, err: { n: 20000, successes: 300 } } },
      ],
    });
    expect(r.challengers[0]).toMatchObject({ verdict: "fail", failed: ["err"] });
  });
});
