/**
 * Proportion arms for decisions, valid with 0 or few events in an arm.
 *
 * The plug-in variance p̂(1 − p̂)/n is 0 for an arm with no events, so a
 * 0/150 challenger against a 57/5,700 champion looked "significantly better"
 * (p ≈ 1e-11; Fisher's exact test: p = 0.40). Two guards, both from the
 * literature on small-sample binomial inference (docs/statistics.md):
 *
 * 1. The normal approximation is used only once every arm expects, under H₀
 *    (one common rate p̄ pooled over both arms), at least `minEvents` events
 *    and non-events: n_i p̄ ≥ m and n_i (1 − p̄) ≥ m (Cochran 1954; Agresti
 *    2013 §1.4 use 5; Arena uses 10 because the sequential test looks many
 *    times). Below it, a test of "no difference" is exact and conditional:
 *    given K events in all, the challenger's count is Binomial(K, π₀) under
 *    H₀, π₀ = n_b/(n_a + n_b) (Poisson limit; also under any ramp of the
 *    split, since only cumulative exposure matters). Fixed horizon: the
 *    two-sided exact binomial p; sequential: the beta-binomial mixture Bayes
 *    factor (Lindon & Malek 2022 with two categories), anytime-valid.
 *    A margin or minimum effect θ moves π₀ to the rate ratio r₀ of H₀:
 *    π = n_b r₀/(n_a + n_b r₀), with r₀ = 1 + θ exactly for a relative
 *    difference and r₀ = (p̂_a + θ)/p̂_a (champion plug-in) for an absolute
 *    one; the plug-in is used only when the champion is the larger arm,
 *    otherwise the comparison stays insufficient_data ("not enough events …").
 * 2. Each arm's variance is floored by the null variance and by the
 *    Agresti–Caffo adjusted rate p̃ = (x + 1)/(n + 2):
 *    Var_i = max(p̂(1 − p̂), p̃(1 − p̃), p̄(1 − p̄))/n_i. Under H₀ the pooled
 *    term is the score test's variance (Farrington & Manning 1990); away
 *    from H₀ p̃ keeps the interval's coverage near nominal even at x = 0
 *    (Agresti & Caffo 2000). Taking the largest never shrinks the interval.
 */
import { betaCdf } from "./distributions.js";
import type { ArmEstimate } from "./estimate.js";
import { countProblem } from "./input-error.js";
import { insufficient, type StatResult } from "./result.js";
import { srmLogBayesFactor } from "./srm.js";
import type { ProportionStats } from "./sufficient-stats.js";

/** Least expected events (and non-events) per arm under H₀ before a proportion verdict. */
export const DEFAULT_MIN_EXPECTED_EVENTS = 10;

/** Dirichlet concentration of the rare-event mixture: diffuse, for the large rate ratios rare events can show. */
export const RARE_EVENT_CONCENTRATION = 10;

export interface RareEvents {
  reason: string;
  /** Events of the rarer kind (events, or non-events when p̄ > ½) in both arms. */
  events: number;
  challengerEvents: number;
  /** Whether `events` counts non-events. */
  complement: boolean;
  nChampion: number;
  nChallenger: number;
  championRate: number;
}

export interface ProportionArms {
  champion: ArmEstimate;
  challenger: ArmEstimate;
  pooled: number;
  /** Set when the expected counts are below the normal approximation's condition. */
  rare?: RareEvents;
}

const fmt = (x: number): string => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

/**
 * Both arms of a proportion comparison with the floored variances above;
 * `rare` is set while the expected counts are below the normal condition.
 * @example proportionArms({ n: 5700, successes: 57 }, { n: 150, successes: 0 }).rare // challenger expects 1.5 events
 */
export function proportionArms(
  a: ProportionStats,
  b: ProportionStats,
  minEvents = DEFAULT_MIN_EXPECTED_EVENTS,
): StatResult<ProportionArms> {
  for (const [label, s] of [
    ["champion", a],
    ["challenger", b],
  ] as const) {
    const problem = countProblem(s.n, s.successes);
    if (problem) return insufficient(`${label}: ${problem}`);
    if (s.n < 2) return insufficient(`${label}: n = ${s.n} < 2`);
  }
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const nMin = Math.min(a.n, b.n);
  const expectedEvents = nMin * pooled;
  const expectedNonEvents = nMin * (1 - pooled);
  const arm = nMin === b.n ? "the challenger" : "the champion";
  let reason: string | null = null;
  if (expectedEvents < minEvents) {
    reason = `not enough events: at the pooled rate ${(100 * pooled).toPrecision(2)} % ${arm} (n = ${nMin}) expects ${fmt(expectedEvents)} events; the normal approximation needs ≥ ${minEvents} per arm`;
  } else if (expectedNonEvents < minEvents) {
    reason = `not enough non-events: ${arm} (n = ${nMin}) expects ${fmt(expectedNonEvents)}; the normal approximation needs ≥ ${minEvents} per arm`;
  }
  const nullVariance = pooled * (1 - pooled);
  const armOf = (s: ProportionStats): ArmEstimate => {
    const p = s.successes / s.n;
    const adjusted = (s.successes + 1) / (s.n + 2);
    const v = Math.max(p * (1 - p), adjusted * (1 - adjusted), nullVariance);
    return { value: p, variance: v / s.n, n: s.n };
  };
  const out: ProportionArms = { champion: armOf(a), challenger: armOf(b), pooled };
  if (reason !== null) {
    // Non-events are the events of the complementary rate: condition on whichever is rarer.
    const eventsAreRare = pooled <= 0.5;
    const xa = eventsAreRare ? a.successes : a.n - a.successes;
    const xb = eventsAreRare ? b.successes : b.n - b.successes;
    out.rare = {
      reason,
      events: xa + xb,
      challengerEvents: xb,
      complement: !eventsAreRare,
      nChampion: a.n,
      nChallenger: b.n,
      championRate: a.successes / a.n,
    };
  }
  return { status: "ok", ...out };
}

/**
 * Under H₀ "challenger − champion = θ", the probability that one of the rare
 * events falls in the challenger arm, or a reason there is no exact answer.
 */
export function nullShare(r: RareEvents, difference: "absolute" | "relative", theta: number): number | string {
  let ratio = 1;
  if (theta !== 0) {
    const pa = r.championRate;
    if (r.nChampion < r.nChallenger || !(pa > 0 && pa < 1)) return `${r.reason}; a margin or minimum effect needs them`;
    const pb0 = difference === "relative" ? pa * (1 + theta) : pa + theta;
    if (!(pb0 > 0 && pb0 < 1)) return `${r.reason}; the tested boundary ${pb0} is not a rate`;
    ratio = r.complement ? (1 - pb0) / (1 - pa) : pb0 / pa;
  }
  return (r.nChallenger * ratio) / (r.nChampion + r.nChallenger * ratio);
}

/**
 * p-value of "same rate in both arms" from the conditional count: the
 * challenger has x of the K events, X ~ Binomial(K, π₀) under H₀.
 * Fixed: 2 min(P(X ≤ x), P(X ≥ x)) (tails from the stdlib incomplete beta,
 * never 1 − cdf). Sequential: min(1, 1/BF), BF the beta-binomial mixture.
 * @example conditionalEventPValue(0, 57, 150 / 5850, false) // ≈ 0.45 (Fisher's exact: 0.40)
 */
export function conditionalEventPValue(x: number, events: number, share: number, sequential: boolean): number {
  if (events <= 0) return 1;
  if (sequential) {
    const logBf = srmLogBayesFactor([events - x, x], [1 - share, share], RARE_EVENT_CONCENTRATION);
    return Math.min(1, Math.exp(-logBf));
  }
  const lower = x >= events ? 1 : betaCdf(1 - share, events - x, x + 1);
  const upper = x <= 0 ? 1 : betaCdf(share, x, events - x + 1);
  return Math.min(1, 2 * Math.min(lower, upper));
}
