/**
 * Numbers behind two of the rollout page's pictures that the controller only
 * reports as one line: the sample ratio (expected vs observed share per arm in
 * the current step) and the error-budget burn rates per SLO rule and version.
 */
import { splitSince } from "../../core/rollout/traffic.js";
import type { PolicyDocument } from "../../contracts/policy.js";
import { evaluateBurnRate, type WindowObservation } from "../../core/stats/burn-rate.js";
import { activeChallengers, type Rollout } from "../../core/rollout/types.js";
import { ALL } from "../../core/telemetry/segments.js";
import { parseDuration } from "../../core/time/duration.js";
import type { Store } from "../store/store.js";
import type { TelemetryQuery } from "../telemetry/query.js";

export interface SrmArm {
  version: number;
  alias: string;
  expectedShare: number;
  exposures: number;
}

/** Expected shares from the traffic plan in force, exposures since the current step started. */
export async function srmArms(store: Store, query: TelemetryQuery, r: Rollout, now: Date): Promise<SrmArm[]> {
  const traffic = await store.tx((repos) => repos.traffic.get(r.program));
  const arms = traffic?.arms ?? [];
  const served = activeChallengers(r).flatMap((c) => {
    const arm = arms.find((a) => a.alias === c.alias);
    return arm && arm.weight > 0 ? [{ version: c.version, alias: c.alias, expectedShare: arm.weight }] : [];
  });
  if (served.length === 0) return [];
  const rest = 1 - served.reduce((sum, a) => sum + a.expectedShare, 0);
  const all = [{ version: r.champion, alias: "champion", expectedShare: rest }, ...served];
  // The same window as the controller's check: since the shares last changed.
  const report = await query.report(r.program, new Date(splitSince(r)), now, ALL, all.map((a) => a.version));
  return all.map((a) => ({ ...a, exposures: report.variants.find((v) => v.version === a.version)?.exposures ?? 0 }));
}

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
}

const label = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);

/** Burn rate of each version over each SLO rule's two windows, ending now. */
export async function burnRows(query: TelemetryQuery, program: string, versions: number[], policy: PolicyDocument, now: Date): Promise<BurnRow[]> {
  const rows: BurnRow[] = [];
  const reports = new Map<number, Awaited<ReturnType<TelemetryQuery["report"]>>>();
  const windowOf = async (ms: number, metric: string, version: number): Promise<WindowObservation | null> => {
    if (!reports.has(ms)) reports.set(ms, await query.report(program, new Date(now.getTime() - ms), now, ALL, versions));
    const reading = reports.get(ms)!.variants.find((v) => v.version === version)?.metrics[metric];
    const stats = reading?.status === "ok" ? (reading.stats as { n?: number; successes?: number } | null) : null;
    return stats && typeof stats.n === "number" && typeof stats.successes === "number" && stats.n > 0 ? { windowHours: ms / 3_600_000, errors: stats.successes, total: stats.n } : null;
  };
  for (const slo of policy.slos) {
    for (const version of versions) {
      for (const rule of slo.rules) {
        const longMs = parseDuration(rule.long);
        const shortMs = parseDuration(rule.short);
        const long = await windowOf(longMs, slo.metric, version);
        const short = await windowOf(shortMs, slo.metric, version);
        const row: BurnRow = { slo: slo.name, objective: slo.objective, version, severity: rule.severity, limit: rule.burnRate, long: label(longMs), short: label(shortMs), longBurnRate: null, shortBurnRate: null, fired: false };
        if (long && short) {
          const e = evaluateBurnRate(slo.objective, [long, short], [{ severity: rule.severity, longWindowHours: longMs / 3_600_000, shortWindowHours: shortMs / 3_600_000, burnRate: rule.burnRate }]);
          if (e.status === "ok") Object.assign(row, { longBurnRate: e.rules[0]!.longBurnRate, shortBurnRate: e.rules[0]!.shortBurnRate, fired: e.rules[0]!.fired });
        }
        rows.push(row);
      }
    }
  }
  return rows;
}
