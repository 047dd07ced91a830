/**
 * Per-variant sufficient statistics: what telemetry stores per time window and
 * merges by addition, so an analysis costs the same for 10³ or 10⁹ events.
 */

/**
 * A numeric metric per unit: count, Σx, Σx², and — when the producer keeps
 * it — m2 = Σ(x − x̄)², accumulated by Welford's update and merged by Chan's
 * formula. Σx² − (Σx)²/n cancels catastrophically once |x̄| ≫ sd (values
 * around 1e7 with sd 1 lose every digit); m2 does not. Stored windows written
 * before m2 existed carry only the sums and are read with the sums formula.
 */
export interface MeanStats {
  n: number;
  sum: number;
  sumSquares: number;
  m2?: number;
}

/** A binary metric per unit: trials and successes. */
export interface ProportionStats {
  n: number;
  successes: number;
}

/**
 * A ratio of sums over units (cost per request = Σcost / Σrequests): the
 * numerator x and denominator y per unit, with Σx, Σx², Σy, Σy² and Σxy.
 */
export interface RatioStats {
  n: number;
  numeratorSum: number;
  numeratorSumSquares: number;
  denominatorSum: number;
  denominatorSumSquares: number;
  crossSum: number;
}

/** Confusion-matrix counts of a binary classifier. */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Counts per bin of a fixed binning (feature value or score histogram). */
export interface HistogramStats {
  counts: number[];
}

/**
 * m2 of a side: carried, or derived from that side's own sums (windows
 * written before m2 existed, SDK batches) — the derivation cancels only
 * within that one window, and every merge after it is exact.
 */
function m2Of(s: MeanStats): number {
  if (!(s.n > 0)) return 0;
  if (typeof s.m2 === "number" && Number.isFinite(s.m2) && s.m2 >= 0) return s.m2;
  const v = s.sumSquares - (s.sum * s.sum) / s.n;
  return v > 0 ? v : 0;
}

/**
 * a + b. m2 by Chan, Golub & LeVeque (1979): m2 = m2_a + m2_b + δ² n_a n_b/n,
 * δ = x̄_b − x̄_a.
 */
export function mergeMeanStats(a: MeanStats, b: MeanStats): MeanStats {
  const n = a.n + b.n;
  const ma = m2Of(a);
  const mb = m2Of(b);
  const between = a.n > 0 && b.n > 0 ? ((b.sum / b.n - a.sum / a.n) ** 2 * a.n * b.n) / n : 0;
  return { n, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares, m2: ma + mb + between };
}

/** Σ(x − x̄)²: m2 when carried, else from the sums (clamped at 0). */
export function sumSquaredDeviations(s: MeanStats): number {
  return m2Of(s);
}

export function mergeProportionStats(a: ProportionStats, b: ProportionStats): ProportionStats {
  return { n: a.n + b.n, successes: a.successes + b.successes };
}

/** Sample mean Σx / n. */
export function sampleMean(s: MeanStats): number {
  return s.sum / s.n;
}

/**
 * Unbiased sample variance m2/(n − 1); without m2, (Σx² − (Σx)²/n)/(n − 1),
 * clamped at 0 because cancellation can make it a tiny negative number.
 */
export function sampleVariance(s: MeanStats): number {
  if (s.n < 2) return 0;
  return sumSquaredDeviations(s) / (s.n - 1);
}

/** Bernoulli variance p(1 − p) (no n − 1 correction, as GrowthBook does). */
export function proportionVariance(s: ProportionStats): number {
  const p = s.successes / s.n;
  return p * (1 - p);
}

/** A proportion recast as a mean: Σx = Σx² = successes. */
export function proportionAsMean(s: ProportionStats): MeanStats {
  return { n: s.n, sum: s.successes, sumSquares: s.successes };
}
