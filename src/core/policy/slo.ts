/**
 * SLOs of a policy: multi-window, multi-burn-rate alerting with the policy's
 * durations ("1h", "5m") turned into hours, each rule judged by
 * {@link judgeBurnRule} (fires at ≥ N over both windows). The controller and the
 * dashboard both read burn rates from here. Missing data is reported as
 * no_data, never as "not burning".
 */
import type { Severity, WindowObservation } from "../stats/burn-rate.js";
import { DEFAULT_BURN_GUARD, judgeBurnRule, type BurnGuard, type BurnRuleReading, type BurnWindow } from "./burn-rule.js";
import { parseDuration } from "../time/duration.js";
import { formatHours } from "./format.js";

export interface SloRuleSpec {
  long: string;
  short: string;
  burnRate: number;
  severity: Severity;
}

export interface SloSpec {
  name: string;
  /** Proportion metric counting bad events. */
  metric: string;
  objective: number;
  periodDays?: number;
  rules: readonly SloRuleSpec[];
  /** Noise guard of every rule (default {@link DEFAULT_BURN_GUARD}). */
  minEvents?: number;
  alpha?: number;
  sequentialAlpha?: number;
}

export interface SloRuleResult extends SloRuleSpec {
  longHours: number;
  shortHours: number;
  longErrorRatio: number | null;
  shortErrorRatio: number | null;
  /** Observed burn rates: error ratio / (1 − objective); null when the window saw nothing. */
  longBurnRate: number | null;
  shortBurnRate: number | null;
  longEvents: number;
  shortEvents: number;
  /** Share of the period's error budget spent over the long window. */
  budgetConsumed: number | null;
  verdict: BurnRuleReading["verdict"];
  fired: boolean;
  reason: string;
}

/**
 * ok: every rule was judged, or one fires (a firing rule is never hidden by another's missing data);
 * no_data: no rule fires and at least one could not be judged (never "not burning").
 */
export interface SloEvaluation {
  name: string;
  metric: string;
  status: "ok" | "no_data";
  severity: Severity | "none";
  firing: SloRuleResult[];
  rules: SloRuleResult[];
  reason: string;
}

const HOUR = 3_600_000;

/** The windows an SLO's rules need observations for, in hours (distinct, ascending). */
export function sloWindows(slo: SloSpec): number[] {
  const hours = slo.rules.flatMap((r) => [parseDuration(r.long) / HOUR, parseDuration(r.short) / HOUR]);
  return [...new Set(hours)].sort((a, b) => a - b);
}

const times = (x: number | null): string => (x === null ? "–" : `${String(Number(x.toPrecision(3)))}×`);

function windowOf(observed: readonly WindowObservation[], hours: number): BurnWindow | null {
  const w = observed.find((x) => Math.abs(x.windowHours - hours) < 1e-9 * Math.max(1, hours));
  return w && w.total > 0 ? { errors: w.errors, total: w.total } : null;
}

function evaluateOne(slo: SloSpec, observed: readonly WindowObservation[] | undefined, sinceStart: BurnWindow | null): SloEvaluation {
  const none = (reason: string, rules: SloRuleResult[] = []): SloEvaluation => ({
    name: slo.name,
    metric: slo.metric,
    status: "no_data",
    severity: "none",
    firing: [],
    rules,
    reason,
  });
  if (!observed || observed.length === 0) return none(`no observations of ${slo.metric}`);
  if (slo.rules.length === 0) return none("the SLO has no burn-rate rules");
  const guard: BurnGuard = {
    minEvents: slo.minEvents ?? DEFAULT_BURN_GUARD.minEvents,
    alpha: slo.alpha ?? DEFAULT_BURN_GUARD.alpha,
    sequentialAlpha: slo.sequentialAlpha ?? DEFAULT_BURN_GUARD.sequentialAlpha,
  };
  const periodHours = (slo.periodDays ?? 30) * 24;
  const rules: SloRuleResult[] = [];
  for (const spec of slo.rules) {
    let longHours: number;
    let shortHours: number;
    try {
      longHours = parseDuration(spec.long) / HOUR;
      shortHours = parseDuration(spec.short) / HOUR;
    } catch (error) {
      return none((error as Error).message);
    }
    const judged = judgeBurnRule(
      slo.objective,
      spec.burnRate,
      windowOf(observed, longHours),
      windowOf(observed, shortHours),
      guard,
      sinceStart,
    );
    rules.push({
      ...spec,
      longHours,
      shortHours,
      longErrorRatio: judged.longErrorRatio,
      shortErrorRatio: judged.shortErrorRatio,
      longBurnRate: judged.longBurnRate,
      shortBurnRate: judged.shortBurnRate,
      longEvents: judged.longEvents,
      shortEvents: judged.shortEvents,
      budgetConsumed: judged.longBurnRate === null ? null : (judged.longBurnRate * longHours) / periodHours,
      verdict: judged.verdict,
      fired: judged.verdict === "fired",
      reason: judged.reason,
    });
  }
  const firing = rules.filter((r) => r.fired);
  const severity: Severity | "none" = firing.some((r) => r.severity === "page") ? "page" : firing.length > 0 ? "ticket" : "none";
  if (firing.length > 0) {
    return {
      name: slo.name,
      metric: slo.metric,
      status: "ok",
      severity,
      firing,
      rules,
      reason: firing.map((r) => `${r.severity}: ${describeRule(r)} (rule ${times(r.burnRate)})`).join("; "),
    };
  }
  const missing = rules.filter((r) => r.verdict === "no_data");
  if (missing.length > 0) return none(missing.map((r) => `${r.long}/${r.short}: ${r.reason}`).join("; "), rules);
  return {
    name: slo.name,
    metric: slo.metric,
    status: "ok",
    severity,
    firing,
    rules,
    reason: `no rule firing (closest: ${describeRule(highest(rules))})`,
  };
}

/** The rule closest to firing: a rule fires when both windows exceed its rate, so the smaller of the two counts. Non-empty input. */
function highest(rules: readonly SloRuleResult[]): SloRuleResult {
  const closeness = (r: SloRuleResult): number => Math.min(r.shortBurnRate ?? 0, r.longBurnRate ?? 0) / r.burnRate;
  return rules.reduce((a, b) => (closeness(b) > closeness(a) ? b : a));
}

function describeRule(r: SloRuleResult): string {
  return `burn rate ${times(r.shortBurnRate)} over ${formatHours(r.shortHours)}, ${times(r.longBurnRate)} over ${formatHours(r.longHours)}`;
}

/**
 * Evaluates every SLO against observations keyed by SLO name (each window's errors and total, windowHours as in sloWindows);
 * `sinceStartBySlo`: each SLO's errors and events since the judged version's start, for the anytime-valid guard (burn-rule.ts).
 * @example evaluateSlos([{ name: "availability", metric: "error_rate", objective: 0.999, rules }], { availability: [...] })
 */
export function evaluateSlos(
  slos: readonly SloSpec[],
  observationsBySlo: Readonly<Record<string, readonly WindowObservation[]>>,
  sinceStartBySlo: Readonly<Record<string, BurnWindow>> = {},
): SloEvaluation[] {
  const own = <T>(r: Readonly<Record<string, T>>, k: string): T | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);
  return slos.map((slo) => evaluateOne(slo, own(observationsBySlo, slo.name), own(sinceStartBySlo, slo.name) ?? null));
}

/**
 * "burn rate 48× over 5 min, 20× over 1 h" for the most severe firing rule (or the hottest rule when none fires).
 */
export function describeBurnRate(e: SloEvaluation): string {
  if (e.status === "no_data" && e.firing.length === 0) return `${e.name}: no data (${e.reason})`;
  if (e.rules.length === 0) return `${e.name}: no rules`;
  const pick = e.firing.find((r) => r.severity === "page") ?? e.firing[0] ?? highest(e.rules);
  return describeRule(pick);
}
