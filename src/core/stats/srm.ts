/**
 * Sample ratio mismatch: a χ² goodness-of-fit test of observed exposures
 * against the configured weights. A mismatch means the split itself is broken
 * (routing bug, biased logging), so the comparison is invalid and must never
 * promote. Thresholds follow GrowthBook: p < 0.001, and only once every arm
 * could have ≥ 8 units on average.
 */
import { chiSquareSf } from "./distributions.js";
import { insufficient, type StatResult } from "./result.js";

export const DEFAULT_SRM_THRESHOLD = 0.001;
export const DEFAULT_SRM_MIN_COUNT_PER_VARIANT = 8;

export interface SrmOptions {
  threshold?: number;
  minCountPerVariant?: number;
}

export interface SrmResult {
  chi2: number;
  df: number;
  pValue: number;
  expected: number[];
  mismatch: boolean;
}

/**
 * e_i = w_i/Σw · Σo; X² = Σ (o_i − e_i)²/e_i over arms with w_i > 0; p = P(χ²_{k−1} > X²).
 * @example srmCheck([1000, 1200], [0.5, 0.5]) // p ≈ 2.0e-5, mismatch
 */
export function srmCheck(observed: readonly number[], weights: readonly number[], options: SrmOptions = {}): StatResult<SrmResult> {
  if (observed.length !== weights.length) return insufficient("observed and weights differ in length");
  const threshold = options.threshold ?? DEFAULT_SRM_THRESHOLD;
  const minCount = options.minCountPerVariant ?? DEFAULT_SRM_MIN_COUNT_PER_VARIANT;
  const total = observed.reduce((s, o) => s + o, 0);
  const weightSum = weights.reduce((s, w) => s + (w > 0 ? w : 0), 0);
  const active = weights.filter((w) => w > 0).length;
  if (active < 2) return insufficient("fewer than two arms with positive weight");
  if (total < minCount * observed.length) return insufficient(`only ${total} exposures; need ${minCount * observed.length}`);
  const expected = weights.map((w) => (w > 0 ? (w / weightSum) * total : 0));
  let chi2 = 0;
  observed.forEach((o, i) => {
    const e = expected[i] ?? 0;
    if (e > 0) chi2 += ((o - e) * (o - e)) / e;
  });
  const df = active - 1;
  const pValue = chiSquareSf(chi2, df);
  return { status: "ok" as const, chi2, df, pValue, expected, mismatch: pValue < threshold };
}
