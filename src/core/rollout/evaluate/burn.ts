/**
 * Error-budget burn of each version against the policy's SLOs, from the windows
 * {@link readsFor} asked for, judged by {@link evaluateSlos} (minimum events,
 * the significance guard, both windows). The controller's burn severity and the
 * rollout page's burn rows are two views of these same evaluations.
 */
import type { RolloutPolicy } from "../../policy/document.js";
import { describeResult } from "../../policy/describe.js";
import { formatValue } from "../../policy/format.js";
import { evaluateSlos, type SloEvaluation } from "../../policy/slo.js";
import type { ConditionResult } from "../../policy/types.js";
import type { WindowObservation } from "../../stats/burn-rate.js";
import { ALL } from "../../telemetry/segments.js";
import { parseDuration } from "../../time/duration.js";
import type { BurnObservation } from "../observation.js";
import type { BurnWindow } from "../../policy/burn-rule.js";
import type { MetricReading } from "../../telemetry/metric-stats.js";
import { BURN_IN_AFTER, SEGMENT_KEY, SLO_KEY, type RolloutReadings, type WindowReadings } from "./reads.js";

export interface BurnRow {
  slo: string;
  objective: number;
  version: number;
  severity: "page" | "ticket";
  limit: number;
  long: string;
  short: string;
  /** null: no traffic in that window (never "not burning"). */
  longBurnRate: number | null;
  shortBurnRate: number | null;
  fired: boolean;
  /** The controller's verdict on the rule and why (the same evaluation). */
  verdict: "fired" | "not_firing" | "no_data";
  reason: string;
}

const HOUR = 3_600_000;
const fmt = (ms: number) => (ms >= HOUR ? `${+(ms / HOUR).toFixed(2)} h` : `${+(ms / 60_000).toFixed(1)} min`);

/** Errors (the proportion's successes: it counts bad events) and events of an SLO metric's reading. */
function countsOf(reading: MetricReading | undefined): BurnWindow | null {
  const stats = reading?.status === "ok" ? (reading.stats as { n?: number; successes?: number } | null) : null;
  return stats && typeof stats.n === "number" && typeof stats.successes === "number" ? { errors: stats.successes, total: stats.n } : null;
}

/**
 * Every SLO of the policy for one version, over the windows read for it; the anytime-valid guard reads the
 * version's counts since its start from the window the gates already read (since the rollout's start, or
 * since the promotion in burn-in).
 */
export function sloEvaluationsOf(policy: RolloutPolicy, version: number, readings: RolloutReadings): SloEvaluation[] {
  if (policy.slos.length === 0) return [];
  const observations: Record<string, WindowObservation[]> = {};
  const sinceStart: Record<string, BurnWindow> = {};
  const since = readings.windows[BURN_IN_AFTER]?.[version] ?? readings.windows[SEGMENT_KEY(ALL)]?.[version];
  for (const slo of policy.slos) {
    const spans = [...new Set(slo.rules.flatMap((x) => [parseDuration(x.long), parseDuration(x.short)]))];
    const observed: WindowObservation[] = [];
    for (const ms of spans) {
      const counts = countsOf(readings.windows[SLO_KEY(version, ms)]?.[version]?.metrics[slo.metric]);
      if (counts) observed.push({ windowHours: ms / HOUR, ...counts });
    }
    observations[slo.name] = observed;
    const total = countsOf(since?.metrics[slo.metric]);
    if (total) sinceStart[slo.name] = total;
  }
  return evaluateSlos(policy.slos, observations, sinceStart);
}

/** The most severe firing rule over every SLO, in one line; no_data when nothing fires and a rule could not be judged. */
export function worstBurn(policy: RolloutPolicy, evaluations: readonly SloEvaluation[]): BurnObservation {
  if (policy.slos.length === 0) return { severity: "none", summary: "no SLOs defined" };
  let worst: BurnObservation = { severity: "none", summary: "within error budget" };
  for (const e of evaluations) {
    if (e.firing.length === 0) {
      if (e.status === "no_data" && worst.severity === "none") worst = { severity: "no_data", summary: `${e.name}: ${e.reason}` };
      continue;
    }
    const top = e.firing.find((r) => r.severity === "page") ?? e.firing[0]!;
    const summary = `${e.name} burn rate ${(top.shortBurnRate ?? 0).toFixed(1)}× over ${fmt(top.shortHours * HOUR)} and ${(top.longBurnRate ?? 0).toFixed(1)}× over ${fmt(top.longHours * HOUR)} (limit ${top.burnRate}×, ${top.severity})`;
    if (top.severity === "page" || worst.severity !== "page") worst = { severity: top.severity, summary };
  }
  return worst;
}

/** One row per SLO × version × rule, in the policy's order. */
export function burnRowsOf(policy: RolloutPolicy, byVersion: ReadonlyMap<number, readonly SloEvaluation[]>): BurnRow[] {
  const rows: BurnRow[] = [];
  policy.slos.forEach((slo, i) => {
    for (const [version, evaluations] of byVersion) {
      const e = evaluations[i];
      slo.rules.forEach((rule, j) => {
        const judged = e?.rules[j];
        rows.push({
          slo: slo.name,
          objective: slo.objective,
          version,
          severity: rule.severity,
          limit: rule.burnRate,
          long: rule.long,
          short: rule.short,
          longBurnRate: judged?.longBurnRate ?? null,
          shortBurnRate: judged?.shortBurnRate ?? null,
          fired: judged?.fired ?? false,
          verdict: judged?.verdict ?? "no_data",
          reason: judged?.reason ?? e?.reason ?? "not evaluated",
        });
      });
    }
  });
  return rows;
}

/** A burn-rate breach told with the SLO metric's values, e.g. "error_rate 4.8 % vs 1.0 % (…), availability burn rate 48× …". */
export function withEvidence(
  burn: BurnObservation,
  policy: RolloutPolicy,
  results: readonly ConditionResult[],
  readings: WindowReadings,
  champion: number,
  version: number,
): BurnObservation {
  if (burn.severity !== "page" && burn.severity !== "ticket") return burn;
  const metrics = new Set(policy.slos.map((x) => x.metric));
  const evidence = results.find(
    (r) => r.metric !== undefined && metrics.has(r.metric) && (r.segment ?? ALL) === ALL && r.value !== undefined,
  );
  if (evidence) return { ...burn, summary: `${describeResult(evidence)}, ${burn.summary}` };
  for (const metric of metrics) {
    const mine = readings[version]?.metrics[metric];
    const theirs = readings[champion]?.metrics[metric];
    if (mine?.status === "ok" && theirs?.status === "ok" && mine.value !== null && theirs.value !== null) {
      const unit = policy.metrics[metric]?.unit;
      const show = (x: number) => formatValue(x, unit); // "4.22 %", "183 ms": as every other summary
      return { ...burn, summary: `${metric} ${show(mine.value)} vs ${show(theirs.value)} (n = ${mine.n} vs ${theirs.n}), ${burn.summary}` };
    }
  }
  return burn;
}
