/**
 * CUPED / regression adjustment (Deng et al. 2013) as GrowthBook implements it:
 * one θ pooled over both arms, adjusted means ȳ − θ x̄, and the relative
 * difference over the *unadjusted* champion mean.
 */
import { differenceOf, welchDf, type DifferenceEstimate, type DifferenceType } from "./estimate.js";
import { insufficient, ok, type StatResult } from "./result.js";
import { informationTime } from "./sequential.js";

/** Post-period metric y and pre-period covariate x per unit. */
export interface CupedStats {
  n: number;
  postSum: number;
  postSumSquares: number;
  preSum: number;
  preSumSquares: number;
  /** Σ x·y. */
  crossSum: number;
}

interface Moments {
  n: number;
  meanPost: number;
  meanPre: number;
  varPost: number;
  varPre: number;
  cov: number;
}

function moments(s: CupedStats): Moments {
  const meanPost = s.postSum / s.n;
  const meanPre = s.preSum / s.n;
  return {
    n: s.n,
    meanPost,
    meanPre,
    varPost: Math.max(0, (s.postSumSquares - s.postSum * meanPost) / (s.n - 1)),
    varPre: Math.max(0, (s.preSumSquares - s.preSum * meanPre) / (s.n - 1)),
    cov: (s.crossSum - s.postSum * meanPre) / (s.n - 1),
  };
}

/**
 * θ = cov(post, pre)/var(pre) over both arms' units taken together (the OLS
 * slope of the pooled data, n − 1 denominators); 0 when either pooled variance is 0.
 */
export function cupedTheta(a: CupedStats, b: CupedStats): number {
  const n = a.n + b.n;
  const preSum = a.preSum + b.preSum;
  const postSum = a.postSum + b.postSum;
  const varPre = (a.preSumSquares + b.preSumSquares - (preSum * preSum) / n) / (n - 1);
  const varPost = (a.postSumSquares + b.postSumSquares - (postSum * postSum) / n) / (n - 1);
  if (!(varPre > 0) || !(varPost > 0)) return 0;
  const cov = (a.crossSum + b.crossSum - (postSum * preSum) / n) / (n - 1);
  return cov / varPre;
}

export interface CupedResult extends DifferenceEstimate {
  theta: number;
  adjustedMeanChampion: number;
  adjustedMeanChallenger: number;
}

/**
 * Regression-adjusted difference (challenger b − champion a).
 * relative: est = (adj_b − adj_a)/|ȳ_a|,
 * se² = (v_y,b + θ²v_x,b − 2θc_b)/(n_b ȳ_a²) + (v_y,a ȳ_b²/ȳ_a² − 2θc_a ȳ_b/ȳ_a + θ²v_x,a)/(n_a ȳ_a²).
 */
export function cupedDifference(a: CupedStats, b: CupedStats, difference: DifferenceType): StatResult<CupedResult> {
  if (a.n < 2 || b.n < 2) return insufficient("n < 2");
  const theta = cupedTheta(a, b);
  const ma = moments(a);
  const mb = moments(b);
  const adjA = ma.meanPost - theta * ma.meanPre;
  const adjB = mb.meanPost - theta * mb.meanPre;
  const vA = Math.max(0, ma.varPost + theta * theta * ma.varPre - 2 * theta * ma.cov);
  const vB = Math.max(0, mb.varPost + theta * theta * mb.varPre - 2 * theta * mb.cov);
  const armA = { value: adjA, variance: vA / a.n, n: a.n };
  const armB = { value: adjB, variance: vB / b.n, n: b.n };
  const df = welchDf(armA, armB);
  const extra = { theta, adjustedMeanChampion: adjA, adjustedMeanChallenger: adjB };
  if (difference === "absolute") {
    const d = differenceOf(armA, armB, "absolute", df);
    return d.status === "ok" ? ok({ ...d, ...extra }) : d;
  }
  const ya = ma.meanPost;
  const yb = mb.meanPost;
  if (ya === 0) return insufficient("relative difference undefined: champion mean is 0");
  const ya2 = ya * ya;
  const variance =
    vB / (b.n * ya2) + ((ma.varPost * (yb * yb)) / ya2 - (2 * theta * ma.cov * yb) / ya + theta * theta * ma.varPre) / (a.n * ya2);
  const se = Math.sqrt(variance);
  if (!(se > 0)) return insufficient("zero variance");
  return ok({ estimate: (adjB - adjA) / Math.abs(ya), se, df, nTotal: informationTime(a.n, b.n), difference, ...extra });
}
