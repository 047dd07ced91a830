/**
 * Coverage by simulation: seeded, so deterministic; each bound is wide enough
 * for the Monte Carlo error of its replication count (≈ ±3 sd) and tight
 * enough to catch a broken variance formula.
 */
import { describe, expect, it } from "vitest";
import { classifierArm } from "./classifier.js";
import { differenceOf, welchDf } from "./estimate.js";
import { infer } from "./inference.js";
import { mannWhitney } from "./mann-whitney.js";
import { quantileCoverage } from "./testing/quantile-coverage.js";
import { binomialDraw, gammaDraw, mulberry32, normalDraw, type Random } from "./random.js";
import { ratioArm, ratioStatsFromUnits } from "./ratio.js";
import { sequentialHalfwidth, sequentialRho } from "./sequential.js";
import { proportionTTest, welchTTest } from "./welch.js";
import type { MeanStats } from "./sufficient-stats.js";

function coverage(reps: number, once: (r: Random) => boolean | undefined, seed: number): number {
  const r = mulberry32(seed);
  let hit = 0;
  let valid = 0;
  for (let i = 0; i < reps; i++) {
    const c = once(r);
    if (c === undefined) continue;
    valid++;
    if (c) hit++;
  }
  return hit / valid;
}

const contains = (ci: readonly [number, number], x: number): boolean => ci[0] <= x && x <= ci[1];

function meanOf(values: number[]): MeanStats {
  return { n: values.length, sum: values.reduce((s, v) => s + v, 0), sumSquares: values.reduce((s, v) => s + v * v, 0) };
}

describe("95 % intervals cover ≈ 95 % in simulation", () => {
  it("Welch t, skewed (exponential) data, unequal n and variance: absolute and relative", () => {
    for (const difference of ["absolute", "relative"] as const) {
      const c = coverage(
        1000,
        (r) => {
          const a = meanOf(Array.from({ length: 150 }, () => 2 * gammaDraw(r, 1)));
          const b = meanOf(Array.from({ length: 300 }, () => 2.5 * gammaDraw(r, 1)));
          const res = welchTTest(a, b, difference, { alpha: 0.05 });
          if (res.status !== "ok") return undefined;
          return contains(res.ci, difference === "absolute" ? 0.5 : 0.25);
        },
        11,
      );
      expect(c, difference).toBeGreaterThan(0.93);
      expect(c, difference).toBeLessThan(0.97);
    }
  });

  it("proportions (binomial draws from sufficient statistics)", () => {
    const c = coverage(
      2000,
      (r) => {
        const res = proportionTTest(
          { n: 800, successes: binomialDraw(r, 800, 0.1) },
          { n: 800, successes: binomialDraw(r, 800, 0.12) },
          "absolute",
          { alpha: 0.05 },
        );
        return res.status === "ok" ? contains(res.ci, 0.02) : undefined;
      },
      12,
    );
    expect(c).toBeGreaterThan(0.935);
    expect(c).toBeLessThan(0.965);
  });

  it("ratio metric by the delta method (correlated cost and requests per user)", () => {
    // Per user: requests y ~ 1 + Gamma(2)·3, cost x = y·c·U(0.5, 1.5) + noise, so E[x]/E[y] = c.
    const truth = (c: number): number => c;
    const c = coverage(
      1000,
      (r) => {
        const arm = (cost: number): ReturnType<typeof ratioArm> =>
          ratioArm(
            ratioStatsFromUnits(
              Array.from({ length: 400 }, () => {
                const y = 1 + gammaDraw(r, 2) * 3;
                return [y * cost * (0.5 + r()), y] as const;
              }),
            ),
          );
        const a = arm(2);
        const b = arm(2.2);
        if (a.status !== "ok" || b.status !== "ok") return undefined;
        const d = differenceOf(a, b, "absolute", Infinity);
        return d.status === "ok" ? contains(infer(d, { alpha: 0.05 }).ci, truth(2.2) - truth(2)) : undefined;
      },
      13,
    );
    expect(c).toBeGreaterThan(0.93);
    expect(c).toBeLessThan(0.97);
  });

  it("quantile difference from DDSketch sketches (log-normal latency, p95 and p50)", () => {
    for (const [q, accuracy, n] of [
      [0.95, 0.01, 2000],
      [0.5, 0.05, 1000],
    ] as const) {
      const c = quantileCoverage(n, q, accuracy, 300, 14).coverage;
      expect(c, `q=${q}`).toBeGreaterThan(0.92);
      expect(c, `q=${q}`).toBeLessThan(0.98);
    }
  });

  it("F1 difference between two classifiers", () => {
    // Multinomial confusion matrix per arm: P(tp, fp, fn, tn).
    const draw = (r: Random, p: readonly number[], n: number): number[] => {
      const out = [0, 0, 0, 0];
      let left = n;
      let mass = 1;
      p.forEach((pi, i) => {
        const k = i === p.length - 1 ? left : binomialDraw(r, left, Math.min(1, pi / mass));
        out[i] = k;
        left -= k;
        mass -= pi;
      });
      return out;
    };
    const pa = [0.07, 0.03, 0.03, 0.87];
    const pb = [0.075, 0.025, 0.025, 0.875];
    const f1 = (p: readonly number[]): number => (2 * (p[0] ?? 0)) / (2 * (p[0] ?? 0) + (p[1] ?? 0) + (p[2] ?? 0));
    const c = coverage(
      1500,
      (r) => {
        const [tpA, fpA, fnA, tnA] = draw(r, pa, 3000);
        const [tpB, fpB, fnB, tnB] = draw(r, pb, 3000);
        const a = classifierArm({ tp: tpA ?? 0, fp: fpA ?? 0, fn: fnA ?? 0, tn: tnA ?? 0 }, "f1");
        const b = classifierArm({ tp: tpB ?? 0, fp: fpB ?? 0, fn: fnB ?? 0, tn: tnB ?? 0 }, "f1");
        if (a.status !== "ok" || b.status !== "ok") return undefined;
        const d = differenceOf(a, b, "absolute", welchDf(a, b));
        return d.status === "ok" ? contains(infer(d, { alpha: 0.05 }).ci, f1(pb) - f1(pa)) : undefined;
      },
      15,
    );
    expect(c).toBeGreaterThan(0.93);
    expect(c).toBeLessThan(0.965);
  });

  it("Hodges–Lehmann shift interval (R wilcox algorithm) on small samples", () => {
    const c = coverage(
      400,
      (r) => {
        const x = Array.from({ length: 15 }, () => normalDraw(r));
        const y = Array.from({ length: 12 }, () => 0.7 + normalDraw(r));
        const res = mannWhitney(x, y, { confidenceLevel: 0.95 });
        return res.status === "ok" ? contains(res.ci, 0.7) : undefined;
      },
      16,
    );
    expect(c).toBeGreaterThan(0.92);
    expect(c).toBeLessThan(0.98);
  });
});

describe("always-valid: the confidence sequence covers at every look simultaneously", () => {
  it("A/A-style streams with 100 looks: the truth is excluded at some look in ≤ α of streams", () => {
    const alpha = 0.05;
    const rho = sequentialRho(alpha, 20000);
    const r = mulberry32(17);
    let everMissedSeq = 0;
    let everMissedFixed = 0;
    const streams = 400;
    for (let s = 0; s < streams; s++) {
      let na = 0;
      let nb = 0;
      let sa = 0;
      let sb = 0;
      let missedSeq = false;
      let missedFixed = false;
      for (let look = 0; look < 100; look++) {
        // Batch sums drawn from their sampling distribution: 200 units per arm of N(μ, 1).
        sa += 200 * 1 + Math.sqrt(200) * normalDraw(r);
        sb += 200 * 1.1 + Math.sqrt(200) * normalDraw(r);
        na += 200;
        nb += 200;
        const est = sb / nb - sa / na;
        const se = Math.sqrt(1 / na + 1 / nb);
        const hSeq = sequentialHalfwidth(se, na + nb, rho, alpha);
        if (Math.abs(est - 0.1) > hSeq) missedSeq = true;
        if (Math.abs(est - 0.1) > 1.96 * se) missedFixed = true;
      }
      if (missedSeq) everMissedSeq++;
      if (missedFixed) everMissedFixed++;
    }
    expect(everMissedSeq / streams).toBeLessThanOrEqual(alpha);
    // Peeking at a fixed-horizon interval 100 times misses far more often.
    expect(everMissedFixed / streams).toBeGreaterThan(0.2);
  });
});
