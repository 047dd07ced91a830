/**
 * The cells of the decisions validity grid: how one arm's batch of units is
 * drawn for each metric family, and each cell's design (per-unit variances,
 * design effect, shares by look). Used by bench/decisions.ts only.
 */
import { DDSketch } from "@datadog/sketches-js";
import {
  binomialDraw,
  chiSquareDraw,
  normalDraw,
  normalPdf,
  normalQuantile,
  toSketchData,
  type MetricDefinition,
  type MetricStats,
  type Random,
} from "../../src/core/stats/index.js";

/** Units of one arm, accumulated batch by batch. */
export interface Arm {
  add(r: Random, n: number): void;
  stats(): MetricStats;
}

export interface Cell {
  name: string;
  family: "proportion" | "mean" | "quantile" | "ratio";
  metric: Omit<MetricDefinition, "id" | "sequential">;
  /** Challenger share at look k (1-based). */
  shareAt: (look: number) => number;
  /** Per-unit variance of the metric's estimator (champion, challenger under the design effect). */
  unitVariance: { a: number; b: number };
  /** Design effect on the metric's scale, in the direction the A/B rollouts use. */
  effect: number;
  /** The verdict that is correct in A/B rollouts. */
  correct: "pass" | "fail";
  /** Draws an arm; `shift` = the effect applied to this arm (0 in A/A and for the champion). */
  arm: (shift: number) => Arm;
}

export const Z_DESIGN = normalQuantile(0.975) + normalQuantile(0.8);
export const SHARES = ["1%", "5%", "10%", "50%", "ramp 5→25→50%"] as const;
export type ShareName = (typeof SHARES)[number];

/** Ramp: each stage a third of the 50 %-design's fixed horizon (50 looks). */
export function shareSchedule(name: ShareName): (look: number) => number {
  if (name !== "ramp 5→25→50%") {
    const s = Number(name.replace("%", "")) / 100;
    return () => s;
  }
  return (look) => (look <= 17 ? 0.05 : look <= 34 ? 0.25 : 0.5);
}

/** The share whose fixed design sets the batch size: the ramp is sized like its last stage. */
export const designShare = (name: ShareName): number => (name === "ramp 5→25→50%" ? 0.5 : Number(name.replace("%", "")) / 100);

function proportionArm(p: number): Arm {
  let n = 0;
  let successes = 0;
  return {
    add: (r, b) => {
      n += b;
      successes += binomialDraw(r, b, p);
    },
    stats: () => ({ n, successes }),
  };
}

/** Normal data through its exact sufficient statistics: Σx ~ N(bμ, bσ²), Σ(x − x̄)² ~ σ²χ²_{b−1}. */
function normalArm(mu: number, sigma: number): Arm {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  return {
    add: (r, b) => {
      if (b <= 0) return;
      const s = b * mu + Math.sqrt(b) * sigma * normalDraw(r);
      const dev = b > 1 ? sigma * sigma * chiSquareDraw(r, b - 1) : 0;
      n += b;
      sum += s;
      sumSquares += dev + (s * s) / b;
    },
    stats: () => ({ n, sum, sumSquares }),
  };
}

/** Log-normal units drawn one by one (heavy tails are the point), shifted by `shift`. */
function lognormalArm(sigma: number, shift: number): Arm {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  return {
    add: (r, b) => {
      for (let i = 0; i < b; i++) {
        const x = Math.exp(sigma * normalDraw(r)) + shift;
        sum += x;
        sumSquares += x * x;
      }
      n += b;
    },
    stats: () => ({ n, sum, sumSquares }),
  };
}

function sketchArm(sigma: number, shift: number): Arm {
  const sketch = new DDSketch({ relativeAccuracy: 0.01 });
  return {
    add: (r, b) => {
      for (let i = 0; i < b; i++) sketch.accept(Math.exp(sigma * normalDraw(r)) + shift);
    },
    stats: () => toSketchData(sketch),
  };
}

/** Units with 1–3 requests, cost per request log-normal(0, 0.5²); the challenger's cost per request + shift. */
function ratioArm(shift: number): Arm {
  const s = { n: 0, numeratorSum: 0, numeratorSumSquares: 0, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 };
  return {
    add: (r, b) => {
      for (let i = 0; i < b; i++) {
        const y = 1 + Math.floor(3 * r());
        const x = y * (Math.exp(0.5 * normalDraw(r)) + shift);
        s.n += 1;
        s.numeratorSum += x;
        s.numeratorSumSquares += x * x;
        s.denominatorSum += y;
        s.denominatorSumSquares += y * y;
        s.crossSum += x * y;
      }
    },
    stats: () => ({ ...s }),
  };
}

/** Effect δ for which the fixed design at share s needs `totalUnits`: δ = z sqrt((v_a/(1 − s) + v_b/s)/T). */
const effectFor = (v: number, s: number, totalUnits: number): number => Z_DESIGN * Math.sqrt((v / (1 - s) + v / s) / totalUnits);

/** Continuous cells are designed so the fixed horizon is this many units (both arms). */
export const CONTINUOUS_FIXED_UNITS = 10_000;
export const PROPORTION_RELATIVE_EFFECT = 0.3;

export function proportionCell(base: number, share: ShareName): Cell {
  const pb = base * (1 + PROPORTION_RELATIVE_EFFECT);
  return {
    name: `proportion ${base * 100}% @ ${share}`,
    family: "proportion",
    metric: { kind: "proportion", direction: "lower" },
    shareAt: shareSchedule(share),
    unitVariance: { a: base * (1 - base), b: pb * (1 - pb) },
    effect: pb - base,
    correct: "fail",
    arm: (shift) => proportionArm(base + shift),
  };
}

export function meanCell(dist: "normal" | "lognormal", sigma: number, share: ShareName): Cell {
  const v = dist === "normal" ? sigma * sigma : (Math.exp(sigma * sigma) - 1) * Math.exp(sigma * sigma);
  const effect = effectFor(v, designShare(share), CONTINUOUS_FIXED_UNITS);
  return {
    name: `mean ${dist} σ=${sigma} @ ${share}`,
    family: "mean",
    metric: { kind: "mean", direction: "higher" },
    shareAt: shareSchedule(share),
    unitVariance: { a: v, b: v },
    effect,
    correct: "pass",
    arm: (shift) => (dist === "normal" ? normalArm(5 + shift, sigma) : lognormalArm(sigma, shift)),
  };
}

export function quantileCell(q: number, share: ShareName): Cell {
  // Sample-quantile variance q(1 − q)/f(x_q)² for log-normal(0, 1).
  const z = normalQuantile(q);
  const density = normalPdf(z) / Math.exp(z);
  const v = (q * (1 - q)) / (density * density);
  const effect = effectFor(v, designShare(share), CONTINUOUS_FIXED_UNITS);
  return {
    name: `p${Math.round(q * 100)} lognormal σ=1 (sketch) @ ${share}`,
    family: "quantile",
    metric: { kind: "quantile", quantile: q, direction: "lower" },
    shareAt: shareSchedule(share),
    unitVariance: { a: v, b: v },
    effect,
    correct: "fail",
    arm: (shift) => sketchArm(1, shift),
  };
}

/** Per-unit variance of the ratio estimator, Var(x − R y)/E[y]², measured once on 200,000 units. */
function ratioUnitVariance(r: Random): number {
  const units: Array<[number, number]> = [];
  for (let i = 0; i < 200_000; i++) {
    const y = 1 + Math.floor(3 * r());
    units.push([y * Math.exp(0.5 * normalDraw(r)), y]);
  }
  const ratio = units.reduce((s, u) => s + u[0], 0) / units.reduce((s, u) => s + u[1], 0);
  const ey = units.reduce((s, u) => s + u[1], 0) / units.length;
  const v = units.reduce((s, [x, y]) => s + (x - ratio * y) ** 2, 0) / (units.length - 1);
  return v / (ey * ey);
}

export function ratioCell(share: ShareName, r: Random): Cell {
  const v = ratioUnitVariance(r);
  return {
    name: `ratio cost/request @ ${share}`,
    family: "ratio",
    metric: { kind: "ratio", direction: "lower" },
    shareAt: shareSchedule(share),
    unitVariance: { a: v, b: v },
    effect: effectFor(v, designShare(share), CONTINUOUS_FIXED_UNITS),
    correct: "fail",
    arm: (shift) => ratioArm(shift),
  };
}
