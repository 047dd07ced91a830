/**
 * An always-valid test tuned to the plan's design effect: the likelihood ratio
 * of the symmetric two-point alternative ±δ (Wald 1945's SPRT for a simple
 * alternative, two-sided by mixing both signs with weight ½ — Robbins 1970's
 * mixture martingale with a two-point mixing distribution).
 *
 * With the standardised statistic z = (est − θ₀)/se and the information
 * I = 1/se², the Gaussian likelihood ratio of effect θ₀ ± δ against θ₀ is
 * exp(±δ_z z − δ_z²/2), δ_z = δ √I. Mixed over both signs:
 *
 *   Λ = exp(−δ_z²/2) · cosh(δ_z z)
 *
 * a nonnegative martingale with mean 1 under H₀ (for any information path),
 * so by Ville's inequality P(any look has Λ ≥ 1/α) ≤ α, however often one
 * looks and for however long: always-valid p = min(1, 1/Λ).
 *
 * The design effect enters as the plan states it: N* (`tuning`) is the
 * information time at which the fixed-horizon test at level α has 80 % power
 * for δ, so δ_z(N) = z_D √(N/N*), z_D = z₁₋α/₂ + z₀.₈. As for the normal mixture
 * (sequential.ts), N is the information time 4 n_a n_b/(n_a + n_b) and only
 * ratios N/N* matter, so the per-unit variance never needs to be known.
 *
 * Compared with the normal mixture tuned at the same plan, the boundary in z
 * at N* is 2.72 instead of ≈ 3.06, so at the design effect (mean z 2.80 at N*)
 * the median stopping time falls below the fixed horizon; the price is power
 * against effects below δ/2, which the boundary's upward drift (δ_z/2 per unit
 * of √I) never catches — acceptable because the plan stops at its maximum
 * anyway, and larger effects stop earlier than with the mixture.
 */
import { normalQuantile } from "./distributions.js";
import { sequentialRho } from "./sequential.js";

/** Power the plan's fixed-horizon design is assumed to have at N*. */
export const DESIGN_POWER = 0.8;

/** z_D = z₁₋α/₂ + z_power: the mean z of the design effect at N*. */
export function designZ(alpha: number): number {
  return normalQuantile(1 - alpha / 2) + normalQuantile(DESIGN_POWER);
}

/** δ_z at information time N for a plan whose fixed design is powered at N*. */
export function designDeltaZ(nTotal: number, tuning: number, alpha: number): number {
  return designZ(alpha) * Math.sqrt(Math.max(0, nTotal) / tuning);
}

/** ln cosh(x), stable for any |x|. */
function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** ln of the two-point likelihood ratio alone: −δ_z²/2 + ln cosh(δ_z z). */
export function twoPointLogLikelihoodRatio(z: number, nTotal: number, tuning: number, alpha: number): number {
  const d = designDeltaZ(nTotal, tuning, alpha);
  return -(d * d) / 2 + logCosh(d * z);
}

/**
 * Weight of the normal mixture inside the design boundary's martingale (ADR 022). The two-point test
 * alone never decides an effect below half the design effect, however long it runs — harmless when N*
 * is the plan's real design, a trap when the plan's minimums are only floors (a good challenger is
 * then never promoted). Λ = (1 − w)·Λ_two-point + w·Λ_mixture is still a nonnegative martingale with
 * mean 1 under H₀ (a convex combination of two), so Ville's bound holds unchanged; the mixture part,
 * tuned at 4 N* for the level w·α, keeps power against any effect as information grows (boundary in z
 * 3.9 at 25 N*, where the two-point test alone needs 7.3) and leaves the early boundary as wide (4.65 at
 * a tenth of N*). Price at N*: the boundary in z moves from 2.72 to 2.74.
 */
export const DESIGN_MIXTURE_WEIGHT = 0.1;
/** N* of the mixture part as a multiple of the design's N*. */
export const DESIGN_MIXTURE_TUNING_MULTIPLE = 4;

/** ρ of the mixture part (sequential.ts): tuned at 4 N* for the level w·α. */
const mixtureRho = (tuning: number, alpha: number): number =>
  sequentialRho(DESIGN_MIXTURE_WEIGHT * alpha, DESIGN_MIXTURE_TUNING_MULTIPLE * tuning);

/** ln of the normal mixture part. */
function mixtureLogLikelihoodRatio(z: number, nTotal: number, tuning: number, alpha: number): number {
  const rho = mixtureRho(tuning, alpha);
  const r = Math.max(0, nTotal) * rho * rho;
  return (r * z * z) / (2 * (r + 1)) - 0.5 * Math.log1p(r);
}

/** ln Λ of the design boundary: ln((1 − w)·Λ_two-point + w·Λ_mixture). */
export function designLogLikelihoodRatio(z: number, nTotal: number, tuning: number, alpha: number): number {
  const a = Math.log1p(-DESIGN_MIXTURE_WEIGHT) + twoPointLogLikelihoodRatio(z, nTotal, tuning, alpha);
  const b = Math.log(DESIGN_MIXTURE_WEIGHT) + mixtureLogLikelihoodRatio(z, nTotal, tuning, alpha);
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Always-valid p = min(1, 1/Λ), divided by `spend` when this test may spend only that share of α
 * (a proportion's phases, below): p < α ⇔ Λ ≥ 1/(spend·α).
 */
export function designPValue(z: number, nTotal: number, tuning: number, alpha: number, spend = 1): number {
  const l = designLogLikelihoodRatio(z, nTotal, tuning, alpha);
  return l <= 0 ? 1 : Math.min(1, Math.exp(-l) / spend);
}

/** acosh(e^u) for u ≥ 0 without overflow. */
function acoshExp(u: number): number {
  if (u > 30) return u + Math.LN2; // ln(2y) − 1/(4y²)…, y = e^u
  const y = Math.exp(u);
  return Math.log(y + Math.sqrt(y * y - 1));
}

/**
 * Half-width multiplier: the confidence sequence {θ : Λ(θ) < 1/(spend·α)} is est ± se · c, c the |z| at
 * which Λ reaches 1/(spend·α) (Infinity before any information); θ lies outside it exactly when
 * designPValue(…, spend) < α. Λ grows with |z|, and each part alone reaching its weighted share of the
 * threshold bounds c from above (two-point: acosh(e^{δ_z²/2}/((1 − w)·spend·α))/δ_z; mixture: its
 * multiplier at w·spend·α), so 200 bisection steps on [0, that bound] pin c to double precision.
 */
export function designMultiplier(nTotal: number, tuning: number, alpha: number, spend = 1): number {
  const d = designDeltaZ(nTotal, tuning, alpha);
  if (!(d > 0)) return Infinity;
  const w = DESIGN_MIXTURE_WEIGHT;
  const target = -Math.log(spend * alpha);
  const twoPoint = acoshExp((d * d) / 2 - Math.log((1 - w) * spend * alpha)) / d;
  const r = nTotal * mixtureRho(tuning, alpha) ** 2;
  const mixture = Math.sqrt(((r + 1) / r) * 2 * (0.5 * Math.log1p(r) - Math.log(w * spend * alpha)));
  let lo = 0;
  let hi = Math.min(twoPoint, mixture);
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (designLogLikelihoodRatio(mid, nTotal, tuning, alpha) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Share of α the exact conditional test (few events, rare-events.ts) may spend
 * under the design boundary; the normal test spends the rest. A proportion
 * stream starts with few events and switches to the normal test once enough
 * are expected, so its two always-valid tests look at the same rollout: by the
 * union bound the rollout's false-decision rate is ≤ wα + (1 − w)α = α only if
 * each p-value is divided by its share. (The normal mixture's slack used to
 * absorb this; the design boundary spends its α where the plan decides.)
 */
export const EXACT_PHASE_ALPHA_SHARE = 0.1;

/** The share of α a proportion's phase may spend under the design boundary. */
export function phaseSpend(phase: "exact" | "normal"): number {
  return phase === "exact" ? EXACT_PHASE_ALPHA_SHARE : 1 - EXACT_PHASE_ALPHA_SHARE;
}

/** One live step of a plan, as the design boundary's N* needs it. */
export interface DesignStep {
  /** Each challenger's share of the traffic during the step (the champion serves the rest). */
  share: number;
  /** Units every arm needs, counted since the rollout started, before the step may end. */
  minSamples: number;
}

/**
 * N* of the design boundary derived from a plan: the information time 4 n_a n_b/(n_a + n_b) at the
 * end of the plan when every step ends as soon as each arm holds max(step minimum, gate minimum)
 * units. The plan's last minimum is its fixed design's per-arm sample size; at a 50/50 split that
 * is N = 2m, but a 5 % canary reaches it in its small arm while the champion holds 19 m, N ≈ 3.8 m
 * (not the 20 m units served, nor the balanced 2 m). Shares are capped at 1/challengers like the
 * traffic; steps where an arm gets no traffic add nothing. 0 when no step serves both arms.
 * @example plannedInformationTime([{ share: 0.05, minSamples: 1000 }], 100) // 3800
 */
export function plannedInformationTime(steps: readonly DesignStep[], gateMinSamples: number, challengers = 1): number {
  const slots = Math.max(1, Math.floor(challengers));
  let nA = 0;
  let nB = 0;
  for (const step of steps) {
    const share = Math.min(step.share, 1 / slots);
    const championShare = 1 - slots * share;
    if (!(share > 0 && championShare > 0)) continue;
    const m = Math.max(step.minSamples, gateMinSamples);
    // Units served until both the challenger and the champion hold m.
    const served = Math.max(0, (m - nB) / share, (m - nA) / championShare);
    nA += championShare * served;
    nB += share * served;
  }
  return nA > 0 && nB > 0 ? (4 * nA * nB) / (nA + nB) : 0;
}

/** Least N* a plan-derived design boundary uses (the policy schema's least `sequentialTuning`). */
export const MIN_DESIGN_TUNING = 100;
