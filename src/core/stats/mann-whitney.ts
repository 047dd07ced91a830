/**
 * Mann–Whitney U (Wilcoxon rank-sum) test with tie correction, and the
 * Hodges–Lehmann shift estimate with the interval R's wilcox.test computes
 * (exact = FALSE, correct = TRUE) — the algorithm Kayenta's canary judge ports.
 * For small raw samples (canary request latencies, per-instance metrics).
 */
import { normalQuantile, normalSf } from "./distributions.js";
import { bisect } from "./numeric.js";
import { averageRanks } from "./ranks.js";
import { insufficient, ok, type StatResult } from "./result.js";

export interface MannWhitneyOptions {
  /** Confidence level of the shift interval (Kayenta uses 0.98 in its judge). */
  confidenceLevel?: number;
  /** Continuity correction of ±0.5 on U (default true, as scipy and R). */
  continuity?: boolean;
}

export interface MannWhitneyResult {
  /** U of the champion sample: R_champion − n(n + 1)/2. */
  uChampion: number;
  uChallenger: number;
  rankSumChampion: number;
  tieTerm: number;
  sigma: number;
  /** Two-sided asymptotic p-value. */
  pValue: number;
  /** Hodges–Lehmann estimate of the shift challenger − champion (median of pairwise differences). */
  shift: number;
  /** Interval for the shift by inverting the rank test (R wilcox.test algorithm). */
  ci: [number, number];
}

function tieCorrectedSigma(nx: number, ny: number, tieTerm: number): number {
  const n = nx + ny;
  return Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
}

/** Median of all pairwise differences x_i − y_j. */
export function hodgesLehmann(x: readonly number[], y: readonly number[]): number {
  const diffs = new Float64Array(x.length * y.length);
  let k = 0;
  for (const xi of x) for (const yj of y) diffs[k++] = xi - yj;
  diffs.sort();
  const m = diffs.length;
  return m % 2 === 1 ? (diffs[(m - 1) / 2] ?? 0) : ((diffs[m / 2 - 1] ?? 0) + (diffs[m / 2] ?? 0)) / 2;
}

/**
 * Standardised rank statistic of x − d against y, minus zq (R's `wdiff`):
 * (dz − ½ sign(dz))/σ − zq with dz = Σ rank(x − d) − nx(nx + 1)/2 − nx ny/2.
 * Non-increasing in d, with jumps at the pairwise differences.
 */
function shiftStatistic(x: readonly number[], y: readonly number[], d: number, zq: number, continuity: boolean): number {
  const combined = new Float64Array(x.length + y.length);
  x.forEach((v, i) => (combined[i] = v - d));
  y.forEach((v, i) => (combined[x.length + i] = v));
  const { ranks, tieTerm } = averageRanks(combined);
  let rx = 0;
  for (let i = 0; i < x.length; i++) rx += ranks[i] ?? 0;
  const nx = x.length;
  const ny = y.length;
  const dz = rx - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  const correction = continuity ? Math.sign(dz) * 0.5 : 0;
  return (dz - correction) / tieCorrectedSigma(nx, ny, tieTerm) - zq;
}

function shiftRoot(x: readonly number[], y: readonly number[], zq: number, continuity: boolean): number {
  const muMin = Math.min(...x) - Math.max(...y);
  const muMax = Math.max(...x) - Math.min(...y);
  const f = (d: number): number => shiftStatistic(x, y, d, zq, continuity);
  if (f(muMin) <= 0) return muMin;
  if (f(muMax) >= 0) return muMax;
  return bisect(f, muMin, muMax, 1e-14);
}

/**
 * Two-sided Mann–Whitney test of challenger vs champion and the shift interval.
 * @example mannWhitney([1.2, 2.0, 3.5], [3.5, 4.1, 5.0])
 */
export function mannWhitney(
  champion: readonly number[],
  challenger: readonly number[],
  options: MannWhitneyOptions = {},
): StatResult<MannWhitneyResult> {
  const continuity = options.continuity ?? true;
  const nx = champion.length;
  const ny = challenger.length;
  if (nx < 1 || ny < 1) return insufficient("an arm has no observations");
  if ([...champion, ...challenger].some((v) => !Number.isFinite(v))) return insufficient("non-finite observation");
  const { ranks, tieTerm } = averageRanks([...champion, ...challenger]);
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i] ?? 0;
  const uChampion = rankSum - (nx * (nx + 1)) / 2;
  const uChallenger = nx * ny - uChampion;
  const sigma = tieCorrectedSigma(nx, ny, tieTerm);
  if (!(sigma > 0)) return insufficient("all observations are tied");
  const z = (Math.max(uChampion, uChallenger) - (nx * ny) / 2 - (continuity ? 0.5 : 0)) / sigma;
  const pValue = Math.min(1, 2 * normalSf(z));
  const level = options.confidenceLevel ?? 0.95;
  const zq = normalQuantile(1 - (1 - level) / 2);
  const lower = shiftRoot(challenger, champion, zq, continuity);
  const upper = shiftRoot(challenger, champion, -zq, continuity);
  return ok({
    uChampion,
    uChallenger,
    rankSumChampion: rankSum,
    tieTerm,
    sigma,
    pValue,
    shift: hodgesLehmann(challenger, champion),
    ci: [lower, upper],
  });
}
