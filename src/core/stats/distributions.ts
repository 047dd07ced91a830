/**
 * Thin, typed wrappers over @stdlib distribution functions. Nothing here is
 * hand-written special-function code: incomplete beta/gamma come from stdlib.
 */
import betaDist from "@stdlib/stats-base-dists-beta";
import chiSquareDist from "@stdlib/stats-base-dists-chisquare";
import normalDist from "@stdlib/stats-base-dists-normal";
import tDist from "@stdlib/stats-base-dists-t";

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return normalDist.cdf(x, 0, 1);
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return normalDist.pdf(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalDist.quantile(p, 0, 1);
}

/** Upper tail 1 − Φ(x), computed as Φ(−x) to keep precision far in the tail. */
export function normalSf(x: number): number {
  return normalDist.cdf(-x, 0, 1);
}

/** Student t CDF; df = Infinity falls back to the normal. */
export function tCdf(x: number, df: number): number {
  return Number.isFinite(df) ? tDist.cdf(x, df) : normalCdf(x);
}

/** Student t quantile; df = Infinity falls back to the normal. */
export function tQuantile(p: number, df: number): number {
  return Number.isFinite(df) ? tDist.quantile(p, df) : normalQuantile(p);
}

/** Chi-square upper tail P(X > x). */
export function chiSquareSf(x: number, df: number): number {
  return 1 - chiSquareDist.cdf(x, df);
}

export function chiSquarePdf(x: number, df: number): number {
  return chiSquareDist.pdf(x, df);
}

export function chiSquareQuantile(p: number, df: number): number {
  return chiSquareDist.quantile(p, df);
}

export function betaCdf(x: number, a: number, b: number): number {
  return betaDist.cdf(x, a, b);
}

export function betaPdf(x: number, a: number, b: number): number {
  return betaDist.pdf(x, a, b);
}

export function betaQuantile(p: number, a: number, b: number): number {
  return betaDist.quantile(p, a, b);
}

/** Two-sided p-value of a t (or z, df = Infinity) statistic. */
export function twoSidedP(t: number, df: number): number {
  const tail = Number.isFinite(df) ? tDist.cdf(-Math.abs(t), df) : normalCdf(-Math.abs(t));
  return Math.min(1, 2 * tail);
}
