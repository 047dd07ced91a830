/**
 * When an SLO burn-rate rule fires, with the SRE Workbook's meaning ("Alerting
 * on SLOs", multiwindow, multi-burn-rate alerts): a rule `{long, short,
 * burnRate: N}` fires when the measured burn rate — error ratio ÷ (1 − SLO) —
 * is at least N over BOTH windows. A rule set at 6× fires on a true 6× burn.
 *
 * Guarded only against noise at tiny counts, never by demanding that the burn
 * exceed N significantly: each window must hold at least `minEvents` events,
 * and its errors must be significantly above the budget rate (1×), i.e.
 * P(X ≥ errors | X ~ Binomial(total, 1 − SLO)) < alpha. At 20 requests a second
 * against a 99.9 % SLO that keeps two unlucky errors in 200 requests (a
 * measured 10×) from rolling a healthy challenger back, and lets a real 6×
 * burn through as soon as its window has the events to show it.
 */
import { excessPValue } from "../stats/burn-rate.js";

export interface BurnGuard {
  /** Least events in each window before the rule may fire (default 100). */
  minEvents: number;
  /** Each window's errors must be significantly above the budget rate at this level (default 0.001: the controller looks every few seconds). */
  alpha: number;
}

export const DEFAULT_BURN_GUARD: BurnGuard = { minEvents: 100, alpha: 0.001 };

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
 * @example judgeBurnRule(0.999, 6, { errors: 8, total: 1200 }, { errors: 8, total: 1200 }) // verdict "fired" (6.67× over both)
 */
export function judgeBurnRule(
  objective: number,
  burnRate: number,
  long: BurnWindow | null,
  short: BurnWindow | null,
  guard: BurnGuard = DEFAULT_BURN_GUARD,
): BurnRuleReading {
  const budget = 1 - objective;
  const ratio = (w: BurnWindow | null): number | null => (w && w.total > 0 ? w.errors / w.total : null);
  const longErrorRatio = ratio(long);
  const shortErrorRatio = ratio(short);
  const base = {
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
  const noisy = [long!, short!].some((w) => !(excessPValue(w.errors, w.total, budget) < guard.alpha));
  if (noisy)
    return {
      ...base,
      verdict: "not_firing",
      reason: `${both}: at least ${times(burnRate)}, but too few errors to tell from the budget rate (1×) at α ${guard.alpha}`,
    };
  return { ...base, verdict: "fired", reason: `${both}: at least ${times(burnRate)} over both windows` };
}
