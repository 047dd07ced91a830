/**
 * Sample ratio mismatch: do observed exposures follow the configured weights?
 * A mismatch means the split itself is broken (routing bug, biased logging),
 * so the comparison is invalid and must never promote.
 *
 * The controller checks after every batch, so the default test is sequential
 * (anytime-valid): Lindon & Malek (2022), "Anytime-valid inference for
 * multinomial count data" (NeurIPS). Under H₀ the counts are multinomial with
 * the configured shares θ; mixing the alternative over a Dirichlet(c·θ) prior
 * gives the Bayes factor
 *   BF = B(c·θ + x)/B(c·θ) / Π θ_i^{x_i},   B(v) = Π Γ(v_i)/Γ(Σ v_i),
 * a nonnegative martingale under H₀, so P(∃ look: BF ≥ 1/α) ≤ α (Ville) and
 * p = min(1, 1/BF) is valid over any number of looks. The fixed-horizon
 * χ² test (`srmChiSquare`) is kept for one-off checks and conformance: repeated
 * at every look its false-alarm rate grows with the number of looks.
 *
 * Traffic that reaches a zero-weight arm is a mismatch at once (p = 0).
 */
import { chiSquareSf, logGamma } from "./distributions.js";
import { insufficient, type StatResult } from "./result.js";

export const DEFAULT_SRM_THRESHOLD = 0.001;
export const DEFAULT_SRM_MIN_COUNT_PER_VARIANT = 8;
/**
 * Dirichlet concentration c of the mixture: the prior puts the alternative
 * shares within about ±sqrt(θ(1 − θ)/c) of the configured ones (±1.6 points
 * at 50/50), where real routing bugs live.
 */
export const DEFAULT_SRM_CONCENTRATION = 1000;

export interface SrmOptions {
  threshold?: number;
  minCountPerVariant?: number;
  /** "sequential" (default, anytime-valid) or "chi-square" (one look). */
  method?: "sequential" | "chi-square";
  concentration?: number;
}

export interface SrmResult {
  method: "sequential" | "chi-square";
  /** Pearson's X² of the counts (reported by both methods, for reading). */
  chi2: number;
  df: number;
  /** Sequential: the anytime-valid p = min(1, 1/BF); chi-square: P(χ²_df > X²). */
  pValue: number;
  expected: number[];
  mismatch: boolean;
  /** Indices of arms with weight 0 that received exposures. */
  zeroWeightTraffic: number[];
}

interface Prepared {
  total: number;
  shares: number[];
  expected: number[];
  chi2: number;
  df: number;
  zeroWeightTraffic: number[];
}

function prepare(observed: readonly number[], weights: readonly number[], minCount: number): StatResult<Prepared> {
  if (observed.length !== weights.length) return insufficient("observed and weights differ in length");
  if (observed.some((o) => !(Number.isFinite(o) && o >= 0))) return insufficient("exposures must be finite counts ≥ 0");
  if (weights.some((w) => !(Number.isFinite(w) && w >= 0))) return insufficient("weights must be finite and ≥ 0");
  const total = observed.reduce((s, o) => s + o, 0);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const active = weights.filter((w) => w > 0).length;
  if (active < 2) return insufficient("fewer than two arms with positive weight");
  const zeroWeightTraffic = observed.flatMap((o, i) => ((weights[i] ?? 0) === 0 && o > 0 ? [i] : []));
  if (zeroWeightTraffic.length === 0 && total < minCount * active)
    return insufficient(`only ${total} exposures; need ${minCount * active}`);
  const shares = weights.map((w) => w / weightSum);
  const expected = shares.map((s) => s * total);
  let chi2 = 0;
  observed.forEach((o, i) => {
    const e = expected[i] ?? 0;
    if (e > 0) chi2 += ((o - e) * (o - e)) / e;
  });
  return { status: "ok", total, shares, expected, chi2, df: active - 1, zeroWeightTraffic };
}

/** ln of the Dirichlet-multinomial Bayes factor above, over arms with positive share. */
export function srmLogBayesFactor(observed: readonly number[], shares: readonly number[], concentration: number): number {
  let logB1 = 0;
  let logB0 = 0;
  let sumPost = 0;
  let sumPrior = 0;
  let logLikelihood0 = 0;
  observed.forEach((x, i) => {
    const theta = shares[i] ?? 0;
    if (!(theta > 0)) return;
    const prior = concentration * theta;
    logB1 += logGamma(prior + x);
    logB0 += logGamma(prior);
    sumPost += prior + x;
    sumPrior += prior;
    logLikelihood0 += x * Math.log(theta);
  });
  return logB1 - logGamma(sumPost) - (logB0 - logGamma(sumPrior)) - logLikelihood0;
}

/**
 * Anytime-valid SRM check (default) or the one-look χ² (`method: "chi-square"`).
 * @example srmCheck([1000, 1300], [0.5, 0.5]) // mismatch (anytime-valid p ≈ 2e-6)
 * @example srmCheck([500, 500, 100], [0.5, 0.5, 0]) // mismatch: traffic on a zero-weight arm
 */
export function srmCheck(observed: readonly number[], weights: readonly number[], options: SrmOptions = {}): StatResult<SrmResult> {
  const method = options.method ?? "sequential";
  if (method === "chi-square") return srmChiSquare(observed, weights, options);
  const threshold = options.threshold ?? DEFAULT_SRM_THRESHOLD;
  const concentration = options.concentration ?? DEFAULT_SRM_CONCENTRATION;
  if (!(concentration > 0 && Number.isFinite(concentration)))
    return insufficient(`concentration = ${concentration} must be finite and > 0`);
  const p = prepare(observed, weights, options.minCountPerVariant ?? DEFAULT_SRM_MIN_COUNT_PER_VARIANT);
  if (p.status !== "ok") return p;
  const logBf = p.zeroWeightTraffic.length > 0 ? Infinity : srmLogBayesFactor(observed, p.shares, concentration);
  const pValue = Math.min(1, Math.exp(-logBf));
  const { chi2, df, expected, zeroWeightTraffic } = p;
  return { status: "ok", method, chi2, df, pValue, expected, mismatch: pValue < threshold, zeroWeightTraffic };
}

/**
 * Fixed-horizon Pearson χ² test, valid at one look only (GrowthBook's check):
 * e_i = w_i/Σw · Σo; X² = Σ (o_i − e_i)²/e_i over arms with w_i > 0; p = P(χ²_{k−1} > X²).
 * @example srmChiSquare([1000, 1200], [0.5, 0.5]) // p ≈ 2.0e-5, mismatch
 */
export function srmChiSquare(observed: readonly number[], weights: readonly number[], options: SrmOptions = {}): StatResult<SrmResult> {
  const threshold = options.threshold ?? DEFAULT_SRM_THRESHOLD;
  const p = prepare(observed, weights, options.minCountPerVariant ?? DEFAULT_SRM_MIN_COUNT_PER_VARIANT);
  if (p.status !== "ok") return p;
  const { chi2, df, expected, zeroWeightTraffic } = p;
  const pValue = zeroWeightTraffic.length > 0 ? 0 : chiSquareSf(chi2, df);
  return { status: "ok", method: "chi-square", chi2, df, pValue, expected, mismatch: pValue < threshold, zeroWeightTraffic };
}
