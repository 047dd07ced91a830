/**
 * Always-valid inference by a normal mixture (mixture SPRT / asymptotic
 * confidence sequence). The controller may look after every batch: the
 * interval covers the true effect at all looks simultaneously with
 * probability ≥ 1 − α, and the p-value is valid at any data-dependent stop.
 *
 * References: Johari, Koomen, Pekelis, Walsh (2017) "Peeking at A/B tests";
 * Waudby-Smith et al. (2023) "Time-uniform central limit theory and asymptotic
 * confidence sequences" eq. 9; GrowthBook gbstats sequential_rho / halfwidth.
 */
import { normalQuantile } from "./distributions.js";

/** GrowthBook's default expected sample size at which the sequence is tightest. */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/**
 * The time index of the mixture: the balanced-equivalent total sample size
 * 4 n_a n_b/(n_a + n_b), which equals n_a + n_b at a 50/50 split. The normal
 * mixture is a martingale only if its mixing ratio r = Nρ² grows in
 * proportion to the information 1/se² of the difference; under H₀ (equal
 * per-unit variances) that information is ∝ 1/(1/n_a + 1/n_b), so this index
 * keeps the test anytime-valid when the challenger serves 1 % of traffic or
 * its share ramps 5 → 25 → 50 %, where the raw total n_a + n_b does not.
 */
export function informationTime(nA: number, nB: number): number {
  return nA > 0 && nB > 0 ? (4 * nA * nB) / (nA + nB) : 0;
}

/** Bounds of a default N* derived from a plan. */
export const MIN_DEFAULT_TUNING = 1000;
export const MAX_TUNING = 1e9;

/**
 * The N* a rollout uses when its policy sets none: the balanced-equivalent
 * total the plan requires before it ends, 2 × Σ_steps max(step minimum,
 * gate minimum) units, and at least 1,000 (below, the sequence is needlessly
 * wide at the sample sizes where canaries decide).
 * @example defaultSequentialTuning([100, 500, 2000], 100) // 5200
 */
export function defaultSequentialTuning(stepMinSamples: readonly number[], gateMinSamples: number): number {
  const planned = stepMinSamples.reduce((sum, m) => sum + Math.max(m, gateMinSamples), 0);
  const n = 2 * (Number.isFinite(planned) ? planned : 0);
  return Math.min(MAX_TUNING, Math.max(MIN_DEFAULT_TUNING, n));
}

/** Why (α, N*) cannot parameterise a sequential test, or null when they can. */
export function sequentialProblem(alpha: number, tuning: number): string | null {
  if (!(alpha > 0 && alpha < 1)) return `alpha = ${alpha} must lie in (0, 1)`;
  if (!(Number.isFinite(tuning) && tuning >= 1)) return `sequential tuning N* = ${tuning} must be a finite number ≥ 1`;
  return null;
}

/**
 * Mixing scale ρ for a target sample size N*: the ρ that minimises the
 * half-width at N = N* (Waudby-Smith et al. eq. 155).
 * ρ = sqrt((−2 ln α + ln(−2 ln α + 1)) / N*).
 */
export function sequentialRho(alpha: number, tuning: number): number {
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / tuning);
}

/**
 * Half-width multiplier (the sequential analogue of z₁₋α/₂) at time N with
 * mixing ratio r = N ρ²: sqrt((r + 1)/r · 2 ln(sqrt(r + 1)/α)).
 */
export function sequentialMultiplier(nTotal: number, rho: number, alpha: number): number {
  const r = nTotal * rho * rho;
  return Math.sqrt(((r + 1) / r) * 2 * Math.log(Math.sqrt(r + 1) / alpha));
}

/** Confidence-sequence half-width for an estimate with standard error se at time N. */
export function sequentialHalfwidth(se: number, nTotal: number, rho: number, alpha: number): number {
  return se * sequentialMultiplier(nTotal, rho, alpha);
}

/**
 * Mixture likelihood ratio Λ = exp(r z²/(2(r + 1)))/sqrt(r + 1), z = (est − θ₀)/se,
 * r = N ρ². Always-valid p = min(1, 1/Λ).
 */
export function mixtureLikelihoodRatio(z: number, nTotal: number, rho: number): number {
  const r = nTotal * rho * rho;
  return Math.exp((r * z * z) / (2 * (r + 1))) / Math.sqrt(r + 1);
}

export function sequentialPValue(z: number, nTotal: number, rho: number): number {
  return Math.min(1, 1 / mixtureLikelihoodRatio(z, nTotal, rho));
}

/** Ratio of the sequential to the fixed-horizon half-width: the price of peeking at time N. */
export function sequentialInflation(nTotal: number, rho: number, alpha: number): number {
  return sequentialMultiplier(nTotal, rho, alpha) / normalQuantile(1 - alpha / 2);
}

export interface MsprtInput {
  /** Per-observation variance σ² in each arm. */
  sigma2: number;
  /** Mixture (prior) variance τ² of the effect. */
  tau2: number;
  nPerArm: number;
  /** Observed mean difference treatment − control. */
  diff: number;
  theta0?: number;
  alpha: number;
}

export interface MsprtResult {
  likelihoodRatio: number;
  pValue: number;
  halfwidth: number;
  ci: [number, number];
  reject: boolean;
}

/**
 * Johari et al. normal-mixture mSPRT for a difference of means with known
 * per-arm variance σ². With V = 2σ²: Λₙ = sqrt(V/(V + nτ²))·exp(n²τ²(d − θ₀)²/(2V(V + nτ²))).
 * Identical to the confidence sequence above with ρ² = τ²/V and time index n.
 */
export function msprtNormalMixture(input: MsprtInput): MsprtResult {
  const v = 2 * input.sigma2;
  const rho = Math.sqrt(input.tau2 / v);
  const se = Math.sqrt(v / input.nPerArm);
  const z = (input.diff - (input.theta0 ?? 0)) / se;
  const likelihoodRatio = mixtureLikelihoodRatio(z, input.nPerArm, rho);
  const halfwidth = sequentialHalfwidth(se, input.nPerArm, rho, input.alpha);
  return {
    likelihoodRatio,
    pValue: Math.min(1, 1 / likelihoodRatio),
    halfwidth,
    ci: [input.diff - halfwidth, input.diff + halfwidth],
    reject: likelihoodRatio >= 1 / input.alpha,
  };
}

/**
 * Running minimum of always-valid p-values across looks: still valid, and
 * what a controller should carry from batch to batch.
 */
export function runningMinimum(previous: number | undefined, current: number): number {
  return previous === undefined ? current : Math.min(previous, current);
}
