/**
 * SLOs of a policy: multi-window, multi-burn-rate alerting (src/core/stats/burn-rate.ts)
 * with the policy's durations ("1h", "5m") turned into hours. Missing data is
 * reported as no_data, never as "not burning".
 */
import { evaluateBurnRate, type BurnRateRule, type Severity, type WindowObservation } from "../stats/burn-rate.js";
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
}

export interface SloRuleResult extends SloRuleSpec {
  longHours: number;
  shortHours: number;
  longErrorRatio: number;
  shortErrorRatio: number;
  /** Observed burn rates: error ratio / (1 − objective). */
  longBurnRate: number;
  shortBurnRate: number;
  /** Share of the period's error budget spent over the long window. */
  budgetConsumed: number;
  fired: boolean;
}

export type SloEvaluation =
  | { name: string; metric: string; status: "ok"; severity: Severity | "none"; firing: SloRuleResult[]; rules: SloRuleResult[]; reason: string }
  | { name: string; metric: string; status: "no_data"; firing: []; rules: []; reason: string };

const HOUR = 3_600_000;

/** The windows an SLO's rules need observations for, in hours (distinct, ascending). */
export function sloWindows(slo: SloSpec): number[] {
  const hours = slo.rules.flatMap((r) => [parseDuration(r.long) / HOUR, parseDuration(r.short) / HOUR]);
  return [...new Set(hours)].sort((a, b) => a - b);
}

const times = (x: number): string => `${String(Number(x.toPrecision(3)))}×`;

function evaluateOne(slo: SloSpec, observed: readonly WindowObservation[] | undefined): SloEvaluation {
  const none = (reason: string): SloEvaluation => ({ name: slo.name, metric: slo.metric, status: "no_data", firing: [], rules: [], reason });
  if (!observed || observed.length === 0) return none(`no observations of ${slo.metric}`);
  let rules: BurnRateRule[];
  try {
    rules = slo.rules.map((r) => ({ severity: r.severity, burnRate: r.burnRate, longWindowHours: parseDuration(r.long) / HOUR, shortWindowHours: parseDuration(r.short) / HOUR }));
  } catch (error) {
    return none((error as Error).message);
  }
  const result = evaluateBurnRate(slo.objective, observed, rules);
  if (result.status !== "ok") return none(result.reason);
  const periodHours = (slo.periodDays ?? 30) * 24;
  const detailed: SloRuleResult[] = result.rules.map((e, i) => {
    const spec = slo.rules[i] ?? { long: "", short: "", burnRate: e.rule.burnRate, severity: e.rule.severity };
    return {
      ...spec,
      longHours: e.rule.longWindowHours,
      shortHours: e.rule.shortWindowHours,
      longErrorRatio: e.longErrorRatio,
      shortErrorRatio: e.shortErrorRatio,
      longBurnRate: e.longBurnRate,
      shortBurnRate: e.shortBurnRate,
      budgetConsumed: (e.longBurnRate * e.rule.longWindowHours) / periodHours,
      fired: e.fired,
    };
  });
  if (detailed.length === 0) return none("the SLO has no burn-rate rules");
  const firing = detailed.filter((r) => r.fired);
  const reason =
    firing.length > 0
      ? firing.map((r) => `${r.severity}: ${describeRule(r)} (rule ${times(r.burnRate)})`).join("; ")
      : `no rule firing (closest: ${describeRule(highest(detailed))})`;
  return { name: slo.name, metric: slo.metric, status: "ok", severity: result.severity, firing, rules: detailed, reason };
}

/** The rule closest to firing: a rule fires when both windows exceed its rate, so the smaller of the two counts. Non-empty input. */
function highest(rules: readonly SloRuleResult[]): SloRuleResult {
  const closeness = (r: SloRuleResult): number => Math.min(r.shortBurnRate, r.longBurnRate) / r.burnRate;
  return rules.reduce((a, b) => (closeness(b) > closeness(a) ? b : a));
}

function describeRule(r: SloRuleResult): string {
  return `burn rate ${times(r.shortBurnRate)} over ${formatHours(r.shortHours)}, ${times(r.longBurnRate)} over ${formatHours(r.longHours)}`;
}

/**
 * Evaluates every SLO against observations keyed by SLO name (each window's errors and total, windowHours as in sloWindows).
 * @example evaluateSlos([{ name: "availability", metric: "error_rate", objective: 0.999, rules }], { availability: [...] })
 */
export function evaluateSlos(slos: readonly SloSpec[], observationsBySlo: Readonly<Record<string, readonly WindowObservation[]>>): SloEvaluation[] {
  return slos.map((slo) => evaluateOne(slo, Object.hasOwn(observationsBySlo, slo.name) ? observationsBySlo[slo.name] : undefined));
}

/**
 * "burn rate 48× over 5 min, 20× over 1 h" for the most severe firing rule (or the hottest rule when none fires).
 */
export function describeBurnRate(e: SloEvaluation): string {
  if (e.status === "no_data") return `${e.name}: no data (${e.reason})`;
  if (e.rules.length === 0) return `${e.name}: no rules`;
  const pick = e.firing.find((r) => r.severity === "page") ?? e.firing[0] ?? highest(e.rules);
  return describeRule(pick);
}
