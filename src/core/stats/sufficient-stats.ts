/**
 * Per-variant sufficient statistics: what telemetry stores per time window and
 * merges by addition, so an analysis costs the same for 10³ or 10⁹ events.
 */

/** A numeric metric per unit: count, Σx, Σx². */
export interface MeanStats {
  n: number;
  sum: number;
  sumSquares: number;
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

export function mergeMeanStats(a: MeanStats, b: MeanStats): MeanStats {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares };
}

export function mergeProportionStats(a: ProportionStats, b: ProportionStats): ProportionStats {
  return { n: a.n + b.n, successes: a.successes + b.successes };
}

/** Sample mean Σx / n. */
export function sampleMean(s: MeanStats): number {
  return s.sum / s.n;
}

/**
 * Unbiased sample variance (Σx² − (Σx)²/n)/(n − 1), clamped at 0 because
 * cancellation can make it a tiny negative number for constant data.
 */
export function sampleVariance(s: MeanStats): number {
  if (s.n < 2) return 0;
  const v = (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1);
  return v > 0 ? v : 0;
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
