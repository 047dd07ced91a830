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
import { countProblem, StatsInputError } from "./input-error.js";
import { gaussLegendre } from "./numeric.js";
import { betaDraw, normalDraw, type Random } from "./random.js";
import { insufficient, ok, type StatResult } from "./result.js";
import { sampleVariance, type MeanStats, type ProportionStats } from "./sufficient-stats.js";
import type { GaussianPrior } from "./bayesian.js";

/**
 * The flat (improper) prior: the posterior of an arm's mean is N(x̄, s²/n),
 * the same whatever the metric's unit (ms or s, cents or euros). A proper
 * N(0, 10⁴) prior made two equal arms with sd 2,000 look 1.0 vs 1e-7 likely
 * to be best, and 0.5/0.5 once the data were rescaled.
 */
export const DEFAULT_BANDIT_PRIOR: GaussianPrior = { mean: 0, variance: Infinity };
export const DEFAULT_MIN_VARIATION_WEIGHT = 0.01;
export const DEFAULT_MIN_SAMPLE_PER_ARM = 100;

/** A posterior marginal: either a normal or a beta distribution. */
export type Posterior = { family: "normal"; mean: number; variance: number } | { family: "beta"; alpha: number; beta: number };

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
  const priorPrecision = Number.isFinite(prior.variance) ? 1 / prior.variance : 0;
  const sampleMean = s.sum / s.n;
  const sv = sampleVariance(s);
  const precision = priorPrecision + s.n / sv;
  return {
    mean: (prior.mean * priorPrecision + (s.n * sampleMean) / sv) / precision,
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

/** Mean and sd of a posterior. */
function moments(p: Posterior): { mean: number; sd: number } {
  if (p.family === "normal") return { mean: p.mean, sd: Math.sqrt(p.variance) };
  const s = p.alpha + p.beta;
  return { mean: p.alpha / s, sd: Math.sqrt((p.alpha * p.beta) / (s * s * (s + 1))) };
}

function support(p: Posterior): [number, number] {
  const { mean, sd } = moments(p);
  if (p.family === "normal") return [mean - 12 * sd, mean + 12 * sd];
  return [Math.max(0, mean - 14 * sd), Math.min(1, mean + 14 * sd)];
}

/**
 * Above this many pseudo-counts on both sides a beta posterior is replaced by
 * the normal with its mean and variance (skewness < 0.06): the beta CDF gets
 * slow there, and the allocation does not need more than 1e-3.
 */
const BETA_NORMAL_LIMIT = 1000;

function validPosterior(p: Posterior): boolean {
  if (p.family === "normal") return Number.isFinite(p.mean) && Number.isFinite(p.variance) && p.variance > 0;
  return Number.isFinite(p.alpha) && Number.isFinite(p.beta) && p.alpha > 0 && p.beta > 0;
}

function working(p: Posterior): Posterior {
  if (p.family === "beta" && Math.min(p.alpha, p.beta) > BETA_NORMAL_LIMIT) {
    const { mean, sd } = moments(p);
    return { family: "normal", mean, variance: sd * sd };
  }
  return p;
}

/**
 * Probability that each arm is the best (largest, or smallest when lower is
 * better): P(best_i) = ∫ f_i(x) Π_{j≠i} F_j(x) dx, by fixed composite
 * Gauss–Legendre quadrature over ±12 sd of arm i (two normal arms: the closed
 * form Φ(Δ/sqrt(v₁ + v₂))). A fixed number of evaluations — at most
 * 96 × K² CDF calls — bounds time and memory for any counts; posteriors with
 * non-finite or non-positive parameters throw StatsInputError.
 */
export function probabilityBest(posteriors: readonly Posterior[], higherIsBetter = true): number[] {
  posteriors.forEach((p, i) => {
    if (!validPosterior(p)) throw new StatsInputError(`posteriors[${i}]`, "parameters must be finite, variance and beta shapes > 0");
  });
  const arms = posteriors.map(working);
  const [first, second] = arms;
  if (arms.length === 1) return [1];
  if (arms.length === 2 && first?.family === "normal" && second?.family === "normal") {
    const z = (first.mean - second.mean) / Math.sqrt(first.variance + second.variance);
    const p0 = normalCdf(higherIsBetter ? z : -z);
    return [p0, normalCdf(higherIsBetter ? -z : z)];
  }
  const raw = arms.map((pi, i) => {
    const [lo, hi] = support(pi);
    return gaussLegendre(
      (x) => {
        let prod = pdf(pi, x);
        for (let j = 0; j < arms.length && prod > 0; j++) {
          const pj = arms[j];
          if (j !== i && pj) prod *= higherIsBetter ? cdf(pj, x) : 1 - cdf(pj, x);
        }
        return prod;
      },
      lo,
      hi,
      QUADRATURE_PANELS,
    );
  });
  const total = raw.reduce((s, v) => s + v, 0);
  return total > 0 ? raw.map((v) => v / total) : raw.map(() => 1 / raw.length);
}

/** 12 panels × 8 nodes: exact to ~1e-10 on a posterior density over ±12 sd. */
const QUADRATURE_PANELS = 12;

/** The fixed budget of a Monte Carlo P(best): bounded time for any input. */
export const MAX_MONTE_CARLO_DRAWS = 1_000_000;

/** Monte Carlo P(best) from `draws` joint posterior draws with a seeded source. */
export function probabilityBestMonteCarlo(
  posteriors: readonly Posterior[],
  draws: number,
  random: Random,
  higherIsBetter = true,
): number[] {
  if (!(Number.isInteger(draws) && draws >= 1 && draws <= MAX_MONTE_CARLO_DRAWS)) {
    throw new StatsInputError("draws", `must be an integer in [1, ${MAX_MONTE_CARLO_DRAWS}], got ${draws}`);
  }
  posteriors.forEach((p, i) => {
    if (!validPosterior(p)) throw new StatsInputError(`posteriors[${i}]`, "parameters must be finite, variance and beta shapes > 0");
  });
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
  if (!(floor >= 0 && floor < 1)) return insufficient(`floor = ${floor} must lie in [0, 1)`);
  for (const a of arms) {
    const s = a.stats;
    const problem =
      "successes" in s
        ? countProblem(s.n, s.successes)
        : (countProblem(s.n) ?? (Number.isFinite(s.sum) && Number.isFinite(s.sumSquares) ? null : "sum and sumSquares must be finite"));
    if (problem) return insufficient(`arm ${a.id}: ${problem}`);
  }
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
