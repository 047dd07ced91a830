/**
 * Bandit allocation by Thompson sampling: each arm's traffic weight is the
 * posterior probability that it is the best arm, with a per-arm floor (so no
 * arm starves and its estimate keeps improving) and a minimum sample per arm
 * before any reweighting (GrowthBook: every arm n ≥ 100).
 *
 * P(best) is computed exactly by quadrature, P(best_i) = ∫ f_i(x) Π_{j≠i} F_j(x) dx,
 * or by Monte Carlo from a caller-supplied seeded `Random`.
 */
import { betaCdf, betaPdf, normalCdf, normalPdf } from "./distributions.js";
import { integratePanels } from "./numeric.js";
import { betaDraw, normalDraw, type Random } from "./random.js";
import { insufficient, ok, type StatResult } from "./result.js";
import { sampleVariance, type MeanStats, type ProportionStats } from "./sufficient-stats.js";
import type { GaussianPrior } from "./bayesian.js";

export const DEFAULT_BANDIT_PRIOR: GaussianPrior = { mean: 0, variance: 1e4 };
export const DEFAULT_MIN_VARIATION_WEIGHT = 0.01;
export const DEFAULT_MIN_SAMPLE_PER_ARM = 100;

/** A posterior marginal: either a normal or a beta distribution. */
export type Posterior =
  | { family: "normal"; mean: number; variance: number }
  | { family: "beta"; alpha: number; beta: number };

export interface GaussianPosterior {
  mean: number;
  variance: number;
  sampleMean: number;
  sampleVariance: number;
}

/**
 * Normal posterior of an arm's mean with a N(m₀, v₀) prior and plug-in variance:
 * precision = 1/v₀ + n/s², mean = (m₀/v₀ + n x̄/s²)/precision.
 */
export function gaussianArmPosterior(s: MeanStats, prior: GaussianPrior = DEFAULT_BANDIT_PRIOR): GaussianPosterior {
  const sampleMean = s.sum / s.n;
  const sv = sampleVariance(s);
  const precision = 1 / prior.variance + s.n / sv;
  return {
    mean: (prior.mean / prior.variance + (s.n * sampleMean) / sv) / precision,
    variance: 1 / precision,
    sampleMean,
    sampleVariance: sv,
  };
}

/** Beta(α₀ + successes, β₀ + failures) posterior of a conversion rate. */
export function betaArmPosterior(s: ProportionStats, prior = { alpha: 1, beta: 1 }): Posterior {
  return { family: "beta", alpha: prior.alpha + s.successes, beta: prior.beta + s.n - s.successes };
}

function pdf(p: Posterior, x: number): number {
  if (p.family === "normal") return normalPdf((x - p.mean) / Math.sqrt(p.variance)) / Math.sqrt(p.variance);
  return betaPdf(x, p.alpha, p.beta);
}

function cdf(p: Posterior, x: number): number {
  if (p.family === "normal") return normalCdf((x - p.mean) / Math.sqrt(p.variance));
  return betaCdf(x, p.alpha, p.beta);
}

function support(p: Posterior): [number, number] {
  if (p.family === "normal") {
    const sd = Math.sqrt(p.variance);
    return [p.mean - 12 * sd, p.mean + 12 * sd];
  }
  const s = p.alpha + p.beta;
  const mean = p.alpha / s;
  const sd = Math.sqrt((p.alpha * p.beta) / (s * s * (s + 1)));
  return [Math.max(0, mean - 14 * sd), Math.min(1, mean + 14 * sd)];
}

/** Exact probability that each arm is the best (largest, or smallest when lower is better). */
export function probabilityBest(posteriors: readonly Posterior[], higherIsBetter = true): number[] {
  const raw = posteriors.map((pi, i) => {
    const [lo, hi] = support(pi);
    const integrand = (x: number): number => {
      let prod = pdf(pi, x);
      posteriors.forEach((pj, j) => {
        if (j !== i) prod *= higherIsBetter ? cdf(pj, x) : 1 - cdf(pj, x);
      });
      return prod;
    };
    return integratePanels(integrand, lo, hi, 32, 1e-13);
  });
  const total = raw.reduce((s, v) => s + v, 0);
  return raw.map((v) => v / total);
}

/** Monte Carlo P(best) from `draws` joint posterior draws with a seeded source. */
export function probabilityBestMonteCarlo(
  posteriors: readonly Posterior[],
  draws: number,
  random: Random,
  higherIsBetter = true,
): number[] {
  const wins = new Array<number>(posteriors.length).fill(0);
  for (let d = 0; d < draws; d++) {
    let best = 0;
    let bestValue = higherIsBetter ? -Infinity : Infinity;
    posteriors.forEach((p, i) => {
      const x = p.family === "normal" ? p.mean + Math.sqrt(p.variance) * normalDraw(random) : betaDraw(random, p.alpha, p.beta);
      if (higherIsBetter ? x > bestValue : x < bestValue) {
        bestValue = x;
        best = i;
      }
    });
    wins[best] = (wins[best] ?? 0) + 1;
  }
  return wins.map((w) => w / draws);
}

/** w_i = f + (1 − K f) p_i / Σp: every arm keeps at least the floor f. */
export function weightsWithFloor(probabilities: readonly number[], floor = DEFAULT_MIN_VARIATION_WEIGHT): number[] {
  const k = probabilities.length;
  const total = probabilities.reduce((s, v) => s + v, 0);
  return probabilities.map((p) => floor + ((1 - k * floor) * p) / total);
}

export interface BanditArm {
  id: string;
  stats: MeanStats | ProportionStats;
}

export interface BanditOptions {
  higherIsBetter?: boolean;
  floor?: number;
  minSamplePerArm?: number;
  /** Monte Carlo instead of quadrature. */
  monteCarlo?: { draws: number; random: Random };
}

export interface BanditAllocation {
  probabilityBest: Record<string, number>;
  weights: Record<string, number>;
}

function posteriorOf(stats: MeanStats | ProportionStats): Posterior {
  if ("successes" in stats) return betaArmPosterior(stats);
  const g = gaussianArmPosterior(stats);
  return { family: "normal", mean: g.mean, variance: g.variance };
}

/**
 * Thompson-sampling weights. Until every arm has `minSamplePerArm` units the
 * answer is insufficient data: the caller keeps its current weights.
 */
export function thompsonAllocation(arms: readonly BanditArm[], options: BanditOptions = {}): StatResult<BanditAllocation> {
  const floor = options.floor ?? DEFAULT_MIN_VARIATION_WEIGHT;
  const minSample = options.minSamplePerArm ?? DEFAULT_MIN_SAMPLE_PER_ARM;
  if (arms.length < 2) return insufficient("a bandit needs at least two arms");
  if (floor * arms.length > 1) return insufficient("floor × arms exceeds 1");
  const small = arms.find((a) => a.stats.n < minSample);
  if (small) return insufficient(`arm ${small.id} has n = ${small.stats.n} < ${minSample}`);
  const degenerate = arms.find((a) => !("successes" in a.stats) && !(sampleVariance(a.stats) > 0));
  if (degenerate) return insufficient(`arm ${degenerate.id} has zero variance`);
  const posteriors = arms.map((a) => posteriorOf(a.stats));
  const higher = options.higherIsBetter ?? true;
  const p = options.monteCarlo
    ? probabilityBestMonteCarlo(posteriors, options.monteCarlo.draws, options.monteCarlo.random, higher)
    : probabilityBest(posteriors, higher);
  const w = weightsWithFloor(p, floor);
  return ok({
    probabilityBest: Object.fromEntries(arms.map((a, i) => [a.id, p[i] ?? 0])),
    weights: Object.fromEntries(arms.map((a, i) => [a.id, w[i] ?? 0])),
  });
}
