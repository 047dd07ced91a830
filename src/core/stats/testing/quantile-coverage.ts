/**
 * Simulated coverage of the quantile-difference interval (docs/statistics.md
 * table; coverage.test.ts re-checks two rows). Log-normal latencies with
 * median 100 and σ_log = 0.5; the challenger is 10 % slower, so the true
 * difference is 0.1 · 100 · exp(0.5 Φ⁻¹(q)).
 */
import { normalQuantile } from "../distributions.js";
import { differenceOf } from "../estimate.js";
import { infer } from "../inference.js";
import { quantileArm } from "../quantile-difference.js";
import { sketchFromValues, sketchQuantile } from "../quantile-sketch.js";
import { mulberry32, normalDraw, type Random } from "../random.js";

export interface QuantileCoverage {
  replications: number;
  /** Coverage of the interval as computed (interpolated quantiles). */
  coverage: number;
  /** Coverage of the same half-width centred on DDSketch's bucket representatives. */
  coverageRepresentative: number;
}

export function quantileCoverage(n: number, q: number, accuracy: number, replications: number, seed: number | Random): QuantileCoverage {
  const r = typeof seed === "number" ? mulberry32(seed) : seed;
  const truth = 100 * Math.exp(0.5 * normalQuantile(q)) * 0.1;
  const draw = (scale: number): number[] => Array.from({ length: n }, () => scale * 100 * Math.exp(0.5 * normalDraw(r)));
  let valid = 0;
  let hit = 0;
  let hitRep = 0;
  for (let i = 0; i < replications; i++) {
    const a = sketchFromValues(draw(1), accuracy);
    const b = sketchFromValues(draw(1.1), accuracy);
    const qa = quantileArm(a, q);
    const qb = quantileArm(b, q);
    if (qa.status !== "ok" || qb.status !== "ok") continue;
    const d = differenceOf(qa, qb, "absolute", Infinity);
    if (d.status !== "ok") continue;
    valid++;
    const ci = infer(d, { alpha: 0.05 }).ci;
    if (ci[0] <= truth && truth <= ci[1]) hit++;
    const rep = (sketchQuantile(b, q) ?? 0) - (sketchQuantile(a, q) ?? 0);
    const h = (ci[1] - ci[0]) / 2;
    if (rep - h <= truth && truth <= rep + h) hitRep++;
  }
  return { replications: valid, coverage: hit / valid, coverageRepresentative: hitRep / valid };
}
