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

/** Number of pairs with x_i − y_j ≤ d; x and y sorted ascending. O(n + m). */
function pairsAtMost(x: Float64Array, y: Float64Array, d: number): number {
  let count = 0;
  // x_i − y_j decreases in j; the first j with x_i − y_j ≤ d only moves right as x_i grows.
  // The difference itself is compared (not y_j against x_i − d) so rounding agrees with largestAtMost.
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    while (j < y.length && xi - (y[j] ?? 0) > d) j++;
    count += y.length - j;
  }
  return count;
}

/** The largest pairwise difference x_i − y_j that is ≤ d (exact, one of the differences). O(n + m). */
function largestAtMost(x: Float64Array, y: Float64Array, d: number): number {
  let best = -Infinity;
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    while (j < y.length && xi - (y[j] ?? 0) > d) j++;
    if (j < y.length) best = Math.max(best, xi - (y[j] ?? 0));
  }
  return best;
}

/** The largest pairwise difference strictly below d. O(n + m). */
function largestBelow(x: Float64Array, y: Float64Array, d: number): number {
  let best = -Infinity;
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    while (j < y.length && xi - (y[j] ?? 0) >= d) j++;
    if (j < y.length) best = Math.max(best, xi - (y[j] ?? 0));
  }
  return best;
}

/** The k-th smallest (1-based) of the n·m pairwise differences, by bisection on the value: O((n + m) · 200). */
function kthDifference(x: Float64Array, y: Float64Array, k: number): number {
  let lo = (x[0] ?? 0) - (y[y.length - 1] ?? 0);
  let hi = (x[x.length - 1] ?? 0) - (y[0] ?? 0);
  for (let it = 0; it < 200 && hi > lo; it++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (pairsAtMost(x, y, mid) >= k) hi = mid;
    else lo = mid;
  }
  // (lo, hi] holds the k-th, but at the resolution of doubles (denormals) it may hold several
  // differences: step down while a smaller difference still has ≥ k pairs at or below it.
  let value = largestAtMost(x, y, pairsAtMost(x, y, lo) >= k ? lo : hi);
  for (let step = 0; step < 64; step++) {
    const below = largestBelow(x, y, value);
    if (below === -Infinity || pairsAtMost(x, y, below) < k) break;
    value = below;
  }
  return value;
}

/**
 * Median of all pairwise differences x_i − y_j, without materialising the n·m
 * differences: O((n + m) log(n + m)) time and O(n + m) memory (the naive sort
 * took 13.5 s and 128 MB at 4,000 per arm).
 */
export function hodgesLehmann(x: readonly number[], y: readonly number[]): number {
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const m = xs.length * ys.length;
  if (m === 0) return NaN;
  if (m % 2 === 1) return kthDifference(xs, ys, (m + 1) / 2);
  return (kthDifference(xs, ys, m / 2) + kthDifference(xs, ys, m / 2 + 1)) / 2;
}

/**
 * Rank sum of x − d in the combined sample and the tie term, by merging the
 * two sorted samples: O(n + m), no allocation (a sort per bisection step made
 * the interval cost O(200 (n + m) log(n + m))).
 */
function shiftedRankSum(xs: Float64Array, ys: Float64Array, d: number): { rx: number; tieTerm: number } {
  let i = 0;
  let j = 0;
  let rank = 0;
  let rx = 0;
  let tieTerm = 0;
  while (i < xs.length || j < ys.length) {
    const nextX = i < xs.length ? (xs[i] ?? 0) - d : Infinity;
    const nextY = j < ys.length ? (ys[j] ?? 0) : Infinity;
    const v = Math.min(nextX, nextY);
    let cx = 0;
    let cy = 0;
    while (i < xs.length && (xs[i] ?? 0) - d === v) {
      i++;
      cx++;
    }
    while (j < ys.length && ys[j] === v) {
      j++;
      cy++;
    }
    const t = cx + cy;
    rx += cx * (rank + (t + 1) / 2);
    rank += t;
    if (t > 1) tieTerm += t * t * t - t;
  }
  return { rx, tieTerm };
}

/**
 * Standardised rank statistic of x − d against y, minus zq (R's `wdiff`):
 * (dz − ½ sign(dz))/σ − zq with dz = Σ rank(x − d) − nx(nx + 1)/2 − nx ny/2.
 * Non-increasing in d, with jumps at the pairwise differences. x and y sorted.
 */
function shiftStatistic(xs: Float64Array, ys: Float64Array, d: number, zq: number, continuity: boolean): number {
  const { rx, tieTerm } = shiftedRankSum(xs, ys, d);
  const nx = xs.length;
  const ny = ys.length;
  const dz = rx - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  const correction = continuity ? Math.sign(dz) * 0.5 : 0;
  return (dz - correction) / tieCorrectedSigma(nx, ny, tieTerm) - zq;
}

function shiftRoot(x: readonly number[], y: readonly number[], zq: number, continuity: boolean): number {
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const muMin = (xs[0] ?? 0) - (ys[ys.length - 1] ?? 0);
  const muMax = (xs[xs.length - 1] ?? 0) - (ys[0] ?? 0);
  const f = (d: number): number => shiftStatistic(xs, ys, d, zq, continuity);
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
