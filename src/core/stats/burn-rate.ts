/**
 * Error-budget burn rate with the multi-window, multi-burn-rate rule (Google
 * SRE Workbook ch. 5, "Alerting on SLOs", table 5-8): a rule fires when the
 * error ratio exceeds burnRate × (1 − SLO) over BOTH its long window (enough
 * budget really burnt) and its short window (still burning now, so the alert
 * resets quickly after a fix).
 */
import { betaCdf } from "./distributions.js";
import { insufficient, ok, type StatResult } from "./result.js";

export type Severity = "page" | "ticket";

export interface BurnRateRule {
  severity: Severity;
  longWindowHours: number;
  shortWindowHours: number;
  burnRate: number;
}

/** burn rate that consumes `budgetFraction` of the budget within `longWindowHours`. */
export function burnRateFor(budgetFraction: number, sloPeriodHours: number, longWindowHours: number): number {
  return (budgetFraction * sloPeriodHours) / longWindowHours;
}

/** Rule with the short window at 1/12 of the long one, as the workbook recommends. */
export function ruleFor(severity: Severity, budgetFraction: number, longWindowHours: number, sloPeriodHours = 720): BurnRateRule {
  return {
    severity,
    longWindowHours,
    shortWindowHours: longWindowHours / 12,
    burnRate: burnRateFor(budgetFraction, sloPeriodHours, longWindowHours),
  };
}

/** The workbook's table for a 30-day SLO: 2 % in 1 h (14.4×) and 5 % in 6 h (6×) page; 10 % in 3 d (1×) tickets. */
export function defaultBurnRateRules(sloPeriodHours = 720): BurnRateRule[] {
  return [ruleFor("page", 0.02, 1, sloPeriodHours), ruleFor("page", 0.05, 6, sloPeriodHours), ruleFor("ticket", 0.1, 72, sloPeriodHours)];
}

export interface WindowObservation {
  windowHours: number;
  errors: number;
  total: number;
}

export interface RuleEvaluation {
  rule: BurnRateRule;
  /** Error-ratio threshold burnRate × (1 − SLO). */
  threshold: number;
  longErrorRatio: number;
  shortErrorRatio: number;
  /** Observed burn rates (error ratio / (1 − SLO)). */
  longBurnRate: number;
  shortBurnRate: number;
  fired: boolean;
}

export interface BurnRateEvaluation {
  rules: RuleEvaluation[];
  /** Most severe firing rule, or "none". */
  severity: Severity | "none";
}

function findWindow(observed: readonly WindowObservation[], hours: number): WindowObservation | undefined {
  return observed.find((w) => Math.abs(w.windowHours - hours) < 1e-9 * Math.max(1, hours));
}

/**
 * Evaluates every rule. A window without data makes the whole evaluation
 * insufficient: missing telemetry must never read as "not burning".
 */
export function evaluateBurnRate(
  slo: number,
  observed: readonly WindowObservation[],
  rules: readonly BurnRateRule[] = defaultBurnRateRules(),
): StatResult<BurnRateEvaluation> {
  if (!(slo > 0 && slo < 1)) return insufficient("SLO must be in (0, 1)");
  const budget = 1 - slo;
  const evaluations: RuleEvaluation[] = [];
  for (const rule of rules) {
    const long = findWindow(observed, rule.longWindowHours);
    const short = findWindow(observed, rule.shortWindowHours);
    if (!long || !short || long.total <= 0 || short.total <= 0) {
      return insufficient(`no traffic observed for the ${rule.longWindowHours} h / ${rule.shortWindowHours} h windows`);
    }
    const threshold = rule.burnRate * budget;
    const longErrorRatio = long.errors / long.total;
    const shortErrorRatio = short.errors / short.total;
    evaluations.push({
      rule,
      threshold,
      longErrorRatio,
      shortErrorRatio,
      longBurnRate: longErrorRatio / budget,
      shortBurnRate: shortErrorRatio / budget,
      fired: longErrorRatio > threshold && shortErrorRatio > threshold,
    });
  }
  const fired = evaluations.filter((e) => e.fired);
  const severity = fired.some((e) => e.rule.severity === "page") ? "page" : fired.length > 0 ? "ticket" : "none";
  return ok({ rules: evaluations, severity });
}

/**
 * P(X ≥ errors) for X ~ Binomial(total, limit): how surprising the observed
 * errors would be if the error ratio sat exactly at the rule's limit. Uses the
 * identity P(X ≥ k) = I_limit(k, n − k + 1) (regularised incomplete beta).
 */
export function excessPValue(errors: number, total: number, limit: number): number {
  if (errors <= 0) return 1;
  if (errors > total) return 0;
  return betaCdf(limit, errors, total - errors + 1);
}

/**
 * A firing rule that is also significant: both windows' error counts are
 * unlikely (p < alpha) under an error ratio at the limit. Keeps a handful of
 * unlucky requests from rolling a healthy challenger back, while a real burn,
 * well above the limit, is significant within seconds.
 */
export function significantlyFired(e: RuleEvaluation, long: WindowObservation, short: WindowObservation, alpha = 0.05): boolean {
  return (
    e.fired && excessPValue(long.errors, long.total, e.threshold) < alpha && excessPValue(short.errors, short.total, e.threshold) < alpha
  );
}

/**
 * log of the anytime-valid likelihood ratio of a burn at `burnRate` × the budget against the budget
 * rate itself (1×), for `errors` bad events among `total` since a start fixed in advance:
 * Λ = N^X · exp(−(N − 1) · budget · n), Wald's (1945) ratio in its Poisson form. Under a true burn
 * of at most 1× (binomial or Poisson counts) E[N^X] ≤ exp((N − 1) · budget · n), so Λ is a nonnegative
 * supermartingale starting at 1 and, by Ville's (1939) inequality, P(Λ ever ≥ 1/α) ≤ α over every
 * look, however many. Needs N > 1 (a ratio of 1× against itself carries no evidence: 0).
 * @example burnLogLikelihoodRatio(8, 1200, 0.001, 6) // 8 ln 6 − 5 · 1.2 = 8.33 (Λ ≈ 4,160)
 */
export function burnLogLikelihoodRatio(errors: number, total: number, budget: number, burnRate: number): number {
  if (!(burnRate > 1) || total <= 0) return 0;
  return errors * Math.log(burnRate) - (burnRate - 1) * budget * total;
}
