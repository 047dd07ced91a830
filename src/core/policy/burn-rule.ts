/**
 * When an SLO burn-rate rule fires, with the SRE Workbook's meaning ("Alerting
 * on SLOs", multiwindow, multi-burn-rate alerts): a rule `{long, short,
 * burnRate: N}` fires when the measured burn rate — error ratio ÷ (1 − SLO) —
 * is at least N over BOTH windows. A rule set at 6× fires on a true 6× burn.
 *
 * Guarded only against noise at tiny counts, never by demanding that the burn
 * exceed N significantly: each window must hold at least `minEvents` events,
 * and the errors must be more than noise around the budget rate (1×) by one of
 * two paths (docs/statistics.md, "Burn-rate noise guard"; ADR 023):
 * - anytime-valid: the version's errors since its start, Wald's likelihood
 *   ratio of N× against 1×, reach 1/sequentialAlpha. A supermartingale under
 *   1×, so over the whole rollout, every look included, at most a
 *   `sequentialAlpha` share of healthy versions ever pass this path (Ville).
 * - per window: each window's errors are significantly above 1×,
 *   P(X ≥ errors | X ~ Binomial(total, 1 − SLO)) < alpha. Catches a regression
 *   that starts late, after healthy minutes have pulled the ratio down; its
 *   level holds per look only.
 */
import { burnLogLikelihoodRatio, excessPValue } from "../stats/burn-rate.js";

export interface BurnGuard {
  /** Least events in each window before the rule may fire (default 100). */
  minEvents: number;
  /** Per-window path: each window's errors significantly above the budget rate at this level, at one look (default 0.001). */
  alpha: number;
  /** Anytime-valid path: the likelihood ratio of N× vs 1× since the start must reach 1/sequentialAlpha (default 0.01). */
  sequentialAlpha: number;
}

export const DEFAULT_BURN_GUARD: BurnGuard = { minEvents: 100, alpha: 0.001, sequentialAlpha: 0.01 };

/** Errors and events over one window (null: nothing observed there). */
export interface BurnWindow {
  errors: number;
  total: number;
}

export interface BurnRuleReading {
  /** Measured burn rates (null: no events in that window: never "not burning"). */
  longBurnRate: number | null;
  shortBurnRate: number | null;
  longErrorRatio: number | null;
  shortErrorRatio: number | null;
  longEvents: number;
  shortEvents: number;
  /** ln of the likelihood ratio of N× vs 1× over the errors since the start (null: not given or no events); the path fires at ≥ ln(1/sequentialAlpha). */
  sinceStartLogLikelihoodRatio: number | null;
  /** fired: ≥ N over both windows and past the noise guard; no_data: a window is empty or below minEvents. */
  verdict: "fired" | "not_firing" | "no_data";
  /** Why, in words: "6.3× ≥ 6× over both windows", "only 40 events over 1 min (needs 100)", … */
  reason: string;
}

const times = (x: number): string => `${String(Number(x.toPrecision(3)))}×`;

/** Rounding slack so that a burn of exactly N (0.006 / 0.001 = 5.999…) counts as N. */
const atLeast = (x: number, n: number): boolean => x >= n * (1 - 1e-9);

/**
 * Judges one rule on its two windows.
 * `sinceStart`: the version's errors and events since its start (the anytime-valid path; null: that path is off).
 * @example judgeBurnRule(0.999, 6, { errors: 8, total: 1200 }, { errors: 4, total: 600 }, DEFAULT_BURN_GUARD, { errors: 8, total: 1200 })
 * // verdict "fired": 6.67× over both windows, Λ = 6^8 · e^−6 ≈ 4,160 ≥ 1/0.01
 */
export function judgeBurnRule(
  objective: number,
  burnRate: number,
  long: BurnWindow | null,
  short: BurnWindow | null,
  guard: BurnGuard = DEFAULT_BURN_GUARD,
  sinceStart: BurnWindow | null = null,
): BurnRuleReading {
  const budget = 1 - objective;
  const ratio = (w: BurnWindow | null): number | null => (w && w.total > 0 ? w.errors / w.total : null);
  const longErrorRatio = ratio(long);
  const shortErrorRatio = ratio(short);
  const logRatio =
    sinceStart && sinceStart.total > 0 ? burnLogLikelihoodRatio(sinceStart.errors, sinceStart.total, budget, burnRate) : null;
  const base = {
    sinceStartLogLikelihoodRatio: logRatio,
    longErrorRatio,
    shortErrorRatio,
    longBurnRate: longErrorRatio === null ? null : longErrorRatio / budget,
    shortBurnRate: shortErrorRatio === null ? null : shortErrorRatio / budget,
    longEvents: long?.total ?? 0,
    shortEvents: short?.total ?? 0,
  };
  if (!(objective > 0 && objective < 1)) return { ...base, verdict: "no_data", reason: "the SLO's objective must lie in (0, 1)" };
  if (base.longBurnRate === null || base.shortBurnRate === null)
    return { ...base, verdict: "no_data", reason: "no events in one of its windows" };
  const fewest = Math.min(base.longEvents, base.shortEvents);
  if (fewest < guard.minEvents)
    return { ...base, verdict: "no_data", reason: `only ${fewest} events in a window (needs ${guard.minEvents})` };
  const both = `${times(base.shortBurnRate)} short, ${times(base.longBurnRate)} long`;
  if (!atLeast(base.shortBurnRate, burnRate) || !atLeast(base.longBurnRate, burnRate))
    return { ...base, verdict: "not_firing", reason: `${both}: below ${times(burnRate)} in a window` };
  if (logRatio !== null && logRatio >= Math.log(1 / guard.sequentialAlpha))
    return {
      ...base,
      verdict: "fired",
      reason: `${both}: at least ${times(burnRate)} over both windows; errors since the start ${sinceStart!.errors} of ${sinceStart!.total}, likelihood ratio ${times(burnRate)} vs 1× ${ratioText(logRatio)} ≥ 1/${guard.sequentialAlpha}`,
    };
  const windowsSignificant = [long!, short!].every((w) => excessPValue(w.errors, w.total, budget) < guard.alpha);
  if (windowsSignificant)
    return {
      ...base,
      verdict: "fired",
      reason: `${both}: at least ${times(burnRate)} over both windows, each window's errors significantly above 1× at α ${guard.alpha}`,
    };
  return {
    ...base,
    verdict: "not_firing",
    reason: `${both}: at least ${times(burnRate)}, but too few errors to tell from the budget rate (1×)${logRatio === null ? "" : ` (likelihood ratio since the start ${ratioText(logRatio)} < 1/${guard.sequentialAlpha})`} at α ${guard.alpha} per window`,
  };
}

/** A likelihood ratio from its log, in a few digits ("721", "4.16e+3", "e^912" past doubles). */
const ratioText = (log: number): string => {
  const x = Math.exp(log);
  if (!Number.isFinite(x) || x === 0) return `e^${log.toFixed(0)}`;
  return x >= 1000 || x < 0.01 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
};
