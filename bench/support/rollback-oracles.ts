/**
 * The physical limits bench/rollback.ts reports Arena against, on the canary stream the threshold rule
 * reads: the canary's errors second by second, 1 % → 5 % at the jump. Both oracles know both error rates.
 *
 * - Page's repeated SPRT (the headline): Wald's SPRT of 1 % against 5 % run from the start of the stream
 *   and restarted whenever it accepts H₀ (Page 1954: lower boundary 0, i.e. the CUSUM), so it watches the
 *   healthy minutes as Arena must. Its threshold is calibrated on A/A streams of the same length to a given
 *   false-alarm rate per stream — for a given rate no detector has a smaller worst-case delay (Lorden 1971,
 *   Moustakides 1986).
 * - the jump-knowing SPRT (a lower bound no detector can reach): one SPRT started at the jump, α = β = 0.05.
 */
import { mulberry32 } from "../../src/core/stats/random.js";
import { quantile } from "./stats.js";

export interface StreamShape {
  /** Canary requests a second. */
  perSecond: number;
  warmupSeconds: number;
  afterSeconds: number;
  healthy: number;
  broken: number;
}

export interface Detection {
  rolledBack: boolean;
  /** Seconds from the jump to the alarm (negative: before it; null: none). */
  seconds: number | null;
}

/** The canary's errors in each second; the error rate jumps from healthy to broken after the warm-up when `jump`. */
export function canaryStream(shape: StreamShape, seed: number, jump: boolean): number[] {
  const random = mulberry32(seed ^ 0x5bd1e995);
  const errors: number[] = [];
  for (let s = 0; s < shape.warmupSeconds + shape.afterSeconds; s++) {
    const rate = jump && s >= shape.warmupSeconds ? shape.broken : shape.healthy;
    let e = 0;
    for (let i = 0; i < shape.perSecond; i++) if (random() < rate) e++;
    errors.push(e);
  }
  return errors;
}

/** Log-likelihood ratio (broken vs healthy) of one second with `e` errors. */
function secondLlr(shape: StreamShape, e: number): number {
  return e * Math.log(shape.broken / shape.healthy) + (shape.perSecond - e) * Math.log((1 - shape.broken) / (1 - shape.healthy));
}

/** Page's statistic second by second: the SPRT's log-likelihood ratio, restarted at 0 whenever it falls to 0 (accepts H₀). */
function pagePath(shape: StreamShape, errors: readonly number[]): number[] {
  let w = 0;
  return errors.map((e) => (w = Math.max(0, w + secondLlr(shape, e))));
}

/** Page's repeated SPRT with threshold h (nats): the first second its statistic reaches h. */
export function pageRun(shape: StreamShape, errors: readonly number[], threshold: number): Detection {
  const i = pagePath(shape, errors).findIndex((w) => w >= threshold);
  return i < 0 ? { rolledBack: false, seconds: null } : { rolledBack: true, seconds: i + 1 - shape.warmupSeconds };
}

/**
 * The threshold at which Page's repeated SPRT raises a false alarm in a fraction `rate` of A/A streams of this
 * shape: the (1 − rate) quantile of the statistic's maximum over `streams` seeded A/A streams. Exact for the
 * simulated streams because the statistic's path does not depend on the threshold (it restarts at 0, not at h).
 */
export function calibratePage(shape: StreamShape, rate: number, streams: number, seed: number): number {
  const maxima = Array.from({ length: streams }, (_, i) => Math.max(0, ...pagePath(shape, canaryStream(shape, seed + i, false))));
  return quantile(maxima, 1 - rate);
}

/** Wald's SPRT started at the moment of the jump (which no detector watching the stream can know); α = β. */
export function jumpKnowingSprt(shape: StreamShape, errors: readonly number[], alpha: number): Detection {
  const upper = Math.log((1 - alpha) / alpha);
  const lower = Math.log(alpha / (1 - alpha));
  let llr = 0;
  for (let s = shape.warmupSeconds; s < errors.length; s++) {
    llr += secondLlr(shape, errors[s] ?? 0);
    if (llr >= upper) return { rolledBack: true, seconds: s + 1 - shape.warmupSeconds };
    if (llr <= lower) return { rolledBack: false, seconds: null };
  }
  return { rolledBack: false, seconds: null };
}
