/**
 * Error-budget burn of one version against the policy's SLOs: the windows each
 * rule names, read from stored telemetry, judged by the core's
 * {@link evaluateSlos}. The controller decides from {@link sloEvaluations} and the
 * dashboard's rollout page draws the same evaluations: one computation.
 */
import type { PolicyDocument } from "../../contracts/policy.js";
import { evaluateSlos, type SloEvaluation } from "../../core/policy/slo.js";
import type { WindowObservation } from "../../core/stats/burn-rate.js";
import { ALL } from "../../core/telemetry/segments.js";
import { parseDuration } from "../../core/time/duration.js";
import type { TelemetryQuery } from "../telemetry/query.js";

export interface BurnObservation {
  severity: "page" | "ticket" | "none" | "no_data";
  summary: string;
}

const HOUR = 3_600_000;
const fmt = (ms: number) => (ms >= HOUR ? `${+(ms / HOUR).toFixed(2)} h` : `${+(ms / 60_000).toFixed(1)} min`);

/** Every SLO of the policy for one version, over windows ending at `now` (rounded out to whole 10-second buckets). */
export async function sloEvaluations(query: TelemetryQuery, program: string, version: number, policy: PolicyDocument, now: Date): Promise<SloEvaluation[]> {
  if (policy.slos.length === 0) return [];
  const reports = new Map<number, Awaited<ReturnType<TelemetryQuery["report"]>>>();
  const observations: Record<string, WindowObservation[]> = {};
  for (const slo of policy.slos) {
    const spans = [...new Set(slo.rules.flatMap((x) => [parseDuration(x.long), parseDuration(x.short)]))];
    const observed: WindowObservation[] = [];
    for (const ms of spans) {
      if (!reports.has(ms)) reports.set(ms, await query.report(program, new Date(now.getTime() - ms), now, ALL, [version], { overlap: true }));
      const reading = reports.get(ms)!.variants.find((v) => v.version === version)?.metrics[slo.metric];
      const stats = reading?.status === "ok" ? (reading.stats as { n?: number; successes?: number } | null) : null;
      if (stats && typeof stats.n === "number" && typeof stats.successes === "number") observed.push({ windowHours: ms / HOUR, errors: stats.successes, total: stats.n });
    }
    observations[slo.name] = observed;
  }
  return evaluateSlos(policy.slos, observations);
}

/** The most severe firing rule over every SLO, in one line; no_data when nothing fires and a rule could not be judged. */
export async function sloBurn(query: TelemetryQuery, program: string, version: number, policy: PolicyDocument, now: Date): Promise<BurnObservation> {
  if (policy.slos.length === 0) return { severity: "none", summary: "no SLOs defined" };
  let worst: BurnObservation = { severity: "none", summary: "within error budget" };
  for (const e of await sloEvaluations(query, program, version, policy, now)) {
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
