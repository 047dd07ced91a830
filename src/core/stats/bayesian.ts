/**
 * Bayesian read-outs: the probability that the challenger beats the champion
 * and the expected loss of each choice.
 *
 * Gaussian effect model (GrowthBook EffectBayesianABTest): the data give an
 * effect estimate with standard error; a flat prior leaves N(est, se²), a
 * proper prior N(m₀, v₀) on the effect is combined by precision weighting.
 */
import { normalCdf, normalPdf, normalQuantile } from "./distributions.js";
import type { DifferenceEstimate } from "./estimate.js";

export interface GaussianPrior {
  mean: number;
  variance: number;
}

export interface BayesianEffect {
  mean: number;
  sd: number;
  /** P(effect > 0): in "higher is better" units, the chance to beat the champion. */
  chanceToWin: number;
  /** Equal-tailed (1 − α) credible interval. */
  ci: [number, number];
  /**
   * Expected loss [of keeping the champion, of choosing the challenger]:
   * [E max(X, 0), E max(−X, 0)].
   */
  risk: [number, number];
}

/** Posterior N(mean, sd²) of the effect given data (est, se) and an optional proper prior. */
export function gaussianPosterior(estimate: number, se: number, prior?: GaussianPrior): { mean: number; sd: number } {
  if (!prior) return { mean: estimate, sd: se };
  const precision = 1 / (se * se) + 1 / prior.variance;
  return { mean: (estimate / (se * se) + prior.mean / prior.variance) / precision, sd: Math.sqrt(1 / precision) };
}

/** E[max(X, 0)] for X ~ N(μ, σ²) = μΦ(μ/σ) + σφ(μ/σ). */
export function expectedPositivePart(mean: number, sd: number): number {
  const z = mean / sd;
  return mean * normalCdf(z) + sd * normalPdf(z);
}

export function bayesianEffect(estimate: number, se: number, alpha: number, prior?: GaussianPrior): BayesianEffect {
  const { mean, sd } = gaussianPosterior(estimate, se, prior);
  const q = normalQuantile(1 - alpha / 2);
  return {
    mean,
    sd,
    chanceToWin: normalCdf(mean / sd),
    ci: [mean - q * sd, mean + q * sd],
    risk: [expectedPositivePart(mean, sd), expectedPositivePart(-mean, sd)],
  };
}

export interface DirectionalBayes {
  /** Probability the challenger is better, in the metric's own direction. */
  chanceToBeatChampion: number;
  /** Expected loss (in effect units) if the challenger is chosen and it is worse. */
  expectedLoss: number;
}

/** Direction-aware summary of a difference under a flat prior. */
export function directionalBayes(d: DifferenceEstimate, higherIsBetter: boolean): DirectionalBayes {
  const mean = higherIsBetter ? d.estimate : -d.estimate;
  return {
    chanceToBeatChampion: normalCdf(mean / d.se),
    expectedLoss: expectedPositivePart(-mean, d.se),
  };
}
