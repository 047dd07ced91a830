/** Error-budget burn of one version against the policy's SLOs (multi-window, multi-burn-rate). */
import type { PolicyDocument } from "../../contracts/policy.js";
import { evaluateBurnRate, significantlyFired, type WindowObservation } from "../../core/stats/burn-rate.js";
import { ALL } from "../../core/telemetry/segments.js";
import { parseDuration } from "../../core/time/duration.js";
import type { TelemetryQuery } from "../telemetry/query.js";

export interface BurnObservation {
  severity: "page" | "ticket" | "none" | "no_data";
  summary: string;
}

const HOUR = 3_600_000;
const fmt = (ms: number) => (ms >= HOUR ? `${+(ms / HOUR).toFixed(2)} h` : `${+(ms / 60_000).toFixed(1)} min`);

export async function sloBurn(query: TelemetryQuery, program: string, version: number, policy: PolicyDocument, now: Date): Promise<BurnObservation> {
  if (policy.slos.length === 0) return { severity: "none", summary: "no SLOs defined" };
  const cache = new Map<number, WindowObservation | null>();
  const minEvents = Math.max(1, policy.gates.minSamples);
  const windowOf = async (ms: number, metric: string): Promise<WindowObservation | null> => {
    const key = ms;
    if (!cache.has(key)) {
      // Windows are rounded out to whole minute buckets (telemetry's finest resolution).
      const report = await query.report(program, new Date(now.getTime() - ms), now, ALL, [version], { overlap: true });
      const reading = report.variants[0]?.metrics[metric];
      const stats = reading?.status === "ok" ? (reading.stats as { n?: number; successes?: number } | null) : null;
      // Below the policy's minimum sample a window counts as no data: a handful of requests with
      // two errors must not roll a healthy challenger back (over-sensitive rules oscillate).
      const enough = stats && typeof stats.n === "number" && typeof stats.successes === "number" && stats.n >= minEvents;
      cache.set(key, enough ? { windowHours: ms / HOUR, errors: stats.successes!, total: stats.n! } : null);
    }
    return cache.get(key) ?? null;
  };
  let worst: BurnObservation = { severity: "none", summary: "within error budget" };
  for (const slo of policy.slos) {
    const rules = slo.rules.map((x) => ({ severity: x.severity, longWindowHours: parseDuration(x.long) / HOUR, shortWindowHours: parseDuration(x.short) / HOUR, burnRate: x.burnRate }));
    const observed: WindowObservation[] = [];
    for (const x of slo.rules) {
      for (const d of [parseDuration(x.long), parseDuration(x.short)]) {
        const w = await windowOf(d, slo.metric);
        if (w) observed.push(w);
      }
    }
    const evaluation = evaluateBurnRate(slo.objective, observed, rules);
    if (evaluation.status !== "ok") {
      if (worst.severity === "none") worst = { severity: "no_data", summary: `${slo.name}: ${evaluation.reason}` };
      continue;
    }
    // A rule counts only when its windows exceed the limit significantly, not by a few unlucky requests.
    const fired = evaluation.rules.filter((e) => {
      const long = observed.find((w) => Math.abs(w.windowHours - e.rule.longWindowHours) < 1e-9);
      const short = observed.find((w) => Math.abs(w.windowHours - e.rule.shortWindowHours) < 1e-9);
      return long !== undefined && short !== undefined && significantlyFired(e, long, short);
    });
    if (fired.length === 0) continue;
    const top = fired.find((e) => e.rule.severity === "page") ?? fired[0]!;
    const summary = `${slo.name} burn rate ${top.shortBurnRate.toFixed(1)}× over ${fmt(top.rule.shortWindowHours * HOUR)} and ${top.longBurnRate.toFixed(1)}× over ${fmt(top.rule.longWindowHours * HOUR)} (limit ${top.rule.burnRate}×, ${top.rule.severity})`;
    if (top.rule.severity === "page" || worst.severity !== "page") worst = { severity: top.rule.severity, summary };
  }
  return worst;
}
